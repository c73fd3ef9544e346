"""Hybrid retrieval: dense (Chroma) and BM25 candidates fused by reciprocal rank.

Speaker- and date-narrowed statement search does not ask Chroma for a filtered
vector query (its `where` makes HNSW queries 30-200x slower at 100k rows); it
narrows to candidate ids in memory, from facets kept with the BM25 rows, and
scores those exactly against the query vector.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from retrieval.dates import iso
from retrieval.embeddings import MiniLMEmbeddingFunction
from retrieval.ranking import role_bonus
from retrieval.models import Passage, Statement
from retrieval.questions import Question
from retrieval.catalog import Catalog
from retrieval.store import Store

RRF_K = 60
_POOL = 40  # candidates asked of each retriever before fusion


@dataclass
class Ranked:
    passages: list[tuple[Passage, float]] = field(default_factory=list)
    statements: list[tuple[Statement, float]] = field(default_factory=list)
    holding: dict[str, Passage] = field(default_factory=dict)  # the passages the statements are in
    # Cosine similarity to the question of every ranked passage and of the passages holding the
    # ranked statements (a statement's own, when closer): how close the evidence is in meaning.
    similarity: dict[str, float] = field(default_factory=dict)


def rrf(*rankings: list[str], k: int = RRF_K) -> dict[str, float]:
    fused: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            fused[item] += 1.0 / (k + rank + 1)
    return fused


class Searcher:
    def __init__(self, store: Store, embedder: MiniLMEmbeddingFunction) -> None:
        self.store = store
        self.embedder = embedder
        self.lexical = store.lexical.indexes  # written by the store as it writes; shared by every process
        self._lock = threading.Lock()  # one catch-up at a time; searches go on beside it
        self._names: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self._synced = -1  # the catalog revision last seen

    @property
    def speakers(self) -> tuple[str, ...]:
        """Stored speaker_ids that are names, sorted, as of the last refresh. Descriptions
        ("federal government") are left out: they would capture every "government" in a question."""
        return self._known()[0]

    @property
    def places(self) -> tuple[str, ...]:
        """Places of stored articles and statements, sorted, as of the last refresh."""
        return self._known()[1]

    def _known(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if self._names is None:
            speakers = self.lexical["statements"].values("speaker")
            names = tuple(s for s in speakers if s.split() and s.split()[-1][:1].isupper())
            places = tuple(sorted({p for index in self.lexical.values() for p in index.values("place")}))
            self._names = (names, places)
        return self._names

    def refresh(self, catalog: Catalog) -> None:
        """Take up a change of the stored sources: new speakers and places. The BM25 rows are
        already there, written before the sources became visible; only a store written before
        the index existed has sources without rows, and those are indexed once, here."""
        if self._synced == catalog.revision:
            return
        with self._lock:
            if self._synced != catalog.revision:
                self._names = None
                lexical = self.store.lexical
                # Counting first: reading 25k source ids costs the first answer after a write ~30 ms.
                if lexical.source_count() < len(catalog.source_ids):
                    if missing := catalog.source_ids - lexical.source_ids():
                        self.store.index_sources(missing)
                self._synced = catalog.revision

    def search(self, question: Question, visible: set[str], depth: int = 10) -> Ranked:
        vector = np.asarray(self.embedder.embed_query([question.text])[0], dtype=np.float32)
        # Roles as asked: the offices a "boss" or "head" may hold would pull in every chief executive.
        asked = question.text.lower()
        query = " ".join([question.text, *question.speakers, *(r for r in question.roles if re.search(rf"\b{re.escape(r.lower())}\b", asked))])
        similarity: dict[str, float] = {}
        # No lock: Chroma and the BM25 file's reader serve threads at once, so questions in
        # flight overlap their store calls (two cores, one question at a time, was ~16 a second).
        statements = self._statements(vector, query, question, visible, depth, similarity)
        holding_ids = [s.passage_id for s, _ in statements]
        passages, found = self._passages(vector, query, question, visible, depth, holding_ids, similarity)
        holding = {i: found[i] for i in holding_ids if i in found}
        self._fill_similarity(vector, [p.passage_id for p, _ in passages] + list(holding), similarity)
        return Ranked(passages=passages, statements=statements, holding=holding, similarity=similarity)

    def _fill_similarity(self, vector, passage_ids: list[str], similarity: dict[str, float]) -> None:
        """Cosine similarity of the candidates the dense search did not rank (found by their words
        only): the ranker weighs every candidate's closeness in meaning, not only the dense pool's."""
        if missing := [i for i in dict.fromkeys(passage_ids) if i not in similarity]:
            ids, vectors = self.store.vectors_of("passages", missing)
            similarity.update(zip(ids, (vectors @ vector).tolist()))

    def _passages(
        self, vector, query: str, question: Question, visible, depth: int, also: list[str], similarity: dict
    ) -> tuple[list[tuple[Passage, float]], dict[str, Passage]]:
        """The ranked passages, and every passage fetched (those ranked and those in `also`): one store call."""
        hits = self.store.nearest("passages", vector, _POOL)
        for hit in hits:
            similarity[hit.id] = max(similarity.get(hit.id, -1.0), hit.score)
        dense = [h.id for h in hits]
        lexical = [i for i, _ in self.lexical["passages"].search(query, _POOL)]
        fused = rrf(dense, lexical)
        top = sorted(fused, key=fused.get, reverse=True)[: depth * 2]
        found = self.store.passages_by_id(top + also)
        ranked = [
            (p, fused[i] * _passage_boost(p, question))
            for i, p in ((i, found.get(i)) for i in top)
            if p is not None and p.source_id in visible
        ]
        ranked.sort(key=lambda pair: pair[1], reverse=True)
        return ranked[:depth], found

    def _statements(
        self, vector, query: str, question: Question, visible, depth, similarity: dict
    ) -> list[tuple[Statement, float]]:
        statements = self.lexical["statements"]
        # "What did X say…" is answered from X's statements only: another person's better-matching
        # words are no answer. A speaker named in a who-question is the topic ("Who criticised
        # Acme Rail?"), not the speaker.
        own_words = bool(question.speakers) and question.asks_what_said
        cosine: dict[str, float] = {}
        rankings: list[list[str]] = []
        if not own_words:
            cosine = {h.id: h.score for h in self.store.nearest("statements", vector, _POOL)}
            rankings = [list(cosine), [i for i, _ in statements.search(query, _POOL)]]
        if question.speakers and question.kind != "who":
            rankings += self._narrowed(vector, query, statements.rows_where(speakers=question.speakers), cosine)
        if own_words and question.body:
            # A body's words are its spokespeople's too, whom the speaker index does not list under the
            # body: found by its name in their role; the ranker keeps those who speak for it.
            rankings.append([i for i, _ in statements.search(f"{question.body} {query}", _POOL)])
        if _narrow_dates(question):
            start, end = question.date_from.toordinal(), question.date_to.toordinal()
            speakers = question.speakers if own_words else None
            rankings += self._narrowed(vector, query, statements.rows_where(speakers, start, end), cosine)
        fused = rrf(*rankings)
        found = self.store.statements_by_id(sorted(fused, key=fused.get, reverse=True)[: depth * 3])
        for i, s in found.items():
            if i in cosine:
                similarity[s.passage_id] = max(similarity.get(s.passage_id, -1.0), cosine[i])
        scored = [(s, fused[i] * _statement_boost(s, question)) for i, s in found.items() if s.source_id in visible]
        scored.sort(key=lambda pair: pair[1], reverse=True)
        return scored[:depth]

    def statements_by(self, speakers: list[str]) -> list[str]:
        """Ids of these speakers' statements."""
        return self.lexical["statements"].rows_where(speakers=speakers)

    def _narrowed(self, vector, query: str, ids: list[str], cosine: dict[str, float]) -> list[list[str]]:
        """Statements a question narrows to (a speaker's, a few weeks'), scored exactly against
        the query vector — no filtered vector search, which is ~50x slower in Chroma at 100k rows."""
        if not ids:
            return []
        ids, vectors = self.store.vectors_of("statements", ids)
        scores = vectors @ vector
        top = np.argsort(-scores)[:_POOL]
        cosine.update({ids[i]: float(scores[i]) for i in top})
        dense = [ids[i] for i in top]
        lexical = [i for i, _ in self.lexical["statements"].search(query, _POOL, within=set(ids))]
        return [dense, lexical]


