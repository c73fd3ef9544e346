"""The catalog: which sources are complete, so searchable.

It is a table in the BM25 file (lexical.py), beside the index that every process sharing a
store already reads on each question. Every change is a row with a new sequence number (a
removal leaves a row saying so), so a process brings its copy up to date by reading the rows
changed since it last looked; it never reads the whole list again. Reading every source
record from Chroma instead took 33 s at 250k sources (a million passages), paid by each
process's first question, and a filtered get of the new ones 0.6 s after each ingest.

The store lists a source after writing its rows and before its Chroma record, and unlists
it after removing that record: so every Chroma source record has its catalog row, and a
store whose Chroma holds more sources than its catalog (written before the catalog existed,
or given a new BM25 file) is caught up once, at open (`Store`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from retrieval.lexical import LexicalStore

SCHEMA = (
    # AUTOINCREMENT: a sequence number is never reused, so "changed since" misses nothing.
    """CREATE TABLE IF NOT EXISTS catalog (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, published TEXT NOT NULL,
        listed INTEGER NOT NULL)""",
    # One row once the catalog has been caught up with the sources Chroma holds (`Store`).
    "CREATE TABLE IF NOT EXISTS catalog_complete (one INTEGER PRIMARY KEY CHECK (one = 1))",
)


class Entry(NamedTuple):
    source_id: str
    published: str  # YYYY-MM-DD or ""


@dataclass(frozen=True)
class Catalog:
    """The complete sources, as this process last read them."""

    source_ids: frozenset[str]
    newest_published: str  # YYYY-MM-DD or ""
    revision: int  # this process's count of the changes it has seen: equal revisions, equal catalogs


class CatalogReader:
    """This process's copy of the catalog, brought up to date when the file has changed."""

    def __init__(self, lexical: LexicalStore) -> None:
        self._lexical = lexical
        self._version = -1
        self._seq = 0  # the highest sequence number read
        self._published: dict[str, str] = {}  # the listed sources' publication dates
        self._catalog = Catalog(frozenset(), "", 0)
        self._lock = threading.Lock()  # questions on other threads wait for a read under way

    def current(self) -> Catalog:
        with self._lock:
            return self._current()

    def _current(self) -> Catalog:
        version = self._lexical.version()  # one pragma: the common case of no change costs ~10 µs
        if version == self._version:
            return self._catalog
        self._version = version  # before reading: a commit during the read shows as a change next time
        changed = self._lexical.query(
            "SELECT seq, id, published, listed FROM catalog WHERE seq > ? ORDER BY seq", (self._seq,)
        )
        if not changed:
            return self._catalog
        newest, removed = self._catalog.newest_published, False
        for seq, source_id, published, listed in changed:
            if listed:
                self._published[source_id] = published
                newest = max(newest, published)
            else:
                removed |= self._published.pop(source_id, None) is not None
            self._seq = seq
        if removed:
            newest = max(self._published.values(), default="")
        self._catalog = Catalog(frozenset(self._published), newest, self._catalog.revision + 1)
        return self._catalog
