"""Chroma collections for sources, passages and statements, embedded or on a server.

A source's catalog entry and record are written last, so a source is visible
(searched, listed) only once all of its passages and statements are stored; an
ingest that died half-way leaves rows that the next ingest of the same id clears first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from config import Settings
from retrieval.catalog import Catalog, CatalogReader, Entry
from retrieval.embeddings import DIMENSIONS, MiniLMEmbeddingFunction
from retrieval.lexical import LexicalStore, Row, row
from retrieval.store_metadata import (
    passage_from,
    passage_metadata,
    source_fields,
    source_metadata,
    statement_from,
    statement_metadata,
)
from retrieval.models import (
    Article,
    Passage,
    Source,
    Statement,
    passage_row_id,
    source_of,
    statement_row_id,
)

_PAGE = 5000  # rows per Chroma call: keeps memory flat on large stores
# Sources are looked up by id only; they carry one constant unit vector.
_SOURCE_VECTOR = np.eye(1, DIMENSIONS, dtype=np.float32)[0]


@dataclass(frozen=True)
class ArticleRows:
    """One article ready to store: its passages and statements with their vectors, in order."""

    article: Article
    passages: Sequence[Passage]
    passage_vectors: np.ndarray
    statements: Sequence[Statement]
    statement_vectors: np.ndarray


@dataclass(frozen=True)
class Hit:
    id: str
    score: float  # cosine similarity, higher is closer


class Store:
    def __init__(self, settings: Settings, embedder: MiniLMEmbeddingFunction) -> None:
        self._client = _client(settings)
        self._embedder = embedder
        open_collection = self._client.get_or_create_collection
        config = {"hnsw": {"space": "cosine"}}
        self.sources = open_collection("sources", embedding_function=embedder, configuration=config)
        self.passages = open_collection("passages", embedding_function=embedder, configuration=config)
        self.statements = open_collection("statements", embedding_function=embedder, configuration=config)
        self.lexical = LexicalStore(settings.lexical_file)
        self._catalog = CatalogReader(self.lexical)
        self._caught_up = False

    # -- sources ---------------------------------------------------------------------------

    def content_hash_of(self, source_id: str) -> str | None:
        """The stored source's content hash; None if there is no such source, "" if it predates hashes."""
        rows = self.sources.get(ids=[source_id], include=["metadatas"])
        return str(rows["metadatas"][0].get("content_hash", "")) if rows["ids"] else None

    def source_with_content(self, content_hash: str) -> str | None:
        """The id of a complete source holding this text, if any."""
        rows = self.sources.get(where={"content_hash": content_hash}, limit=1, include=[])
        return rows["ids"][0] if rows["ids"] else None

    def list_sources(self) -> list[Source]:
        rows = _get_all(self.sources, include=["metadatas"])
        return sorted(
            (Source(source_id=i, **source_fields(m)) for i, m in rows),
            key=lambda s: (s.published, s.source_id),
            reverse=True,
        )

    def catalog(self) -> Catalog:
        """The complete sources, as every process sharing the BM25 file sees them at once."""
        if not self._caught_up:
            self._catch_up()
            self._caught_up = True
        return self._catalog.current()

    def _catch_up(self) -> None:
        """List the sources Chroma holds that the catalog lacks: a store written before the catalog
        existed, or opened with a new BM25 file. Once per file: counting Chroma's sources alone
        takes ~2 s at 250k, reading them all ~30 s."""
        if self.lexical.catalog_complete():
            return
        if self.sources.count() > len(listed := self.lexical.listed_ids()):
            stored = _get_all(self.sources, include=["metadatas"])
            self.lexical.list_sources((_entry(i, m) for i, m in stored if i not in listed), replace=False)
        self.lexical.mark_catalog_complete()

    # -- writing ---------------------------------------------------------------------------

    def add(self, batch: Sequence[ArticleRows]) -> None:
        """Store articles with their passages and statements: rows first, then the source records,
        so that no source is visible before all of its rows are."""
        for leftover in self._with_rows([rows.article.source_id for rows in batch]):
            self.purge(leftover)  # left by an ingest that died half-way
        passages = [(p, v) for rows in batch for p, v in zip(rows.passages, rows.passage_vectors)]
        passage_meta = [passage_metadata(p) for p, _ in passages]
        statements = [
            (statement_row_id(s.source_id, i), s, v)
            for rows in batch
            for i, (s, v) in enumerate(zip(rows.statements, rows.statement_vectors))
        ]
        statement_meta = [statement_metadata(s) for _, s, _ in statements]
        # BM25 rows first: a source is visible only once its record is written, last, below.
        self.lexical.add([rows.article.source_id for rows in batch], {
            "passages": [row("passages", p.passage_id, p.text, m) for (p, _), m in zip(passages, passage_meta)],
            "statements": [row("statements", i, s.content, m) for (i, s, _), m in zip(statements, statement_meta)],
        })
        if passages:
            self.passages.add(
                ids=[p.passage_id for p, _ in passages],
                documents=[p.text for p, _ in passages],
                embeddings=np.stack([v for _, v in passages]),
                metadatas=passage_meta,
            )
        if statements:
            self.statements.add(
                ids=[i for i, _, _ in statements],
                documents=[s.content for _, s, _ in statements],
                embeddings=np.stack([v for _, _, v in statements]),
                metadatas=statement_meta,
            )
        records = [source_metadata(rows) for rows in batch]
        # Listed before the Chroma record is written: every record then has its catalog entry,
        # and a process killed in between leaves a source the next ingest of its id replaces.
        self.lexical.list_sources(_entry(rows.article.source_id, m) for rows, m in zip(batch, records))
        self.sources.add(
            ids=[rows.article.source_id for rows in batch],
            documents=[rows.article.title for rows in batch],
            embeddings=np.stack([_SOURCE_VECTOR] * len(batch)),
            metadatas=records,
        )

    def purge(self, source_id: str) -> bool:
        """Delete everything stored for a source (complete or not); True if its record existed."""
        record = self.sources.get(ids=[source_id], include=["metadatas"])
        self.sources.delete(ids=[source_id])
        self.lexical.unlist_sources([source_id])  # after the record: a record never lacks its entry
        if record["ids"]:
            # Rows are numbered, so deleting by id spares Chroma a scan of all metadata.
            meta = record["metadatas"][0]
            for collection, ids in (
                (self.passages, [passage_row_id(source_id, i) for i in range(meta["passages"])]),
                (self.statements, [statement_row_id(source_id, i) for i in range(meta["statements"])]),
            ):
                if ids:
                    collection.delete(ids=ids)
        if self._has_rows(source_id):
            self.passages.delete(where={"source_id": source_id})
            self.statements.delete(where={"source_id": source_id})
        self.lexical.remove([source_id])  # after Chroma's rows: a listed source always has its BM25 rows
        return bool(record["ids"])

    def index_sources(self, source_ids: Iterable[str]) -> None:
        """Write the BM25 rows of stored sources that have none (a store written before the index
        existed), a few hundred sources at a time."""
        source_ids = sorted(source_ids)
        for start in range(0, len(source_ids), 500):
            part = source_ids[start : start + 500]
            rows: dict[str, list[Row]] = {}
            for name in ("passages", "statements"):
                rows[name] = [row(name, i, doc, meta) for i, doc, meta in self.documents_of(name, part)]
            self.lexical.add(part, rows)

    def _has_rows(self, source_id: str) -> bool:
        return bool(self._with_rows([source_id]))

    def _with_rows(self, source_ids: list[str]) -> set[str]:
        """Which of these sources have rows stored (their first passage or statement)."""
        if not source_ids:
            return set()
        found = self.passages.get(ids=[passage_row_id(i, 0) for i in source_ids], include=[])["ids"]
        found += self.statements.get(ids=[statement_row_id(i, 0) for i in source_ids], include=[])["ids"]
        return {source_of(row_id) for row_id in found}

    # -- reading ---------------------------------------------------------------------------

    def nearest(self, collection: str, vector: np.ndarray, n: int) -> list[Hit]:
        result = getattr(self, collection).query(query_embeddings=[vector], n_results=n, include=["distances"])
        return [Hit(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0])]

    def passages_by_id(self, ids: Iterable[str]) -> dict[str, Passage]:
        return {i: passage_from(i, doc, meta) for i, doc, meta in self._rows_by_id(self.passages, ids)}

    def statements_by_id(self, ids: Iterable[str]) -> dict[str, Statement]:
        return {i: statement_from(doc, meta) for i, doc, meta in self._rows_by_id(self.statements, ids)}

    def statements_in(self, passage_ids: Iterable[str]) -> dict[str, list[Statement]]:
        """The statements of each of these passages, in text order."""
        ids = sorted(set(passage_ids))
        out: dict[str, list[Statement]] = {}
        if ids:
            rows = self.statements.get(where={"passage_id": {"$in": ids}}, include=["documents", "metadatas"])
            for doc, meta in zip(rows["documents"], rows["metadatas"]):
                out.setdefault(meta["passage_id"], []).append(statement_from(doc, meta))
        return {i: sorted(found, key=lambda s: s.content_span) for i, found in out.items()}

    @staticmethod
    def _rows_by_id(collection, ids: Iterable[str]) -> list[tuple[str, str, dict]]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
        rows = collection.get(ids=ids, include=["documents", "metadatas"])
        return list(zip(rows["ids"], rows["documents"], rows["metadatas"]))

    def vectors_of(self, collection: str, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """Ids and vectors of these rows (those still stored)."""
        rows = getattr(self, collection).get(ids=ids, include=["embeddings"])
        return rows["ids"], np.asarray(rows["embeddings"], dtype=np.float32).reshape(len(rows["ids"]), DIMENSIONS)

    def all_documents(self, collection: str) -> Iterable[tuple[str, str, dict]]:
        """(id, document, metadata) of every row, paged."""
        return _paged(getattr(self, collection), where=None)

    def documents_of(self, collection: str, source_ids: Iterable[str]) -> Iterable[tuple[str, str, dict]]:
        """(id, document, metadata) of the rows of some sources, paged."""
        source_ids = sorted(source_ids)
        for start in range(0, len(source_ids), 500):
            where = {"source_id": {"$in": source_ids[start : start + 500]}}
            yield from _paged(getattr(self, collection), where=where)


def _entry(source_id: str, record: dict) -> Entry:
    return Entry(source_id, str(record.get("published", "")))


def _client(settings: Settings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def _pages(collection, include: list, where: dict | None = None) -> Iterator[dict]:
    """Chroma `get` results, _PAGE rows at a time."""
    offset = 0
    while True:
        rows = collection.get(where=where, include=include, limit=_PAGE, offset=offset)
        if not rows["ids"]:
            return
        yield rows
        offset += len(rows["ids"])


def _paged(collection, where: dict | None) -> Iterator[tuple[str, str, dict]]:
    for rows in _pages(collection, ["documents", "metadatas"], where):
        yield from zip(rows["ids"], rows["documents"], rows["metadatas"])


def _get_all(collection, include: list) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    for rows in _pages(collection, include):
        out.extend(zip(rows["ids"], rows.get("metadatas") or [{}] * len(rows["ids"])))
    return out