_NARROW_DAYS = 62  # a date range this short is worth a candidate list of its own


def _narrow_dates(question: Question) -> bool:
    start, end = question.date_from, question.date_to
    return bool(start and end) and (end - start).days <= _NARROW_DAYS


def _within(day: str, start: dt.date | None, end: dt.date | None, slack_days: int = 0) -> bool:
    value = iso(day)
    if value is None or not (start or end):
        return False
    last = end + dt.timedelta(days=slack_days) if end else dt.date.max  # open-ended: "since 2008"
    return (start or dt.date.min) <= value <= last


def _statement_boost(s: Statement, question: Question) -> float:
    """Dates, places and roles in the question favour statements made then and there, by them."""
    # The statement's passage is not fetched yet: only a role naming the employer counts here.
    boost = (1.5 if _within(s.date, question.date_from, question.date_to) else 1.0) * (1 + role_bonus(question, s))
    if s.place and any(s.place.lower() == place.lower() for place in question.places):
        boost *= 1.3
    return boost


def _passage_boost(p: Passage, question: Question) -> float:
    """Articles published in the asked period (or the week after: news reports lag) and passages
    naming the asked place come first."""
    boost = 1.3 if _within(p.published, question.date_from, question.date_to, slack_days=7) else 1.0
    if any(place.lower() in p.text.lower() or place.lower() in p.place.lower() for place in question.places):
        boost *= 1.2
    return boost
