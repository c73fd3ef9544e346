"""A BM25 index (bm25s, English Snowball stemmer) persisted beside the store, kept in step cheaply.

bm25s indexes are immutable and rebuilding one over 100k passages takes ~20 s, so
changes go into a small *tail*: rows of newly added sources are tokenized and
scored by hand with the same (Lucene) BM25 formula and the combined document
frequencies, and rows of removed sources are masked. When the tail or the mask
grows past a fifth of the base, the whole index is rebuilt. The index knows which
sources it holds, so any process can bring it up to date with the store.
"""

from __future__ import annotations

import fcntl
import json
import math
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from retrieval.models import source_of

_STEMMER = Stemmer.Stemmer("english")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's own token pattern, so stems match its vocabulary
_STOPWORDS = frozenset(STOPWORDS_EN)
_K1, _B = 1.5, 0.75  # bm25s's defaults
_REBUILD_SHARE = 0.2  # rebuild once the tail or the removed rows pass this share of the base
_FORMAT = 4  # bump when what is stored changes: an index of another format is rebuilt


def tokenize(texts: list[str]) -> list[list[str]]:
    """Stemmed content words, exactly as the index tokenizes (without bm25s's per-call overhead)."""
    return [
        _STEMMER.stemWords([w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]) for text in texts
    ]


