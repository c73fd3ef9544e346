"""Ingest: articles in; their passages, statements and vectors stored.

Articles go through in batches. spaCy (one core, holding the GIL) splits one batch into passages
and extracts its statements on a worker thread while the embedding model (which releases the GIL)
embeds the batch before it; a statement's vector is then pooled from its passage's own embedding
pass, not computed again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from config import Settings
from retrieval import embeddings
from retrieval.models import Article, IngestReport, Passage, Skipped, SourceFailure, Statement
from retrieval.passages import PassageSplitter
from retrieval.store import ArticleRows, Store

if TYPE_CHECKING:
    from retrieval.attribution import StatementExtractor
    from retrieval.llm.extract import StatementFinder

# progress(read, label) is called as each source is read during an ingest.
Progress = Callable[[int, str], None]

logger = logging.getLogger(__name__)

_BATCH_ARTICLES = 16  # articles embedded together: large enough to keep the model busy


class Ingestion:
    """The ingest pipeline of one store; the caller holds the store's write lock around `run`."""

    def __init__(
        self,
        settings: Settings,
        embedder: embeddings.MiniLMEmbeddingFunction,
        store: Store,
        statement_finder: StatementFinder | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.statement_finder = statement_finder  # the LLM's, for passages the rules found nothing in
        self._extraction = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")

    @cached_property
    def splitter(self) -> PassageSplitter:
        return PassageSplitter(self.settings.passage_chars, self.settings.spacy_model)

    @cached_property
    def extractor(self) -> StatementExtractor:
        from retrieval.attribution import StatementExtractor

        return StatementExtractor(model=self.settings.spacy_model)

    def run(self, items: Iterable[Article | SourceFailure | Skipped], progress: Progress | None = None) -> IngestReport:
        """Store each new article of `items`; failures, skips and texts already stored are reported."""
        report = IngestReport()
        pending: list[Article] = []
        started: _Batch | None = None
        run = _RunIds()
        for read, item in enumerate(items, start=1):
            if isinstance(item, SourceFailure):
                report.failed.append(item)
            elif isinstance(item, Skipped):
                report.skipped.append(item)
            elif present := self._already_stored(item, run):
                report.already_present.append(present)
            else:
                run.add(item)
                pending.append(item)
                if len(pending) == _BATCH_ARTICLES:
                    started = self._next_batch(started, pending, report)
                    pending = []
            if progress:
                progress(read, getattr(item, "source_id", "") or item.origin)
        self._finish_safely(self._next_batch(started, pending, report), report)
        return report

    def _already_stored(self, article: Article, run: _RunIds) -> str:
        """The id under which this text is already stored ("" if it is not). Otherwise, if its id is
        taken by a different text (two folders' index.md), the article gets its own id, made
        from its content so that a re-run finds it again."""
        content = article.content_hash
        present = run.by_content.get(content) or self.store.source_with_content(content)
        if present:
            return present
        stored = self.store.content_hash_of(article.source_id)
        if stored == "":  # stored before content hashes were kept: the id is all we can go by
            return article.source_id
        if stored is not None or article.source_id in run.ids:
            article.source_id = f"{article.source_id}-{content[:8]}"
        return ""

    def _next_batch(self, started: _Batch | None, articles: list[Article], report: IngestReport) -> _Batch | None:
        """Start extracting statements from `articles`, then finish the batch started before: spaCy
        (one core, holding the GIL) works on one batch while the embedding model (which releases
        the GIL) works on the previous one."""
        batch = None
        if articles:
            # The splitting is spaCy's too: on the worker, it no longer holds up the embedding.
            split = self._extraction.submit(self.splitter.split_many, articles)
            batch = _Batch(articles, split, self._extraction.submit(self._statements_of, articles, split))
        self._finish_safely(started, report)
        return batch

    def _finish_safely(self, batch: _Batch | None, report: IngestReport) -> None:
        if batch is None:
            return
        try:
            self._finish(batch, report)
        except Exception as error:  # e.g. a parser crash on one odd article: report it, go on
            logger.exception("Storing %d articles failed", len(batch.articles))
            reason = f"could not be stored ({type(error).__name__}: {error})"
            report.failed += [SourceFailure(origin=a.origin or a.source_id, reason=reason) for a in batch.articles]

    def _finish(self, batch: _Batch, report: IngestReport) -> None:
        split = batch.split.result()
        passages = [p for group in split for p in group]
        vectors, states = self.embedder.embed_with_states([passage_text(p) for p in passages])
        statements = batch.statements.result()
        statement_vectors = self._statement_vectors(
            [s for group in statements for s in group], dict(zip((p.passage_id for p in passages), zip(passages, states)))
        )
        rows, p_at, s_at = [], 0, 0
        for article, passages, said in zip(batch.articles, split, statements):
            p_end, s_end = p_at + len(passages), s_at + len(said)
            rows.append(ArticleRows(article, passages, vectors[p_at:p_end], said, statement_vectors[s_at:s_end]))
            p_at, s_at = p_end, s_end
        self.store.add(rows)
        for stored in rows:
            report.new.append(stored.article.source_id)
            report.passages += len(stored.passages)
            report.statements += len(stored.statements)

    def _statements_of(self, articles: list[Article], splitting: Future[list[list[Passage]]]) -> list[list[Statement]]:
        if not self.settings.extract_statements:
            return [[] for _ in articles]
        split = splitting.result()  # done: the one worker split these articles before this call
        batches = self.extractor.extract_many((a.text, a.published, a.place) for a in articles)
        out = []
        for article, passages, found in zip(articles, split, batches):
            for statement in found:
                statement.source_id = article.source_id
                statement.passage_id = _passage_holding(passages, statement.content_span[0])
            extra = self._llm_statements(article, passages, found)
            out.append(sorted(found + extra, key=lambda s: s.content_span) if extra else found)
        return out

    def _llm_statements(self, article: Article, passages: list[Passage], found: list[Statement]) -> list[Statement]:
        """With NEWSBOT_LLM_EXTRACT_STATEMENTS, the LLM's statements in passages the rules found none in."""
        if self.statement_finder is None:
            return []
        covered = {s.passage_id for s in found}
        return [
            statement
            for passage in passages
            if passage.passage_id not in covered
            for statement in self.statement_finder.find(passage, article.published, article.place)
        ]

    def _statement_vectors(
        self, statements: list[Statement], passages: dict[str, tuple[Passage, embeddings.TokenStates]]
    ) -> np.ndarray:
        """One vector per statement: its speaker, cue and content as read in its passage, pooled
        from the passage's own embedding pass. Embedding each statement again cost ~40 % as much
        as the passages and lost the passage around it. A statement whose words the passage's
        tokens do not cover (an LLM's, past the model's 256 tokens) is embedded on its own."""
        out = np.empty((len(statements), embeddings.DIMENSIONS), dtype=np.float32)
        alone: list[int] = []
        pooled: list[int] = []
        for i, s in enumerate(statements):
            held = passages.get(s.passage_id)
            vector = None
            if held is not None:
                passage, states = held
                shift = passage.start - len(passage_text(passage)) + len(passage.text)  # article offset of the text's start
                spans = [span for span in (s.speaker_span, s.cue_span, s.content_span) if span]
                vector = states.pooled([(a - shift, b - shift) for a, b in spans])
            if vector is None:
                alone.append(i)
            else:
                out[i] = vector
                pooled.append(i)
        if alone:
            out[alone] = np.asarray(self.embedder([_statement_text(statements[i]) for i in alone]), dtype=np.float32)
        # Who spoke, as the old stand-alone text ("Name, role: content") carried it: the pooled tokens
        # are mostly the content's, and the name's own vector costs a few tokens per speaker.
        if pooled:
            who = sorted({_speaker_text(statements[i]) for i in pooled})
            named = dict(zip(who, np.asarray(self.embedder(who), dtype=np.float32)))
            for i in pooled:
                mixed = out[i] + named[_speaker_text(statements[i])]
                out[i] = mixed / max(float(np.linalg.norm(mixed)), 1e-12)
        return out


@dataclass
class _RunIds:
    """The articles taken so far in one ingest run, by id and by content."""

    ids: set[str] = field(default_factory=set)
    by_content: dict[str, str] = field(default_factory=dict)

    def add(self, article: Article) -> None:
        self.ids.add(article.source_id)
        self.by_content[article.content_hash] = article.source_id


@dataclass
class _Batch:
    """Articles on their way into the store, their statements still being extracted."""

    articles: list[Article]
    split: Future[list[list[Passage]]]
    statements: Future[list[list[Statement]]]


def _passage_holding(passages: list[Passage], offset: int) -> str:
    holder = passages[0].passage_id if passages else ""
    for passage in passages:
        if passage.start <= offset:
            holder = passage.passage_id
    return holder


def passage_text(p: Passage) -> str:
    """What a passage's vector embeds: its article's title leads, which the measured retrieval favoured."""
    return f"{p.title}. {p.text}"


def _speaker_text(s: Statement) -> str:
    return f"{s.speaker}, {s.role}" if s.role else s.speaker


def _statement_text(s: Statement) -> str:
    return f"{s.speaker}, {s.role}: {s.content}" if s.role else f"{s.speaker}: {s.content}"
