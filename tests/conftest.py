"""Shared fixtures: a fresh store per test, the bundled articles, a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from config import Settings
from retrieval import Newsbot

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def settings(data_dir) -> Settings:
    # _env_file=None: a developer's own .env must not leak into tests. The test servers
    # listen on 127.0.0.1, which is refused unless private addresses are allowed.
    return Settings(_env_file=None, data_dir=data_dir, fetch_timeout_s=1.0, admin_ids=[], allow_private_urls=True)


@pytest.fixture
def newsbot(settings) -> Newsbot:
    return Newsbot(settings)


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory) -> Path:
    """A store holding the seed article and three corpus articles, built once per session."""
    data_dir = tmp_path_factory.mktemp("seeded") / "store"
    report = Newsbot(Settings(_env_file=None, data_dir=data_dir)).ingest(
        [str(DATA / "seed.txt"), str(DATA / "corpus-sample.jsonl")]
    )
    assert report.ok and len(report.new) == 4
    return data_dir


@pytest.fixture
def seeded(seeded_dir, tmp_path) -> Newsbot:
    """A private copy of the seeded store, so a test may change it."""
    copy = tmp_path / "seeded"
    shutil.copytree(seeded_dir, copy)
    return Newsbot(Settings(_env_file=None, data_dir=copy))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves tests/data, plus /slow (answers after 3 s) and /missing (404)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(DATA), **kwargs)

    def do_GET(self):  # noqa: N802 — http.server's naming
        if self.path.startswith("/slow"):
            time.sleep(3)
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def http_server():
    """A real HTTP server on 127.0.0.1 serving tests/data; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def store_of(data_dir, article: str, title: str) -> Newsbot:
    """A fresh store holding one made-up article."""
    newsbot = Newsbot(Settings(_env_file=None, data_dir=data_dir))
    assert newsbot.ingest_text(article, title=title).new
    return newsbot


def run_cli(*args: str, data_dir: Path, stdin: str | None = None, **env_vars: str) -> subprocess.CompletedProcess:
    """Run `newsbot` in its own process, as a user would; `env_vars` override the test defaults."""
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(data_dir), "NEWSBOT_FETCH_TIMEOUT_S": "1",
           "NEWSBOT_ALLOW_PRIVATE_URLS": "true", **env_vars}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