@contextmanager
def lexical_dir_lock(directory: Path) -> Iterator[None]:
    """Only one process at a time brings the indexes in a directory in step (an OS file lock)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Row(NamedTuple):
    """One indexed row with the facets questions narrow by."""

    id: str
    text: str
    day: int = 0  # date ordinal (statements: the day said; passages: published), 0 if unknown
    speaker: str = ""  # statements: speaker_id


class LexicalIndex:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._loaded_stamp: tuple = ()
        self._load()

    def _reset(self) -> None:
        self.sources: dict[str, str] = {}  # id -> ingest stamp of the sources whose rows are searchable
        self.extra: dict = {}  # small facts kept with the index (e.g. the known speakers)
        self.ids: list[str] = []  # base rows
        self._position: dict[str, int] = {}
        self._bm25: bm25s.BM25 | None = None
        self._avgdl = 1.0
        self._removed: set[str] = set()  # base rows of removed sources
        self._tail: dict[str, list[str]] = {}  # row id -> tokens, rows added since the base was built
        self._tail_df: Counter[str] = Counter()
        self._days = np.zeros(0, dtype=np.int32)  # base rows' days
        self._speakers: list[str] = []  # base rows' speakers
        self._by_speaker: dict[str, list[int]] = {}
        self._tail_facets: dict[str, tuple[int, str]] = {}

    # -- keeping in step -------------------------------------------------------------------

    def reload_if_changed(self) -> None:
        """Take up what another process wrote since this one loaded (call under lexical_dir_lock)."""
        stamp = self._files_stamp()
        if stamp != self._loaded_stamp:
            self._load()

    def changes(self, stamps: dict[str, str]) -> tuple[set[str], set[str]]:
        """(added, removed) sources compared with what the index holds; a re-ingested source is both."""
        added = {i for i, stamp in stamps.items() if self.sources.get(i) != stamp}
        removed = {i for i in self.sources if i not in stamps} | (added & self.sources.keys())
        return added, removed

    def update(
        self,
        added: Iterable[Row],
        added_sources: dict[str, str],
        removed_sources: set[str],
        extra: dict | None = None,
    ) -> bool:
        """Apply a change in place; False when it is too large and the caller should rebuild."""
        rows = list(added)
        removed = {i for i in self.ids if source_of(i) in removed_sources} if removed_sources else set()
        limit = _REBUILD_SHARE * max(len(self.ids), 1)
        if self._bm25 is None or len(self._tail) + len(rows) > limit or len(self._removed | removed) > limit:
            return False
        for row_id in [r for r in self._tail if source_of(r) in removed_sources]:
            self._tail_df.subtract(set(self._tail.pop(row_id)))
            self._tail_facets.pop(row_id, None)
        self._removed |= removed
        for row, tokens in zip(rows, tokenize([row.text for row in rows])):
            self._tail[row.id] = tokens
            self._tail_facets[row.id] = (row.day, row.speaker)
            self._tail_df.update(set(tokens))
        for source_id in removed_sources:
            self.sources.pop(source_id, None)
        self.sources.update(added_sources)
        self.extra = extra if extra is not None else self.extra
        self._save_changes()
        return True

    def rebuild(self, rows: Iterable[Row], sources: dict[str, str], extra: dict | None = None) -> None:
        ids, texts, days, speakers = [], [], [], []
        for row in rows:
            ids.append(row.id)
            texts.append(row.text)
            days.append(row.day)
            speakers.append(row.speaker)
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, show_progress=False) if texts else None
        bm25 = None
        if tokens is not None:
            bm25 = bm25s.BM25(k1=_K1, b=_B)
            bm25.index(tokens, show_progress=False)
            self._avgdl = sum(len(doc) for doc in tokens.ids) / len(texts)
        self._set(ids, bm25, days, speakers)
        self.sources = dict(sources)
        self.extra = extra or {}
        self._removed, self._tail, self._tail_df, self._tail_facets = set(), {}, Counter(), {}
        self._save()

    # -- narrowing -------------------------------------------------------------------------

    def rows_where(
        self, speakers: Iterable[str] | None = None, start: int | None = None, end: int | None = None
    ) -> list[str]:
        """Ids of the rows by these speakers and/or on days in [start, end]: in memory, no store query
        (a metadata-filtered Chroma query takes ~200 ms at 100k rows)."""
        mask = np.ones(len(self.ids), dtype=bool)
        if speakers is not None:
            mask[:] = False
            for speaker in speakers:
                mask[self._by_speaker.get(speaker, [])] = True
        if start is not None:
            mask &= self._days >= start
        if end is not None:
            mask &= self._days <= end
        found = [self.ids[i] for i in np.flatnonzero(mask) if self.ids[i] not in self._removed]
        wanted = set(speakers) if speakers is not None else None
        for row_id, (day, speaker) in self._tail_facets.items():
            in_days = (start is None or day >= start) and (end is None or day <= end)
            if in_days and (wanted is None or speaker in wanted):
                found.append(row_id)
        return found

    # -- searching -------------------------------------------------------------------------

    def search(self, query: str, k: int, within: set[str] | None = None) -> list[tuple[str, float]]:
        """The k best (id, score) pairs with a score above zero, optionally only among `within`."""
        tokens = tokenize([query])[0]
        if self._bm25 is None or not tokens:
            return []
        scored = self._base_top(tokens, k, within) + self._tail_scores(tokens, within)
        scored.sort(key=lambda pair: pair[1], reverse=True)
        return scored[:k]

    def _base_top(self, tokens: list[str], k: int, within: set[str] | None) -> list[tuple[str, float]]:
        scores = self._bm25.get_scores(tokens)
        if within is not None:
            mask = np.zeros(len(self.ids), dtype=bool)
            mask[[self._position[i] for i in within if i in self._position]] = True
            scores = np.where(mask, scores, 0.0)
        if self._removed:
            scores[[self._position[i] for i in self._removed]] = 0.0
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:  # top k in numpy: a Python sort of every hit costs ~25 ms at 100k rows
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        return [(self.ids[i], float(scores[i])) for i in hits]

    def _tail_scores(self, tokens: list[str], within: set[str] | None) -> list[tuple[str, float]]:
        out = []
        idf = {t: self.idf(t) for t in set(tokens)}
        for row_id, doc in self._tail.items():
            if within is not None and row_id not in within:
                continue
            counts = Counter(doc)
            norm = _K1 * (1 - _B + _B * len(doc) / self._avgdl)
            score = sum(idf[t] * counts[t] / (counts[t] + norm) for t in idf if counts[t])
            if score > 0:
                out.append((row_id, score))
        return out

    # -- term statistics -------------------------------------------------------------------

    def idf(self, stemmed_token: str) -> float:
        """Inverse document frequency over base and tail, 0 for a token no row holds."""
        df = self._base_df(stemmed_token) + self._tail_df.get(stemmed_token, 0)
        if df <= 0:
            return 0.0
        n = len(self.ids) + len(self._tail)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def max_idf(self) -> float:
        """The IDF of a token found in a single row."""
        n = len(self.ids) + len(self._tail)
        return math.log(1 + (n - 0.5) / 1.5) if n else 0.0

    def knows(self, stemmed_token: str) -> bool:
        return self.idf(stemmed_token) > 0.0

    def _base_df(self, stemmed_token: str) -> int:
        if self._bm25 is None:
            return 0
        token_id = self._bm25.vocab_dict.get(stemmed_token)
        if token_id is None:
            return 0
        ptr = self._bm25.scores["indptr"]
        return int(ptr[token_id + 1] - ptr[token_id])

    # -- persistence -----------------------------------------------------------------------

    def _set(self, ids: list[str], bm25: bm25s.BM25 | None, days: list[int], speakers: list[str]) -> None:
        self.ids = ids
        self._position = {row_id: i for i, row_id in enumerate(ids)}
        self._bm25 = bm25
        self._days = np.asarray(days, dtype=np.int32)
        self._speakers = speakers
        self._by_speaker = {}
        for i, speaker in enumerate(speakers):
            if speaker:
                self._by_speaker.setdefault(speaker, []).append(i)

    def _save(self) -> None:
        tmp = self.directory.with_name(self.directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"), show_progress=False)
        (tmp / "meta.json").write_text(json.dumps(
            {"format": _FORMAT, "ids": self.ids, "avgdl": self._avgdl, "days": self._days.tolist(), "speakers": self._speakers}
        ))
        shutil.rmtree(self.directory, ignore_errors=True)
        tmp.rename(self.directory)
        self._save_changes()

    def _save_changes(self) -> None:
        """The small, often rewritten part: sources held, tail rows, removed rows, extras."""
        state = {
            "sources": self.sources,
            "tail": self._tail,
            "tail_facets": self._tail_facets,
            "removed": sorted(self._removed),
            "extra": self.extra,
        }
        path = self.directory / "changes.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state))
        tmp.replace(path)
        self._loaded_stamp = self._files_stamp()

    def _files_stamp(self) -> tuple:
        try:
            return tuple((self.directory / f).stat().st_mtime_ns for f in ("meta.json", "changes.json"))
        except OSError:
            return ()

    def _load(self) -> None:
        self._reset()
        self._loaded_stamp = self._files_stamp()
        try:
            meta = json.loads((self.directory / "meta.json").read_text())
            state = json.loads((self.directory / "changes.json").read_text())
            bm25_dir = self.directory / "bm25"
            bm25 = bm25s.BM25.load(str(bm25_dir)) if bm25_dir.exists() else None
        except (OSError, ValueError):
            return  # no index yet, or a damaged one: rebuilt on first use
        if meta.get("format") != _FORMAT or not set(state["removed"]) <= set(meta["ids"]):
            return  # another format, or files from two different writes: rebuilt on first use
        self._set(meta["ids"], bm25, meta["days"], meta["speakers"])
        self._avgdl = meta["avgdl"]
        self.sources = state["sources"]
        self._tail = state["tail"]
        self._tail_df = Counter(t for doc in self._tail.values() for t in set(doc))
        self._tail_facets = {row_id: (day, speaker) for row_id, (day, speaker) in state["tail_facets"].items()}
        self._removed = set(state["removed"])
        self.extra = state["extra"]
