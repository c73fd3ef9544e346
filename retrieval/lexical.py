"""The BM25 index and the catalog: one SQLite file beside the store, written in the store's write path.

Every process that shares the store opens the same file and reads it on each
question, so each sees a change as soon as the writer commits it: nothing is
rebuilt, on the question path or anywhere. Rows are written before Chroma's (and
removed after), so a source the catalog lists always has its rows here; rows of a
source still being written, or left by a killed ingest, are not shown because
search results are filtered by the catalog, and the next ingest of that id
replaces them. How the file is laid out and kept compact: lexical_segments.py; the catalog of complete
sources, which readers follow by its changes: catalog.py.

Text is stemmed in Python (English Snowball, as `tokenize` does for the answer
composer's IDF weights). Scores are BM25 (Lucene's IDF, k1 1.5, b 0.75, bm25s's
defaults) computed with numpy from the postings of the question's terms. Facets
(day, speaker, place) narrow questions by speaker and date with an index instead
of a filtered Chroma query.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from retrieval import lexical_segments as segments
from retrieval.catalog import SCHEMA as CATALOG_SCHEMA
from retrieval.catalog import Entry

_STEMMER = Stemmer.Stemmer("english")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's token pattern: the stems the composer's IDF weights use
_STOPWORDS = frozenset(STOPWORDS_EN)
_K1, _B = 1.5, 0.75
COLLECTIONS = ("passages", "statements")
_BUSY_S = 60.0  # another process's write (a merge at most) holds the file; wait rather than fail
_RECHECK_S = 0.05
_OVERFETCH = 4  # top candidates looked up per result wanted: some may be rows since removed


def tokenize(texts: list[str]) -> list[list[str]]:
    """Stemmed content words, exactly as the index tokenizes."""
    return [
        _STEMMER.stemWords([w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]) for text in texts
    ]


class Row(NamedTuple):
    """One indexed row with the facets questions narrow by."""

    id: str
    text: str
    day: int = 0  # date ordinal (statements: the day said; passages: published), 0 if unknown
    speaker: str = ""  # statements: speaker_id
    place: str = ""  # the first part of the place ("Lisbon" of "Lisbon, Portugal")


def row(collection: str, row_id: str, document: str, meta: dict) -> Row:
    """The row indexed for a stored passage or statement (its Chroma document and metadata)."""
    if collection == "statements":
        text = f"{meta['speaker']} {meta['role']} {document}"
    else:
        text = f"{meta['title']}. {meta['place']}. {document}"  # the dateline place is part of the story
    day = meta.get("date_ord", meta.get("published_ord", 0))
    return Row(row_id, text, day, meta.get("speaker_id", ""), meta.get("place", "").split(",")[0].strip())


class LexicalStore:
    """The file and its two indexes. Per process, one connection reads (questions never wait for
    a write: WAL) and one writes; each is used by one thread at a time."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._writer = self._connect()
        self._write_lock = threading.Lock()
        self.writes = 0  # this process's commits: its readers look at the file again after each
        with self._write_lock:
            self._writer.execute("PRAGMA journal_mode=WAL")
            self._writer.execute("PRAGMA synchronous=NORMAL")  # WAL: committed writes survive a crash of the process
            self._writer.execute("BEGIN IMMEDIATE")
            segments.create(self._writer, COLLECTIONS)
            for statement in CATALOG_SCHEMA:
                self._writer.execute(statement)
            self._writer.execute("COMMIT")
        self._reader = self._connect()
        self._read_lock = threading.Lock()
        self.indexes = {name: LexicalIndex(self, name) for name in COLLECTIONS}

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=_BUSY_S, check_same_thread=False, isolation_level=None)

    def version(self) -> int:
        """Changes whenever a connection other than the reader (this process's writer, another
        process) commits a change to the file."""
        return self.query("PRAGMA data_version")[0][0]

    def query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._read_lock:
            return self._reader.execute(sql, params).fetchall()

    # -- writing (from the store's write path) ----------------------------------------------

    def add(self, source_ids: Iterable[str], rows: dict[str, list[Row]]) -> None:
        """Index these sources' rows, replacing any they had (an ingest killed half-way)."""
        source_ids = list(source_ids)
        with self._transaction():
            self._delete(source_ids)
            self._writer.executemany("INSERT OR IGNORE INTO sources VALUES (?)", [(i,) for i in source_ids])
            for name, found in rows.items():
                segments.insert(self._writer, name, found, tokenize([r.text for r in found]))

    def remove(self, source_ids: Iterable[str]) -> None:
        with self._transaction():
            self._delete(list(source_ids))

    def list_sources(self, entries: Iterable[Entry], replace: bool = True) -> None:
        """Make sources visible in the catalog (catalog.py); `replace=False` keeps an entry already there."""
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        rows = [(*entry, 1) for entry in entries]
        with self._transaction():
            self._writer.executemany(f"{verb} INTO catalog (id, published, listed) VALUES (?, ?, ?)", rows)

    def unlist_sources(self, source_ids: Iterable[str]) -> None:
        """Hide sources: each gets a row saying so, with a new sequence number, for readers to see."""
        rows = [(i, "", 0) for i in source_ids]
        with self._transaction():
            self._writer.executemany("INSERT OR REPLACE INTO catalog (id, published, listed) VALUES (?, ?, ?)", rows)

    def listed_ids(self) -> set[str]:
        return {i for (i,) in self.query("SELECT id FROM catalog WHERE listed")}

    def catalog_complete(self) -> bool:
        return bool(self.query("SELECT count(*) FROM catalog_complete")[0][0])

    def mark_catalog_complete(self) -> None:
        with self._transaction():
            self._writer.execute("INSERT OR IGNORE INTO catalog_complete VALUES (1)")

    def source_count(self) -> int:
        return self.query("SELECT count(*) FROM sources")[0][0]

    def source_ids(self) -> set[str]:
        return {i for (i,) in self.query("SELECT id FROM sources")}

    def _delete(self, source_ids: list[str]) -> None:
        for start in range(0, len(source_ids), 500):
            part = source_ids[start : start + 500]
            self._writer.execute(f"DELETE FROM sources WHERE id IN ({','.join('?' * len(part))})", part)
            for name in COLLECTIONS:
                segments.delete(self._writer, name, part)

    def _transaction(self) -> _Transaction:
        return _Transaction(self)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT: one writer across processes, all of a change or none of it."""

    def __init__(self, store: LexicalStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        self.store._write_lock.acquire()
        self.store._writer.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, *_) -> None:
        try:
            self.store._writer.execute("ROLLBACK" if kind else "COMMIT")
            self.store.writes += 1
        finally:
            self.store._write_lock.release()


class LexicalIndex:
    """One collection's BM25 rows and facets: what the searcher and the answer composer ask."""

    def __init__(self, store: LexicalStore, name: str) -> None:
        self._store = store
        self._name = name
        self._seen = -1
        self._checked = -math.inf
        self._writes_seen = -1
        self._df: dict[str, int] = {}  # document frequencies read since the file last changed
        self._totals = (0, 1.0)  # rows, mean row length in terms
        self._facet_values: dict[str, tuple[tuple[str, ...], int]] = {}  # facet -> (values, up to row n)
        self._seen_n = 0  # the highest row number when the file was last looked at
        self._lock = threading.Lock()

    def _current(self) -> None:
        """Forget what was read once any process has changed the file. The composer asks for
        hundreds of IDFs per answer, so another process's change is looked for at most every
        _RECHECK_S; this process's own writes count at once."""
        now = time.monotonic()
        if self._store.writes == self._writes_seen and now - self._checked < _RECHECK_S:
            return
        with self._lock:  # questions on other threads wait until the new totals are read
            self._checked, self._writes_seen = now, self._store.writes
            version = self._store.version()
            if version != self._seen:
                self._df.clear()
                self._seen_n = self._store.query(f"SELECT coalesce(max(n), 0) FROM {self._name}_rows")[0][0]
                rows, tokens = self._store.query("SELECT rows, tokens FROM totals WHERE collection = ?", (self._name,))[0]
                self._totals = (rows, tokens / rows if rows else 1.0)
                self._seen = version

    # -- narrowing -------------------------------------------------------------------------

    def rows_where(
        self, speakers: Iterable[str] | None = None, start: int | None = None, end: int | None = None
    ) -> list[str]:
        """Ids of the rows by these speakers and/or on days in [start, end] (indexed, no store query:
        a metadata-filtered Chroma query takes ~200 ms at 100k rows)."""
        clauses, params = [], []
        if speakers is not None:
            speakers = list(speakers)
            clauses.append(f"speaker IN ({','.join('?' * len(speakers))})")
            params += speakers
        if start is not None:
            clauses.append("day >= ?")
            params.append(start)
        if end is not None:
            clauses.append("day <= ?")
            params.append(end)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return [i for (i,) in self._store.query(f"SELECT id FROM {self._name}_rows {where}", params)]

    def values(self, facet: str) -> tuple[str, ...]:
        """The distinct non-empty speakers or places of the rows, sorted. After a change only the
        rows added since are read (a full read costs the first answer after an ingest ~50 ms at
        100k rows); the values of removed rows stay listed, as they did with the old index."""
        if facet not in ("speaker", "place"):
            raise ValueError(facet)
        self._current()
        known, seen = self._facet_values.get(facet, ((), 0))
        if seen != self._seen_n:
            # Rows added since are found by their numbers; "+" keeps SQLite from scanning the
            # facet's whole index instead (its choice: ~60 ms at a million rows, against ~0.2 ms).
            column = f"+{facet}" if seen else facet
            found = self._store.query(
                f"SELECT DISTINCT {column} FROM {self._name}_rows WHERE n > ? AND {column} != ''", (seen,)
            )
            known = tuple(sorted(set(known) | {v for (v,) in found}))
            self._facet_values[facet] = (known, self._seen_n)
        return known

    # -- searching -------------------------------------------------------------------------

    def search(self, query: str, k: int, within: set[str] | None = None) -> list[tuple[str, float]]:
        """The k best (id, score) pairs with a score above zero, optionally only among `within`."""
        self._current()
        idf = {s: w for s in set(tokenize([query])[0]) if (w := self.idf(s)) > 0}
        if not idf or k <= 0:
            return []
        marks = ",".join("?" * len(idf))
        found = self._store.query(f"SELECT term, data FROM {self._name}_postings WHERE term IN ({marks})", list(idf))
        if not found:
            return []
        avgdl = self._totals[1]
        numbers, weights = [], []
        for term, data in found:
            postings = np.frombuffer(data, dtype=segments.POSTING)
            tf = postings["tf"].astype(np.float32)
            norm = _K1 * (1 - _B + _B * postings["length"].astype(np.float32) / avgdl)
            numbers.append(postings["n"])
            weights.append(idf[term] * tf / (tf + norm))
        scores = np.bincount(np.concatenate(numbers), np.concatenate(weights))
        if within is not None:
            allowed = np.zeros(len(scores), dtype=bool)
            allowed[[n for n in self._numbers(within) if n < len(scores)]] = True
            scores[~allowed] = 0.0
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k * _OVERFETCH:  # top candidates in numpy: sorting every hit costs ~25 ms at 100k rows
            hits = hits[np.argpartition(-scores[hits], k * _OVERFETCH - 1)[: k * _OVERFETCH]]
        ids = dict(self._lookup("n", [int(n) for n in hits], "n, id"))  # rows since removed drop out here
        ranked = sorted(((ids[n], float(scores[n])) for n in hits if n in ids), key=lambda pair: pair[1], reverse=True)
        return ranked[:k]

    def terms_in(self, ids: Iterable[str], stems: Iterable[str]) -> set[str]:
        """Which of these stemmed terms any of these rows holds (two indexed reads: a whole article's
        words without fetching its text)."""
        self._current()
        numbers = np.asarray(self._numbers(ids), dtype=np.int64)
        stems = list(set(stems))
        if not len(numbers) or not stems:
            return set()
        marks = ",".join("?" * len(stems))
        found = self._store.query(f"SELECT term, data FROM {self._name}_postings WHERE term IN ({marks})", stems)
        return {term for term, data in found if np.isin(np.frombuffer(data, dtype=segments.POSTING)["n"], numbers).any()}

    def _numbers(self, ids: Iterable[str]) -> list[int]:
        return [n for (n,) in self._lookup("id", list(ids), "n")]

    def _lookup(self, key: str, values: list, columns: str) -> list[tuple]:
        out: list[tuple] = []
        for start in range(0, len(values), 500):
            part = values[start : start + 500]
            marks = ",".join("?" * len(part))
            out += self._store.query(f"SELECT {columns} FROM {self._name}_rows WHERE {key} IN ({marks})", part)
        return out

    # -- term statistics -------------------------------------------------------------------

    def _doc_freq(self, stem: str) -> int:
        self._current()
        if stem not in self._df:
            found = self._store.query(f"SELECT df FROM {self._name}_terms WHERE term = ?", (stem,))
            self._df[stem] = found[0][0] if found else 0
        return self._df[stem]

    def idf(self, stemmed_token: str) -> float:
        """Lucene's inverse document frequency, 0 for a token no row holds."""
        df = self._doc_freq(stemmed_token)
        if df <= 0:
            return 0.0
        n = self._totals[0]
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def max_idf(self) -> float:
        """The IDF of a token found in a single row."""
        self._current()
        n = self._totals[0]
        return math.log(1 + (n - 0.5) / 1.5) if n else 0.0

    def knows(self, stemmed_token: str) -> bool:
        return self._doc_freq(stemmed_token) > 0
