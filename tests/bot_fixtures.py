"""Fixtures for the Telegram front end's end-to-end tests.

`emulator` runs tests/botapi as a separate process on a free 127.0.0.1 port; the bot
reaches it only through `base_url`.  `BotApi` is the tests' side of it: act as a user
or channel, and wait for what the bot sent.  `running_bot` starts a real
`Application` (polling or webhook) in the test's event loop.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import itertools
import os
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from bot.telegram import build_application, start_application, stop_application
from config import Settings
from retrieval.newsbot import Newsbot

ROOT = Path(__file__).resolve().parent.parent
ADMIN_ID = 4242
USER_ID = 777
_tokens = itertools.count(100001)

ARTICLE = (
    " date 2025-03-14 Lisbon, Portugal — Portugal's transport minister Miguel Pinto Luz said on Friday that "
    "the new Lisbon airport at Alcochete will open in 2034, four years earlier than planned.\n\n"
    '"We will not wait another decade for an airport the country needs today," Pinto Luz told reporters '
    "at the ministry. He said the first runway would be built by the state-owned company ANA.\n\n"
    "Opposition leader Pedro Nuno Santos said the plan was unrealistic and called the timetable "
    '"a campaign promise, not an engineering schedule."\n'
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_token() -> str:
    return f"{next(_tokens)}:TEST-token_{os.getpid()}"


@pytest.fixture(scope="module")
def emulator() -> Iterator[str]:
    """The Bot API emulator as a subprocess; yields its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.botapi", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("LISTENING"), f"emulator did not start: {line!r}"
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Newsbot:
    """The real Newsbot, with one small article already read."""
    newsbot = Newsbot(Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("newsbot"), allow_private_urls=True))
    report = newsbot.ingest_text(ARTICLE, title="Lisbon airport to open in 2034", url="https://news.example/lisbon-airport")
    assert report.ok and report.new, report.summary()
    return newsbot


def bot_settings(emulator: str, data_dir: Path, **overrides) -> Settings:
    values = dict(
        data_dir=data_dir,
        telegram_bot_token=new_token(),
        telegram_base_url=emulator + "/bot",
        telegram_base_file_url=emulator + "/file/bot",
        admin_ids=[ADMIN_ID],
        feed_poll_minutes=60.0,
        fetch_timeout_s=5.0,
        allow_private_urls=True,  # the test sites listen on 127.0.0.1
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)  # a developer's .env must not leak into tests


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, engine: Newsbot) -> AsyncIterator:
    """A real Application talking to the emulator, started in this event loop."""
    application = build_application(settings, engine)
    await start_application(application, settings)
    try:
        yield application
    finally:
        await stop_application(application)


@pytest_asyncio.fixture
async def api(emulator):
    client = BotApi(emulator)
    yield client
    await client.close()


@pytest_asyncio.fixture
async def bot(emulator, engine, tmp_path):
    """A running bot (long polling) with default test settings; its data_dir is per test."""
    async with running_bot(bot_settings(emulator, tmp_path), engine) as application:
        yield application


class BotApi:
    """The test side of the emulator: act as users and channels, read what the bot sent."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.AsyncClient(base_url=url, timeout=60)

    async def close(self) -> None:
        await self.http.aclose()

    async def chat(self, chat_id: int, type: str, **fields) -> dict:
        return (await self.http.post("/_test/chat", json={"id": chat_id, "type": type, **fields})).json()

    async def send(self, chat_id: int, text: str | None = None, user_id: int | None = USER_ID, **fields) -> dict:
        body = {"chat_id": chat_id, "text": text, **fields}
        if user_id is not None:
            body["from"] = {"id": user_id, "first_name": f"user{user_id}", "username": f"user{user_id}"}
        response = await self.http.post("/_test/send", json=body)
        response.raise_for_status()
        return response.json()

    async def sent(self, chat_id: int, after: int = 0, min_count: int = 1, contains: str = "", reply_to: int = 0,
                   timeout: float = 20) -> list[dict]:
        """The bot's messages in a chat after `after`, once there are `min_count` (and `contains`/`reply_to` hold)."""
        params = {"chat_id": chat_id, "after": after, "min_count": min_count, "contains": contains,
                  "reply_to": reply_to, "timeout": timeout}
        return (await self.http.get("/_test/sent", params=params)).json()["messages"]

    async def reply_to(self, chat_id: int, message_id: int, contains: str = "", timeout: float = 20) -> dict:
        """Wait for the bot's reply to one message (and, optionally, for text in it or a follow-up)."""
        messages = await self.sent(chat_id, after=message_id, contains=contains, reply_to=message_id, timeout=timeout)
        replies = [m for m in messages if m["reply_to_message_id"] == message_id]
        assert replies, f"no reply to {message_id} in {chat_id}: {messages}"
        if contains:
            assert any(contains in m["text"] for m in messages), messages
            return next((m for m in replies if contains in m["text"]), replies[0])
        return replies[0]

    async def next_message(self, chat_id: int, after: int, contains: str = "", timeout: float = 20) -> dict:
        """The bot's first message after `after` (for replies that do not quote, like /start)."""
        messages = await self.sent(chat_id, after=after, contains=contains, timeout=timeout)
        assert messages, f"nothing sent in {chat_id} after {after}"
        return next((m for m in messages if contains in m["text"]), messages[0])

    async def calls(self, method: str = "", since: float = 0) -> list[dict]:
        return (await self.http.get("/_test/calls", params={"method": method, "since": since})).json()

    async def fault(self, method: str, error_code: int, description: str, **fields) -> None:
        body = {"method": method, "error_code": error_code, "description": description, **fields}
        (await self.http.post("/_test/fault", json=body)).raise_for_status()

    async def commands(self) -> dict:
        return (await self.http.get("/_test/commands")).json()


@contextlib.contextmanager
def serve_directory(path: Path) -> Iterator[str]:
    """A real HTTP server for `path` on 127.0.0.1, in a thread; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".xml": "application/rss+xml", ".html": "text/html"}

    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass
