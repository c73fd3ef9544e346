"""The same code against a `chroma run` server: what users do when they outgrow one machine."""

from __future__ import annotations

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
