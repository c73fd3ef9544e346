"""The catalog: which sources are complete, so searchable, each with a stamp of its ingest.

It is a table in the BM25 file (lexical.py), beside the index that every process sharing
a store already reads on each question. Each change gets a new sequence number, so a
process brings its copy up to date by reading the rows changed since it last looked,
and tells removals by a count; it never reads the whole list again. Reading every
source record from Chroma instead took 33 s at 250k sources (a million passages), paid
by each process's first question; a filtered get of the new ones, 0.6 s after each ingest.

The store writes a source's catalog row after its rows and before its Chroma record, and
removes the Chroma record before the catalog row: so every Chroma source record has its
catalog row, and a store whose Chroma holds more sources than its catalog (written before
the catalog existed, or given a new BM25 file) is caught up once, at open (`Store`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from retrieval.lexical import LexicalStore

SCHEMA = (
    # AUTOINCREMENT: a sequence number is never reused, so "changed since" misses nothing after a removal.
    """CREATE TABLE IF NOT EXISTS catalog (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stamp TEXT NOT NULL, published TEXT NOT NULL)""",
    # One row once the catalog has been caught up with the sources Chroma holds (`Store`).
    "CREATE TABLE IF NOT EXISTS catalog_complete (one INTEGER PRIMARY KEY CHECK (one = 1))",
)


class Entry(NamedTuple):
    source_id: str
    stamp: str  # changes when the source is (re)ingested
    published: str  # YYYY-MM-DD or ""


@dataclass(frozen=True)
class Catalog:
    """The complete sources: each id with a stamp that changes when the source is (re)ingested."""

    stamps: dict[str, str]
    newest_published: str  # YYYY-MM-DD or ""
    revision: int  # this process's count of the changes it has seen: equal revisions, equal catalogs

    @cached_property
    def source_ids(self) -> frozenset[str]:  # cached: asked for on every question
        return frozenset(self.stamps)


class CatalogReader:
    """This process's copy of the catalog, brought up to date when the file has changed."""

    def __init__(self, lexical: LexicalStore) -> None:
        self._lexical = lexical
        self._version = -1
        self._seq = 0  # the highest sequence number read
        self._stamps: dict[str, str] = {}
        self._published: dict[str, str] = {}
        self._catalog = Catalog({}, "", 0)
        self._lock = threading.Lock()  # questions on other threads wait for a read under way

    def current(self) -> Catalog:
        with self._lock:
            return self._current()

    def _current(self) -> Catalog:
        version = self._lexical.version()  # one pragma: the common case of no change costs ~10 µs
        if version == self._version:
            return self._catalog
        self._version = version  # before reading: a commit during the read shows as a change next time
        with self._lexical.snapshot() as query:
            changed = query("SELECT seq, id, stamp, published FROM catalog WHERE seq > ? ORDER BY seq", (self._seq,))
            for seq, source_id, stamp, published in changed:
                self._stamps[source_id] = stamp
                self._published[source_id] = published
                self._seq = seq
            # Every row changed since is read, so fewer rows than entries means some were removed.
            gone = set()
            if query("SELECT count(*) FROM catalog")[0][0] != len(self._stamps):
                gone = self._stamps.keys() - {i for (i,) in query("SELECT id FROM catalog")}
                for source_id in gone:
                    del self._stamps[source_id], self._published[source_id]
        if changed or gone:
            newest = max(self._published.values(), default="")
            self._catalog = Catalog(dict(self._stamps), newest, self._catalog.revision + 1)
        return self._catalog
