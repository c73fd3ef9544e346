"""A BM25 index (bm25s, English Snowball stemmer) persisted beside the store.

bm25s indexes are immutable, so the index is rebuilt from the store whenever
the set of stored sources changed since it was built (a signature of the source
ids says so). Rebuilding happens lazily, on the first search after a change, so a
bulk ingest pays for it once.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

_STEMMER = Stemmer.Stemmer("english")


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's own token pattern, so stems match its vocabulary
_STOPWORDS = frozenset(STOPWORDS_EN)


def tokenize(texts: list[str]) -> list[list[str]]:
    """Stemmed content words, exactly as the index tokenizes (without bm25s's per-call overhead)."""
    return [
        _STEMMER.stemWords([w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]) for text in texts
    ]


def signature(source_ids: Iterable[str]) -> str:
    digest = hashlib.sha1()
    for source_id in sorted(source_ids):
        digest.update(source_id.encode() + b"\0")
    return digest.hexdigest()


class LexicalIndex:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.signature = ""
        self.ids: list[str] = []
        self.extra: dict = {}  # small facts computed while rebuilding (e.g. the known speakers)
        self._position: dict[str, int] = {}
        self._bm25: bm25s.BM25 | None = None
        self._load()

    def rebuild(self, rows: Iterable[tuple[str, str]], new_signature: str, extra: dict | None = None) -> None:
        ids, texts = [], []
        for row_id, text in rows:
            ids.append(row_id)
            texts.append(text)
        self._set(ids, self._index(texts) if texts else None)
        self.signature = new_signature
        self.extra = extra or {}
        self._save()

    def search(self, query: str, k: int, within: set[str] | None = None) -> list[tuple[str, float]]:
        """The k best (id, score) pairs with a score above zero, optionally only among `within`."""
        if self._bm25 is None:
            return []
        tokens = tokenize([query])[0]
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        if within is not None:
            mask = np.zeros(len(self.ids), dtype=bool)
            mask[[self._position[i] for i in within if i in self._position]] = True
            scores = np.where(mask, scores, 0.0)
        k = min(k, int((scores > 0).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top]

    def idf(self, stemmed_token: str) -> float:
        """Inverse document frequency, 0 for a token the index has never seen."""
        if self._bm25 is None:
            return 0.0
        token_id = self._bm25.vocab_dict.get(stemmed_token)
        if token_id is None:
            return 0.0
        ptr = self._bm25.scores["indptr"]
        df = int(ptr[token_id + 1] - ptr[token_id])
        n = len(self.ids)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def max_idf(self) -> float:
        """The IDF of a token found in a single document."""
        n = len(self.ids)
        return math.log(1 + (n - 0.5) / 1.5) if n else 0.0

    def knows(self, stemmed_token: str) -> bool:
        return self.idf(stemmed_token) > 0.0

    # -- internals -------------------------------------------------------------------------

    @staticmethod
    def _index(texts: list[str]) -> bm25s.BM25:
        bm25 = bm25s.BM25()
        bm25.index(bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, show_progress=False), show_progress=False)
        return bm25

    def _set(self, ids: list[str], bm25: bm25s.BM25 | None) -> None:
        self.ids = ids
        self._position = {row_id: i for i, row_id in enumerate(ids)}
        self._bm25 = bm25

    def _save(self) -> None:
        tmp = self.directory.with_name(self.directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"), show_progress=False)
        (tmp / "meta.json").write_text(json.dumps({"signature": self.signature, "ids": self.ids, "extra": self.extra}))
        shutil.rmtree(self.directory, ignore_errors=True)
        tmp.rename(self.directory)

    def _load(self) -> None:
        meta_path = self.directory / "meta.json"
        if not meta_path.exists():
            return
        try:
            meta = json.loads(meta_path.read_text())
            bm25_dir = self.directory / "bm25"
            bm25 = bm25s.BM25.load(str(bm25_dir)) if bm25_dir.exists() else None
        except (OSError, ValueError):
            return  # a damaged index is rebuilt on first use
        self._set(meta["ids"], bm25)
        self.signature = meta["signature"]
        self.extra = meta.get("extra", {})
