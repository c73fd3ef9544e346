"""The same code against a `chroma run` server: what users do when they outgrow one machine."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import DATA

from config import Settings
from retrieval import Newsbot

ROOT = Path(__file__).resolve().parent.parent
CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_url(tmp_path):
    if not CHROMA.exists() and not shutil.which("chroma"):
        pytest.fail("the `chroma` command (installed with chromadb) is missing")
    port = _free_port()
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_two_engines_share_one_chroma_server(chroma_url, tmp_path):
    writer = Newsbot(Settings(_env_file=None, data_dir=tmp_path / "writer", chroma_url=chroma_url))
    writer.ingest([str(DATA / "seed.txt")])

    # Another machine: its own local data dir (BM25 is rebuilt there), the same server.
    reader = Newsbot(Settings(_env_file=None, data_dir=tmp_path / "reader", chroma_url=chroma_url))
    answer = reader.ask("What did Peskov say about Istanbul?")

    assert [s.source_id for s in reader.sources()] == ["seed"]
    assert answer.statements and answer.statements[0].speaker == "Dmitry Peskov"
    assert answer.citations[0].source_id == "seed"


def _cli(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_two_processes_sharing_a_server_answer_the_same_right_after_one_ingests(chroma_url, tmp_path):
    shared = tmp_path / "shared-volume" / "lexical.sqlite3"  # the BM25 file both replicas mount
    env = {**os.environ, "NEWSBOT_CHROMA_URL": chroma_url, "NEWSBOT_LEXICAL_PATH": str(shared),
           "NEWSBOT_DATA_DIR": str(tmp_path / "other-replica")}
    bot = Newsbot(Settings(_env_file=None, data_dir=tmp_path / "replica", chroma_url=chroma_url, lexical_path=shared))
    _cli(env, "ingest", str(DATA / "seed.txt"))
    question = "What did Peskov say about Istanbul?"

    here, there = bot.ask(question), json.loads(_cli(env, "ask", "--json", question))
    assert here.answer == there["answer"] and "Peskov" in here.answer
    assert [c.source_id for c in here.citations] == [c["source_id"] for c in there["citations"]] == ["seed"]

    article = tmp_path / "harbour.txt"
    article.write_text(" date 2025-04-09 Odesa, Ukraine — The harbour master Olena Kovalenko said on Wednesday "
                       "that grain exports through Odesa rose by a third in March.\n")
    _cli(env, "ingest", str(article))  # the other process ingests; this one asks at once, no wait
    asked = "What did Kovalenko say about grain exports?"
    here, there = bot.ask(asked), json.loads(_cli(env, "ask", "--json", asked))
    assert here.citations and here.citations[0].source_id == "harbour"
    assert here.answer == there["answer"]

    _cli(env, "remove", "harbour")
    assert not bot.ask(asked).citations
    assert [s.source_id for s in bot.sources()] == ["seed"]


def test_healthcheck_says_whether_the_chroma_server_answers(chroma_url, tmp_path):
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(tmp_path / "bot"), "NEWSBOT_CHROMA_URL": chroma_url}
    healthy = subprocess.run([sys.executable, "-m", "bot.healthcheck"], cwd=ROOT, env=env, capture_output=True, text=True)
    env["NEWSBOT_CHROMA_URL"] = f"http://127.0.0.1:{_free_port()}"
    down = subprocess.run([sys.executable, "-m", "bot.healthcheck"], cwd=ROOT, env=env, capture_output=True, text=True)

    assert healthy.returncode == 0
    assert down.returncode == 1 and "does not answer" in down.stderr
