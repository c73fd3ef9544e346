"""A body speaks through its people: "What did the Harbour Board say?" is answered with the words of
the board's spokeswoman, its officials or its chief, each shown as theirs ("Ada Brill, Harbour Board
spokeswoman, said…"), and never with the words of someone who only works there or talks about it. A
person's spokesman is not that person: "What did Ivo Vane say?" gets only Vane's own words. A body is
what the question writes with "the" ("the Admiralty"), the articles have speak as "The …", or a name asked
that no stored speaker has and that opens with no first name ("Acme Rail")."""

from __future__ import annotations

import pytest

from conftest import store_of

from retrieval import Newsbot

BOARD = (
    " date 2026-03-10 Harwick, England — The Harbour Board is raising ferry fees in May.\n\n"
    "Harbour Board spokeswoman Ada Brill said the ferry fees would rise by a tenth because fuel costs had "
    "doubled since the winter.\n\n"
    "Local shop owner Tom Vell said the fees would drive day visitors away from the island.\n\n"
    "Harbour Board member Lisa Korr said the new pier lights were too bright.\n\n"
    "A spokesman for the Harbour Board said the night crossings would stop in October.\n"
)

RAIL = (
    " date 2026-03-12 Dunmore, Scotland — Night trains on the coast line will be cut from June.\n\n"
    "\"We cannot run empty sleeper carriages through the night,\" a Rail Authority spokesman, Piet Olde, told "
    "reporters at the depot.\n\n"
    "Union leader Rosa Kain said the cuts would cost forty jobs at the Rail Authority.\n\n"
    "Ivo Vane spokesman Tom Dunn said the merger with the Rail Authority was dead.\n\n"
    "Ivo Vane said the coast line needed more buses.\n"
)


@pytest.fixture(scope="module")
def bodies(tmp_path_factory) -> Newsbot:
    newsbot = store_of(tmp_path_factory.mktemp("bodies"), BOARD, "Ferry fees to rise")
    assert newsbot.ingest_text(RAIL, title="Night trains cut").new
    return newsbot


@pytest.mark.parametrize("question,words,speaker", [
    ("What did the Harbour Board say about fuel costs?", "fuel costs had doubled", "Ada Brill"),
    ("What did the Harbour Board say about the night crossings?", "would stop in October", "spokesman"),
    ("What did the Rail Authority say about the sleeper carriages?", "empty sleeper carriages", "Piet Olde"),
    ("what did the harbour board say about fuel costs", "fuel costs had doubled", "Ada Brill"),
])
def test_a_body_s_words_are_those_of_who_speaks_for_it_shown_as_theirs(bodies, question, words, speaker):
    answer = bodies.ask(question).answer.split("[1]")[0]

    assert words in answer and speaker in answer, answer


@pytest.mark.parametrize("question", [
    "What did the Harbour Board say about day visitors?",  # a shop owner's words about the board's fees
    "What did the Harbour Board say about the pier lights?",  # a member speaks for herself
    "What did the Rail Authority say about the forty jobs?",  # a union leader's words about it
])
def test_someone_who_only_works_at_or_talks_about_a_body_does_not_speak_for_it(bodies, question):
    answer = bodies.ask(question)

    assert answer.answer.startswith("I have nothing from") and not answer.citations, answer.answer


def test_a_person_s_spokesman_is_not_that_person(bodies):
    answer = bodies.ask("What did Ivo Vane say about the merger?")

    assert answer.answer.startswith("I have nothing from Ivo Vane about") and not answer.citations, answer.answer
    assert "more buses" in bodies.ask("What did Ivo Vane say about the coast line?").answer


VOICES = (
    " date 2026-03-11 Harwick, England — Former Harbour Board chairman Jon Pell said the fees had always been too low.\n\n"
    "Harbour Board union leader Rosa Kain said the pension fund was short of money.\n\n"
    "Tom Vell, head of the Harbour Board workers' union, said night shifts would be refused.\n\n"
    "North Harbour Board spokesman Al Finn said the ferry timetable would not change.\n\n"
    "Harbour Board office cleaner Nina Lusk said the canteen would close.\n"
)


@pytest.mark.parametrize("topic", ["the fees", "the pension fund", "night shifts", "the ferry timetable", "the canteen"])
def test_a_former_officer_a_union_of_the_body_or_another_body_with_a_longer_name_does_not_speak_for_it(tmp_path, topic):
    answer = store_of(tmp_path / "voices", VOICES, "Harbour voices").ask(f"What did the Harbour Board say about {topic}?")

    assert answer.answer.startswith("I have nothing from") and not answer.citations, answer.answer


def test_a_company_asked_without_the_speaks_through_its_spokesman_but_a_person_does_not(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-03-12 Dunmore – Acme Rail spokesman Jo Pike said fares would rise in June.\n\n"
        "Tom Vane spokesman Ed Lusk said the merger talks had ended.\n"), "Fares to rise")

    assert "fares would rise" in newsbot.ask("What did Acme Rail say about fares?").answer
    answer = newsbot.ask("What did Tom Vane say about the merger talks?")
    assert answer.answer.startswith("I have nothing from Tom Vane") and not answer.citations, answer.answer


def test_a_function_word_after_the_is_no_body_and_no_answer_reads_about_nothing(bodies):
    answer = bodies.ask("What did the The say?")

    assert not answer.citations and "about ." not in answer.answer, answer.answer
