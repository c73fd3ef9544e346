"""Hybrid retrieval: dense (Chroma) and BM25 candidates fused by reciprocal rank.

Speaker-filtered statement search does not ask Chroma for a filtered vector
query (its `where` makes HNSW queries ~25x slower); it narrows to the speaker's
statement ids by metadata and scores those exactly against the query vector.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from retrieval.embeddings import MiniLMEmbeddingFunction
from retrieval.lexical import LexicalIndex
from retrieval.models import Passage, Statement
from retrieval.questions import Question
from retrieval.store import Catalog, Store

RRF_K = 60
_POOL = 40  # candidates asked of each retriever before fusion


@dataclass
class Ranked:
    passages: list[tuple[Passage, float]] = field(default_factory=list)
    statements: list[tuple[Statement, float]] = field(default_factory=list)


def rrf(*rankings: list[str], k: int = RRF_K) -> dict[str, float]:
    fused: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            fused[item] += 1.0 / (k + rank + 1)
    return fused


class Searcher:
    def __init__(self, store: Store, embedder: MiniLMEmbeddingFunction, lexical_dir) -> None:
        self.store = store
        self.embedder = embedder
        self.lexical = {
            "passages": LexicalIndex(lexical_dir / "passages"),
            "statements": LexicalIndex(lexical_dir / "statements"),
        }
        self._speakers: tuple[list, frozenset[str]] | None = None
        self._synced = ""  # the catalog signature the indexes were last brought in step with

    @property
    def speakers(self) -> frozenset[str]:
        """Stored speaker_ids that are names, as of the last refresh. Descriptions ("federal
        government") are left out: they would capture every "government" in a question."""
        stored = self.lexical["statements"].extra.get("speakers", [])
        if self._speakers is None or self._speakers[0] is not stored:
            names = frozenset(s for s in stored if s.split() and s.split()[-1][:1].isupper())
            self._speakers = (stored, names)
        return self._speakers[1]

    def refresh(self, catalog: Catalog) -> None:
        """Bring the BM25 indexes in step with the stored sources: a small change in place, else a rebuild."""
        if self._synced == catalog.signature:
            return
        for name, index in self.lexical.items():
            added, removed = index.changes(catalog.stamps)
            if not (added or removed):
                continue
            rows, speakers = self._rows(name, self.store.documents_of(name, added))
            extra = {"speakers": sorted(set(index.extra.get("speakers", [])) | speakers)}
            if not index.update(rows, {i: catalog.stamps[i] for i in added}, removed, extra):
                rows, speakers = self._rows(name, self.store.all_documents(name), catalog.source_ids)
                index.rebuild(rows, catalog.stamps, {"speakers": sorted(speakers)})
        self._synced = catalog.signature

    @staticmethod
    def _rows(name: str, documents, visible: frozenset[str] | None = None) -> tuple[list[tuple[str, str]], set[str]]:
        """(id, text to index) of each row, and the speakers among them."""
        rows, speakers = [], set()
        for row_id, doc, meta in documents:
            if visible is None or meta["source_id"] in visible:
                rows.append((row_id, _lexical_text(name, doc, meta)))
                if name == "statements":
                    speakers.add(meta["speaker_id"])
        return rows, speakers

    def search(self, question: Question, visible: set[str], depth: int = 10) -> Ranked:
        vector = np.asarray(self.embedder.embed_query([question.text])[0], dtype=np.float32)
        query = " ".join([question.text, *question.speakers, *question.roles])
        passages = self._passages(vector, query, visible, depth)
        statements = self._statements(vector, query, question, visible, depth)
        return Ranked(passages=passages, statements=statements)

    def _passages(self, vector, query: str, visible: set[str], depth: int) -> list[tuple[Passage, float]]:
        dense = [h.id for h in self.store.nearest("passages", vector, _POOL)]
        lexical = [i for i, _ in self.lexical["passages"].search(query, _POOL)]
        fused = rrf(dense, lexical)
        top = sorted(fused, key=fused.get, reverse=True)[: depth * 2]
        found = self.store.passages_by_id(top)
        ranked = [(found[i], fused[i]) for i in top if i in found and found[i].source_id in visible]
        return ranked[:depth]

    def _statements(self, vector, query: str, question: Question, visible, depth) -> list[tuple[Statement, float]]:
        rankings = [
            [h.id for h in self.store.nearest("statements", vector, _POOL)],
            [i for i, _ in self.lexical["statements"].search(query, _POOL)],
        ]
        # A speaker named in a who-question is the topic ("Who criticised Apple?"), not the speaker.
        if question.speakers and question.kind != "who":
            rankings += self._speaker_rankings(vector, query, question.speakers)
        fused = rrf(*rankings)
        found = self.store.statements_by_id(sorted(fused, key=fused.get, reverse=True)[: depth * 3])
        scored = [
            (s, fused[i] * _date_boost(s.date, question.date_from, question.date_to))
            for i, s in found.items()
            if s.source_id in visible
        ]
        scored.sort(key=lambda pair: pair[1], reverse=True)
        return scored[:depth]

    def _speaker_rankings(self, vector, query: str, speakers: list[str]) -> list[list[str]]:
        """The named speakers' statements, scored exactly: a metadata lookup, then a dot product."""
        ids, vectors = self.store.vectors_where("statements", {"speaker_id": {"$in": list(speakers)}})
        dense = [ids[i] for i in np.argsort(-(vectors @ vector))[:_POOL]]
        lexical = [i for i, _ in self.lexical["statements"].search(query, _POOL, within=set(ids))]
        return [dense, lexical]


def _date_boost(date: str, start: dt.date | None, end: dt.date | None) -> float:
    if not (start and date):
        return 1.0
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        return 1.0
    return 1.5 if start <= day <= (end or start) else 1.0


def _lexical_text(collection: str, document: str, meta: dict) -> str:
    if collection == "statements":
        return f"{meta['speaker']} {meta['role']} {document}"
    return f"{meta['title']}. {document}"
