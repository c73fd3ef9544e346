"""An LLM answer in Telegram: one message, edited as checked sentences arrive, at most about once a
second, ending as the checked answer. Real parts throughout: the Bot API emulator, python-telegram-bot,
langchain-openai, and an OpenAI-compatible server on 127.0.0.1 streaming word by word."""

from __future__ import annotations

import time

import pytest

from config import Settings
from retrieval.newsbot import Newsbot
from tests.bot_fixtures import (  # noqa: F401 - fixtures
    ARTICLE,
    USER_ID,
    api,
    bot_settings,
    emulator,
    running_bot,
)
from tests.botapi.html_entities import parse_html
from tests.openai_server import Script, openai_server

QUESTION = "When will the new Lisbon airport open?"
SENTENCES = [
    "Portugal's transport minister Miguel Pinto Luz said the new Lisbon airport at Alcochete will open in 2034 [1].",
    "That is four years earlier than planned [1].",
    'Pedro Nuno Santos said: "This airport will never fly." [1]',  # invented: must never be shown
    '"We will not wait another decade for an airport the country needs today," Pinto Luz told reporters [1].',
    "He said the first runway would be built by the state-owned company ANA [1].",
]
CHECKED = " ".join(s for s in SENTENCES if "never fly" not in s)


@pytest.fixture
def lisbon_engine(tmp_path):
    def make(base_url: str) -> Newsbot:
        settings = Settings(_env_file=None, data_dir=tmp_path / "store", llm="openai:newsbot-test", llm_base_url=base_url)
        newsbot = Newsbot(settings)
        newsbot.ingest_text(ARTICLE, title="Lisbon airport to open in 2034", url="https://news.example/lisbon-airport")
        return newsbot

    return make


async def test_an_llm_answer_streams_by_throttled_edits_and_ends_checked(api, emulator, lisbon_engine, tmp_path):
    chat = USER_ID + 40
    with openai_server(Script([" ".join(SENTENCES)], pause_s=0.12)) as url:
        engine = lisbon_engine(url)
        async with running_bot(bot_settings(emulator, tmp_path), engine):
            started = time.time()
            sent = await api.send(chat, QUESTION, user_id=chat)
            reply = await api.reply_to(chat, sent["message"]["message_id"], contains="Sources", timeout=60)

    assert parse_html(reply["raw"])[0] == reply["text"]
    assert reply["text"].startswith(CHECKED) and "Sources" in reply["text"] and "lisbon-airport" in str(reply["entities"])
    calls = [c for c in await api.calls(since=started) if int(c["params"].get("chat_id", 0)) == chat]
    shown = [c for c in calls if c["method"] in ("sendMessage", "editMessageText")]
    assert [c["method"] for c in shown][:1] == ["sendMessage"] and len(shown) >= 3  # drafts, then the final text
    assert all("never fly" not in c["params"]["text"] for c in shown)
    edits = [c["time"] for c in shown]
    assert all(later - earlier >= 0.95 for earlier, later in zip(edits, edits[1:]))  # about one edit a second at most
    assert reply["edits"] == len(shown) - 1  # one message, edited: no new message per draft


async def test_without_an_llm_the_answer_is_sent_once_unedited(api, emulator, tmp_path):
    engine = Newsbot(Settings(_env_file=None, data_dir=tmp_path / "plain"))
    engine.ingest_text(ARTICLE, title="Lisbon airport to open in 2034", url="https://news.example/lisbon-airport")
    chat = USER_ID + 41
    async with running_bot(bot_settings(emulator, tmp_path), engine):
        sent = await api.send(chat, QUESTION, user_id=chat)
        reply = await api.reply_to(chat, sent["message"]["message_id"])

    assert "2034" in reply["text"] and reply["edits"] == 0
