"""Writing the BM25 index: rows, document frequencies and segments of postings in one SQLite file.

FTS5's bm25() scores every matching row in C callbacks: ~3.5 µs a row, 100-250 ms a
question at 100k passages (measured). So postings are kept as numpy blobs instead,
one per (term, segment): a question reads a few hundred blobs and scores with numpy.

Each write adds one small segment (the rows of one ingest batch). When ten segments
of the same size class exist, the writer merges them into one (as Lucene's log merge
policy does), dropping postings of removed rows, so a question reads at most ~9
segments per size class. Removing a source deletes its rows and lowers document
frequencies at once; its postings stay in their segments, ignored, until a merge.
All of it happens in the writer's transaction, never on the question path.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np

from retrieval.models import source_of

# One posting: the row's number, the term's count in it and the row's length in terms.
POSTING = np.dtype([("n", "<i4"), ("tf", "<u2"), ("length", "<u2")])
_MERGE_FACTOR = 10  # segments of one size class merged together
_DEAD_SHARE = 0.5  # a segment with more removed rows than this is rewritten at the next write

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS totals (collection TEXT PRIMARY KEY, rows INT NOT NULL, tokens INT NOT NULL);
CREATE TABLE IF NOT EXISTS {c}_rows (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, day INT NOT NULL,
    speaker TEXT NOT NULL, place TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS {c}_by_source ON {c}_rows (source);
CREATE INDEX IF NOT EXISTS {c}_by_speaker ON {c}_rows (speaker, day);
CREATE INDEX IF NOT EXISTS {c}_by_day ON {c}_rows (day);
CREATE INDEX IF NOT EXISTS {c}_by_place ON {c}_rows (place);
CREATE TABLE IF NOT EXISTS {c}_terms (term TEXT PRIMARY KEY, df INT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {c}_segments (
    segment INTEGER PRIMARY KEY, lo INT NOT NULL, hi INT NOT NULL, rows INT NOT NULL, alive INT NOT NULL);
CREATE TABLE IF NOT EXISTS {c}_postings (
    term TEXT NOT NULL, segment INT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (term, segment)) WITHOUT ROWID;
INSERT OR IGNORE INTO totals VALUES ('{c}', 0, 0)
"""


def create(db: sqlite3.Connection, collections: Iterable[str]) -> None:
    for name in collections:
        for statement in SCHEMA.format(c=name).split(";"):
            db.execute(statement)  # executescript would commit the caller's transaction


def insert(db: sqlite3.Connection, name: str, rows: list, stems: list[list[str]]) -> None:
    """Rows (lexical.Row) with their stems: facets, document frequencies and a new segment."""
    if not rows:
        return
    # Numbers are never reused: a removed row's postings may still sit in a segment.
    first = db.execute(f"SELECT coalesce(max(hi), 0) + 1 FROM {name}_segments").fetchone()[0]
    db.executemany(
        f"INSERT INTO {name}_rows (n, id, source, day, speaker, place, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(first + k, r.id, source_of(r.id), r.day, r.speaker, r.place, " ".join(s))
         for k, (r, s) in enumerate(zip(rows, stems))],
    )
    postings: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for k, doc in enumerate(stems):
        length = min(len(doc), 65535)
        for term, tf in Counter(doc).items():
            postings[term].append((first + k, min(tf, 65535), length))
    _change_df(db, name, {term: len(found) for term, found in postings.items()})
    segment = _new_segment(db, name, first, first + len(rows) - 1, len(rows))
    db.executemany(
        f"INSERT INTO {name}_postings VALUES (?, ?, ?)",
        [(term, segment, np.array(found, dtype=POSTING).tobytes()) for term, found in postings.items()],
    )
    db.execute(
        "UPDATE totals SET rows = rows + ?, tokens = tokens + ? WHERE collection = ?",
        (len(rows), sum(len(s) for s in stems), name),
    )
    _merge(db, name)


