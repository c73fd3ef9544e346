"""A killed ingest loses nothing and leaves nothing half-stored; first-run seeding finishes what was cut short."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bot import bootstrap
from config import Settings
from retrieval import Newsbot
from retrieval.models import source_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "seeds" / "wikinews-timeline" / "articles.jsonl"


def store_writes(data_dir: Path) -> int:
    """Rows Chroma has taken so far (read-only, from its SQLite write-ahead queue)."""
    path = data_dir / "chroma" / "chroma.sqlite3"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2) as db:
            return db.execute("SELECT count(*) FROM embeddings_queue").fetchone()[0]
    except sqlite3.Error:
        return 0


def stored_counts(newsbot: Newsbot) -> dict[str, tuple[int, int]]:
    """Per listed source: (passages, statements) actually stored."""
    passages = Counter(m["source_id"] for _, _, m in newsbot.store.all_documents("passages"))
    statements = Counter(m["source_id"] for _, _, m in newsbot.store.all_documents("statements"))
    return {s.source_id: (passages[s.source_id], statements[s.source_id]) for s in newsbot.sources()}


def test_sigkill_during_ingest_leaves_each_source_complete_or_absent(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n".join(CORPUS.read_text("utf-8").splitlines()[:32]) + "\n", "utf-8")
    killed = tmp_path / "killed"
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(killed)}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "ingest", str(articles)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while store_writes(killed) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    after_kill = Newsbot(Settings(_env_file=None, data_dir=killed))
    listed = {s.source_id: (s.passages, s.statements) for s in after_kill.sources()}
    assert len(listed) < 32  # killed part-way
    assert stored_counts(after_kill) == listed  # every listed source has all its rows

    report = after_kill.ingest([str(articles)])
    clean = Newsbot(Settings(_env_file=None, data_dir=tmp_path / "clean"))
    clean.ingest([str(articles)])

    assert report.ok and len(report.new) + len(report.already_present) == 32
    expected = {s.source_id: (s.passages, s.statements) for s in clean.sources()}
    assert {s.source_id: (s.passages, s.statements) for s in after_kill.sources()} == expected
    assert stored_counts(after_kill) == expected
    after_kill.ask("What did the chief executive say?")  # brings the lexical index up to date
    lexical = Counter(source_of(row) for row in after_kill.searcher.lexical["passages"].rows_where())
    assert {k: v for k, v in lexical.items()} == {k: p for k, (p, _) in expected.items()}


def test_first_run_seeding_completes_an_interrupted_one(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    lines = CORPUS.read_text("utf-8").splitlines()[:3]
    (seeds / "articles.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    settings = Settings(_env_file=None, data_dir=tmp_path / "store")
    partial = tmp_path / "first-only.jsonl"
    partial.write_text(lines[0] + "\n", "utf-8")
    Newsbot(settings).ingest([str(partial)])  # as if the first `make run` was interrupted here
    monkeypatch.setattr(bootstrap, "SEEDS", seeds)

    assert bootstrap.seed_if_needed(settings)
    assert len(Newsbot(settings).sources()) == 3
    assert not bootstrap.seed_if_needed(settings)  # done once, never again (a removed seed stays removed)
