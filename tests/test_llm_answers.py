"""LLM answers held to verified citations, with LangChain's fake chat models over a real store.

The fakes stand in for the provider only: the prompt, streaming, the citation check and
the fallback to the extractive answer are the real code. The seeded store's best source
for the question below is the seed article's passage where Kremlin spokesman Dmitry
Peskov says Russian officials will attend talks in Istanbul; the prompt numbers it [1].
"""

from __future__ import annotations

import logging
import shutil

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel

from config import Settings
from retrieval import Newsbot

QUESTION = "What did Peskov say about Istanbul?"
GOOD = (
    "Kremlin spokesman Dmitry Peskov said that Russian Foreign Ministry officials will take part in talks "
    "with the U.S. in Istanbul [1]. The talks were planned for Thursday [1]."
)


@pytest.fixture
def llm_bot(seeded_dir, tmp_path):
    """A Newsbot over a copy of the seeded store whose chat model the test chooses."""
    copy = tmp_path / "seeded"
    shutil.copytree(seeded_dir, copy)

    def make(model, **settings) -> Newsbot:
        return Newsbot(Settings(_env_file=None, data_dir=copy, **settings), chat_model=model)

    return make


def fake(*answers: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter(answers))


def extractive(llm_bot) -> str:
    return llm_bot(None).ask(QUESTION).answer


def test_a_checked_answer_is_the_models_with_its_own_citations(llm_bot):
    answer = llm_bot(fake(GOOD)).ask(QUESTION)

    assert answer.composer == "llm" and answer.dropped == []
    assert answer.answer == GOOD
    [citation] = answer.citations
    assert citation.source_id == "seed" and "Istanbul" in citation.quote  # the passage's own sentence
    assert [s.speaker for s in answer.statements] == ["Dmitry Peskov"]


class Recorder(BaseCallbackHandler):
    """Keeps the messages each chat model call was given."""

    def __init__(self) -> None:
        self.prompts: list[list] = []

    def on_chat_model_start(self, serialized, messages, **kwargs) -> None:
        self.prompts.extend(messages)


def test_the_model_sees_the_question_and_numbered_statements_and_passages(llm_bot):
    recorder = Recorder()
    llm_bot(GenericFakeChatModel(messages=iter([GOOD]), callbacks=[recorder])).ask(QUESTION)

    [(system, human)] = recorder.prompts
    assert "[1]" in system.content and "language of the question" in system.content
    assert "quotation marks only words copied exactly" in system.content
    assert human.content.startswith(f"Question: {QUESTION}")
    assert "\n[1] " in human.content and "\n[2] " in human.content
    assert "Meanwhile, Kremlin spokesman Dmitry Peskov said that Russian Foreign Ministry" in human.content
    assert ("speaker: Dmitry Peskov, Kremlin spokesman; reported speech; date: reported 2025-04-08; "
            "place: dateline Kyiv") in human.content


def test_an_invented_quote_is_dropped_and_the_rest_is_sent(llm_bot):
    invented = 'Peskov said: "Istanbul is the only place we will ever negotiate." [1]'
    answer = llm_bot(fake(f"{GOOD} {invented}")).ask(QUESTION)

    assert answer.composer == "llm"
    assert "only place we will ever negotiate" not in answer.answer
    assert [d.sentence for d in answer.dropped] == [invented]
    assert "not verbatim" in answer.dropped[0].reason


def test_a_citation_of_a_source_that_does_not_exist_falls_back_to_the_extractive_answer(llm_bot):
    answer = llm_bot(fake("Peskov said Russian officials will take part in talks in Istanbul [9].")).ask(QUESTION)

    assert answer.composer == "extractive" and answer.answer == extractive(llm_bot)
    assert "[9]" in answer.dropped[0].reason and "not one of" in answer.dropped[0].reason


def test_an_answer_without_citations_falls_back_to_the_extractive_answer(llm_bot):
    answer = llm_bot(fake("Peskov said Russian officials will take part in talks in Istanbul.")).ask(QUESTION)

    assert answer.composer == "extractive" and answer.answer == extractive(llm_bot)
    assert answer.dropped[0].reason == "cites no source"


def test_a_person_the_sources_do_not_name_is_caught(llm_bot):
    lavrov = "Sergei Lavrov said Russian Foreign Ministry officials will take part in talks in Istanbul [1]."
    answer = llm_bot(fake(lavrov)).ask(QUESTION)

    assert answer.composer == "extractive" and "Lavrov" not in answer.answer
    assert answer.dropped[0].reason.startswith("names Sergei")


def test_words_put_in_the_wrong_mouth_are_caught(llm_bot):
    wrong = "Zelenskyy said that Russian Foreign Ministry officials will take part in talks with the U.S. in Istanbul [1]."
    answer = llm_bot(fake(wrong)).ask(QUESTION)

    assert answer.composer == "extractive"
    assert "Dmitry Peskov" in answer.dropped[0].reason


def test_a_model_that_times_out_gives_the_extractive_answer_and_a_warning(llm_bot, caplog):
    slow = FakeListChatModel(responses=["Peskov spoke [1]."], sleep=0.5)  # half a second per character
    with caplog.at_level(logging.WARNING, logger="retrieval.llm.composer"):
        answer = llm_bot(slow, llm_timeout_s=0.3).ask(QUESTION)

    assert answer.composer == "extractive" and answer.answer == extractive(llm_bot)
    assert any("TimeoutError" in r.getMessage() for r in caplog.records)


def test_a_provider_error_gives_the_extractive_answer_and_a_warning(llm_bot, caplog):
    broken = FakeListChatModel(responses=[GOOD], error_on_chunk_number=5)
    with caplog.at_level(logging.WARNING, logger="retrieval.llm.composer"):
        answer = llm_bot(broken).ask(QUESTION)

    assert answer.composer == "extractive"
    assert any("FakeListChatModelError" in r.getMessage() for r in caplog.records)


def test_drafts_show_only_checked_sentences_and_end_with_the_checked_answer(llm_bot):
    invented = 'Peskov said: "We refuse to go to Istanbul." [1]'
    items = list(llm_bot(fake(f"{invented} {GOOD}")).ask_stream(QUESTION))

    *drafts, final = items
    assert drafts and all(isinstance(d, str) for d in drafts)
    assert all("refuse" not in d and final.answer.startswith(d) for d in drafts)
    assert final.composer == "llm" and final.answer == GOOD


def test_an_answer_in_the_language_of_the_question_passes_when_names_keep_their_spelling(llm_bot):
    russian = "Dmitry Peskov заявил, что Russian Foreign Ministry примет участие в переговорах с U.S. в Istanbul [1]."
    answer = llm_bot(fake(russian)).ask("Что сказал Peskov о Istanbul?")

    assert answer.composer == "llm" and answer.answer == russian


def test_nothing_found_is_not_sent_to_the_model(llm_bot):
    unused = fake()  # an empty script: calling it would raise
    answer = llm_bot(unused).ask("What is the recipe for a good sourdough bread?")

    assert answer.citations == [] and answer.composer == "extractive" and answer.dropped == []