def delete(db: sqlite3.Connection, name: str, source_ids: list[str]) -> None:
    """Remove these sources' rows: facets and frequencies now, postings at a later merge."""
    marks = ",".join("?" * len(source_ids))
    gone = db.execute(f"SELECT n, body FROM {name}_rows WHERE source IN ({marks})", source_ids).fetchall()
    if not gone:
        return
    db.executemany(f"DELETE FROM {name}_rows WHERE n = ?", [(n,) for n, _ in gone])
    df: Counter[str] = Counter()
    for _, body in gone:
        df.update(set(body.split()))
    _change_df(db, name, {term: -count for term, count in df.items()})
    db.execute(f"DELETE FROM {name}_terms WHERE df <= 0")
    db.execute(
        "UPDATE totals SET rows = rows - ?, tokens = tokens - ? WHERE collection = ?",
        (len(gone), sum(len(body.split()) for _, body in gone), name),
    )
    numbers = np.array([n for n, _ in gone])
    for segment, lo, hi in db.execute(f"SELECT segment, lo, hi FROM {name}_segments").fetchall():
        dead = int(((numbers >= lo) & (numbers <= hi)).sum())
        if dead:
            db.execute(f"UPDATE {name}_segments SET alive = alive - ? WHERE segment = ?", (dead, segment))
    _merge(db, name)


def _change_df(db: sqlite3.Connection, name: str, change: dict[str, int]) -> None:
    db.executemany(
        f"INSERT INTO {name}_terms VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
        list(change.items()),
    )


def _new_segment(db: sqlite3.Connection, name: str, lo: int, hi: int, rows: int) -> int:
    cursor = db.execute(f"INSERT INTO {name}_segments (lo, hi, rows, alive) VALUES (?, ?, ?, ?)", (lo, hi, rows, rows))
    return int(cursor.lastrowid)


def _merge(db: sqlite3.Connection, name: str) -> None:
    """Rewrite segments mostly removed; merge the newest ten segments while they are of one size
    class. Only neighbours are merged, so segments hold disjoint ranges of row numbers."""
    for segment, rows, alive in db.execute(f"SELECT segment, rows, alive FROM {name}_segments").fetchall():
        if alive < rows * (1 - _DEAD_SHARE):
            _rewrite(db, name, [segment])
    while True:
        newest = db.execute(
            f"SELECT segment, alive FROM {name}_segments ORDER BY lo DESC LIMIT ?", (_MERGE_FACTOR,)
        ).fetchall()
        if len(newest) < _MERGE_FACTOR or len({_size_class(alive) for _, alive in newest}) > 1:
            return
        _rewrite(db, name, [segment for segment, _ in newest])


def _size_class(rows: int) -> int:
    return int(math.log10(max(rows, 1)))


def _rewrite(db: sqlite3.Connection, name: str, segments: list[int]) -> None:
    """Replace segments by one holding their postings of rows still stored (none: no segment)."""
    marks = ",".join("?" * len(segments))
    lo, hi = db.execute(f"SELECT min(lo), max(hi) FROM {name}_segments WHERE segment IN ({marks})", segments).fetchone()
    alive = np.array([n for (n,) in db.execute(f"SELECT n FROM {name}_rows WHERE n BETWEEN ? AND ?", (lo, hi))],
                     dtype=np.int32)
    parts: dict[str, list[np.ndarray]] = defaultdict(list)
    for term, data in db.execute(f"SELECT term, data FROM {name}_postings WHERE segment IN ({marks})", segments):
        parts[term].append(np.frombuffer(data, dtype=POSTING))
    db.execute(f"DELETE FROM {name}_postings WHERE segment IN ({marks})", segments)
    db.execute(f"DELETE FROM {name}_segments WHERE segment IN ({marks})", segments)
    if not len(alive):
        return
    segment = _new_segment(db, name, lo, hi, len(alive))
    merged = []
    for term, found in parts.items():
        postings = np.concatenate(found)
        postings = postings[np.isin(postings["n"], alive)]
        if len(postings):
            merged.append((term, segment, postings.tobytes()))
    db.executemany(f"INSERT INTO {name}_postings VALUES (?, ?, ?)", merged)
