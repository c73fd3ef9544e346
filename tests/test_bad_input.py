"""Bad input, as a careless user or an attacker sends it, through the CLI and through Telegram:
each gets a clear reply, nothing crashes, and nothing stored is lost."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import pytest_asyncio

from bot.telegram.admin import REFUSAL
from config import Settings
from conftest import run_cli
from retrieval import Newsbot
from tests.bot_fixtures import (  # noqa: F401 - fixtures
    ADMIN_ID,
    ARTICLE,
    USER_ID,
    api,
    bot_settings,
    emulator,
    running_bot,
)
from tests.site import Page, serve

LONG_QUESTION = "What did the minister say about the airport " + "and the runway " * 330 + "?"
FOREIGN = "Was hat der Minister über den neuen Flughafen gesagt?"
BINARY = bytes(range(256)) * 4


def listing(data_dir: Path) -> str:
    return run_cli("sources", "--json", data_dir=data_dir).stdout


@pytest.fixture(scope="module")
def stocked(tmp_path_factory) -> Path:
    """A store holding one article, built once: each CLI test checks it is unchanged."""
    data_dir = tmp_path_factory.mktemp("stocked")
    Newsbot(Settings(_env_file=None, data_dir=data_dir)).ingest_text(ARTICLE, title="Lisbon airport to open in 2034")
    return data_dir


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("http://exa mple.org/story", "not a valid http:// or https:// URL"),
        ("empty.txt", "empty file"),
        ("binary.txt", "not a text file"),
        ("huge.txt", "too large (50,000,000 bytes"),
    ],
)
def test_cli_ingest_refuses_bad_sources_clearly_and_keeps_the_store(stocked, tmp_path, target, expected):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(BINARY)
    with open(tmp_path / "huge.txt", "wb") as huge:
        huge.truncate(50_000_000)  # sparse: the size is checked before anything is read
    before = listing(stocked)

    result = run_cli("ingest", target if "://" in target else str(tmp_path / target), data_dir=stocked)

    assert result.returncode == 1 and expected in result.stderr
    assert "Traceback" not in result.stderr
    assert listing(stocked) == before


def test_cli_refuses_a_private_address_without_the_flag(stocked):
    with serve() as site:
        site.routes["/story.html"] = Page(b"<p>internal</p>")
        before = listing(stocked)

        result = run_cli("ingest", site.url("/story.html"), data_dir=stocked, NEWSBOT_ALLOW_PRIVATE_URLS="false")

    assert result.returncode == 1 and "refused: 127.0.0.1 is a loopback address" in result.stderr
    assert site.requests == [] and listing(stocked) == before


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (LONG_QUESTION, "characters long; please ask in under 1,000"),
        (FOREIGN, "only read questions in English for now, and this looks like German"),
        ("🙂🙂🙂", "Ask me in words"),
        ("?!", "Ask me in words"),
    ],
)
def test_cli_questions_that_cannot_be_answered_say_why(stocked, question, expected):
    result = run_cli("ask", "--json", question, data_dir=stocked)

    assert result.returncode == 0
    assert expected in json.loads(result.stdout)["answer"]


# -- the same through Telegram ---------------------------------------------------------------------

@pytest_asyncio.fixture
async def strict_bot(emulator, tmp_path):
    """A bot whose engine refuses private addresses, as in production."""
    settings = bot_settings(emulator, tmp_path / "bot", allow_private_urls=False)
    engine = Newsbot(settings)
    engine.ingest_text(ARTICLE, title="Lisbon airport to open in 2034", url="https://news.example/lisbon-airport")
    async with running_bot(settings, engine) as application:
        yield application, engine


async def said(api, chat: int, text: str | None = None, user: int = ADMIN_ID, contains: str = "", **fields) -> str:
    sent = await api.send(chat, text, user_id=user, **fields)
    return (await api.reply_to(chat, sent["message"]["message_id"], contains=contains))["text"]


async def test_bad_input_through_telegram_gets_clear_replies_and_loses_nothing(api, strict_bot):
    _, engine = strict_bot
    before = engine.sources()
    with serve() as site:
        site.routes["/story.html"] = Page(b"<p>internal</p>")
        site.routes["/feed.xml"] = Page(b"<rss><channel><title>Internal</title></channel></rss>", "application/rss+xml")

        assert "not a valid http:// or https:// URL" in await said(api, ADMIN_ID, "/add htp:/broken", contains="Nothing added")
        assert "refused: 127.0.0.1 is a loopback address" in await said(api, ADMIN_ID, f"/add {site.url('/story.html')}", contains="failed")
        assert "refused: 127.0.0.1" in await said(api, ADMIN_ID, f"/addfeed {site.url('/feed.xml')}", contains="Not added")
        assert site.requests == []

    big = {"file_name": "huge.txt", "content": "x", "file_size": 50_000_000}
    assert "too large" in await said(api, ADMIN_ID, document=big)
    assert "empty file" in await said(api, ADMIN_ID, document={"file_name": "empty.txt", "content": ""}, contains="failed")
    binary = {"file_name": "photo.txt", "content_b64": base64.b64encode(BINARY).decode()}
    assert "not a text file" in await said(api, ADMIN_ID, document=binary, contains="failed")
    assert await said(api, USER_ID, "/add https://news.example/story", user=USER_ID) == REFUSAL

    assert "please ask in under 1,000" in await said(api, USER_ID, LONG_QUESTION, user=USER_ID)
    assert "looks like German" in await said(api, USER_ID, FOREIGN, user=USER_ID)
    assert "Ask me in words" in await said(api, USER_ID, "🙂🙂", user=USER_ID)
    assert "I don't know that command" in await said(api, USER_ID, "/frobnicate", user=USER_ID)
    assert "I read text questions" in await said(api, USER_ID, None, user=USER_ID)  # a sticker, a photo …

    question = await api.send(USER_ID, "🛫❓", user_id=USER_ID)
    assert "Ask me in words" in (await api.reply_to(USER_ID, question["message"]["message_id"]))["text"]
    await api.http.post("/_test/edit", json={"chat_id": USER_ID, "message_id": question["message"]["message_id"],
                                            "text": "When will the new Lisbon airport open?"})
    replies = await api.sent(USER_ID, after=question["message"]["message_id"], min_count=2, contains="2034")
    assert [m["reply_to_message_id"] for m in replies] == [question["message"]["message_id"]] * 2
    assert "2034" in replies[1]["text"]

    assert engine.sources() == before


async def test_broken_feeds_are_named_as_such_in_telegram(api, emulator, tmp_path):
    settings = bot_settings(emulator, tmp_path / "bot")  # private addresses allowed: the site is local
    engine = Newsbot(settings)
    with serve() as site:
        site.routes["/page.xml"] = Page(b"<html><body><p>Not a feed at all.</p></body></html>")
        site.routes["/broken.xml"] = Page(b"<?xml version='1.0'?><rss><channel><item>Half a", "application/rss+xml")
        async with running_bot(settings, engine):
            page = await said(api, ADMIN_ID, f"/addfeed {site.url('/page.xml')}", contains="Not added")
            broken = await said(api, ADMIN_ID, f"/addfeed {site.url('/broken.xml')}", contains="Not added")
            listed = await said(api, ADMIN_ID, "/feeds", contains="feeds")
    assert "is a web page, not an RSS or Atom feed" in page
    assert "is not an RSS or Atom feed" in broken
    assert "No feeds yet" in listed and engine.sources() == []
