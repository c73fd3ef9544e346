"""The store as a LangChain retriever: Documents with their sources and statements."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from langchain_core.documents import Document

from retrieval.langchain_retriever import NewsbotRetriever
from tests.conftest import ROOT


def test_the_retriever_returns_passages_with_their_source_and_statements(seeded):
    docs = NewsbotRetriever(newsbot=seeded, k=3).invoke("What did Peskov say about Istanbul?")

    assert 1 <= len(docs) <= 3 and all(isinstance(d, Document) for d in docs)
    best = docs[0]
    assert "Peskov" in best.page_content and "Istanbul" in best.page_content
    meta = best.metadata
    assert meta["source_id"] == "seed" and meta["published"] == "2025-04-08" and meta["place"] == "Kyiv, Ukraine"
    assert meta["title"].startswith("The Ukrainian military has captured") and meta["passage_id"] == best.id
    peskov = [s for s in meta["statements"] if s["speaker"] == "Dmitry Peskov"]
    assert peskov and "Istanbul" in peskov[0]["content"] and peskov[0]["role"] == "Kremlin spokesman"


def test_the_readme_example_runs_as_written(seeded_dir):
    readme = (ROOT / "README.md").read_text()
    [example] = re.findall(r"```python\n(from config import Settings\n.*?NewsbotRetriever.*?)```", readme, re.S)
    assert len(example.strip().splitlines()) == 5
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(seeded_dir)}
    env.pop("NEWSBOT_LLM", None)
    code = example + "print(len(docs), docs[0].metadata['source_id'])\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["4", "seed"]
