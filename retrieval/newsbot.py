"""The one facade both front ends call: ingest, ask, sources, remove, extract."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from config import Settings
from retrieval import embeddings
from retrieval import sources as loaders
from retrieval.answers import Composer
from retrieval.fetching import FetchLimits
from retrieval.language import has_words, other_language
from retrieval.models import Answer, Article, IngestReport, Passage, Skipped, Source, SourceFailure, Statement
from retrieval.passages import PassageSplitter
from retrieval.questions import Question, parse_question
from retrieval.search import Ranked, Searcher
from retrieval.catalog import Catalog
from retrieval.store import ArticleRows, Store

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from retrieval.llm.composer import LLMComposer
    from retrieval.llm.extract import StatementFinder

# progress(read, label) is called as each source is read during an ingest.
Progress = Callable[[int, str], None]

logger = logging.getLogger(__name__)

_BATCH_ARTICLES = 16  # articles embedded together: large enough to keep the model busy


class Newsbot:
    def __init__(self, settings: Settings, chat_model: BaseChatModel | None = None) -> None:
        """`chat_model` answers in place of the one NEWSBOT_LLM names (any LangChain chat model)."""
        self.settings = settings
        self.embedder = embeddings.shared(settings.embedding_batch_size, settings.embedding_threads)
        self.store = Store(settings, self.embedder)
        self.searcher = Searcher(self.store, self.embedder)
        self.composer = Composer(
            self.searcher.lexical["passages"], settings.answer_max_words, settings.passages_per_answer
        )
        self._write_lock = threading.Lock()  # one writer at a time; readers go on
        self._extraction = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        # Built now, so that a missing provider package is reported at start, not at the first question.
        self.llm: LLMComposer | None = self._llm_composer(chat_model)
        self.statement_finder: StatementFinder | None = None
        if self.llm is not None and settings.llm_extract_statements:
            from retrieval.llm.extract import StatementFinder

            self.statement_finder = StatementFinder(self.llm.model)

    @property
    def streams(self) -> bool:
        """Does `ask_stream` yield drafts before the answer (an LLM writes it)?"""
        return self.llm is not None

    def _llm_composer(self, chat_model: BaseChatModel | None) -> LLMComposer | None:
        if chat_model is None and not self.settings.llm:
            return None  # extractive: nothing LLM-related is imported
        from retrieval.llm.composer import LLMComposer
        from retrieval.llm.model import chat_model as configured

        s = self.settings
        return LLMComposer(chat_model or configured(s), s.llm_timeout_s, s.answer_max_words, s.passages_per_answer)

    @cached_property
    def splitter(self) -> PassageSplitter:
        return PassageSplitter(self.settings.passage_chars, self.settings.spacy_model)

    @cached_property
    def extractor(self):
        from retrieval.attribution import StatementExtractor

        return StatementExtractor(model=self.settings.spacy_model)

    # -- ingest ----------------------------------------------------------------------------

    def ingest(self, targets: Iterable[str], progress: Progress | None = None) -> IngestReport:
        """Ingest files, directories and http(s) URLs named by the machine's own user (the CLI)."""
        items = (item for target in targets for item in self._guarded(loaders.load, target))
        return self._ingest_items(items, progress)

    def ingest_urls(self, urls: Iterable[str], progress: Progress | None = None) -> IngestReport:
        """Ingest http(s) URLs that came from outside (chats, feeds): never a local path."""
        items = (item for url in urls for item in self._guarded(loaders.load_url, url))
        return self._ingest_items(items, progress)

    def _guarded(self, loader, target: str) -> Iterator[Article | SourceFailure | Skipped]:
        try:
            yield from loader(target, FetchLimits.of(self.settings))
        except Exception as error:  # a loader's bug must not cost the other sources
            logger.exception("Reading %s failed", target)
            yield SourceFailure(origin=target, reason=f"could not be read ({type(error).__name__}: {error})")

    def ingest_text(self, text: str, title: str = "", url: str = "", source_id: str = "") -> IngestReport:
        """Ingest pasted text (a seed-format first line is honoured)."""
        source_id = source_id or loaders.slug(title or text[:60])
        item = loaders.parse_text(text, source_id=source_id, url=url, origin=title or "pasted text")
        if isinstance(item, Article) and title:
            item.title = title
        return self._ingest_items([item], None)

    def ingest_bytes(self, data: bytes, filename: str) -> IngestReport:
        """Ingest an uploaded file, its format chosen by the file name's extension."""
        return self._ingest_items(loaders.load_bytes(data, filename, self.settings.max_source_bytes), None)

    def _ingest_items(self, items: Iterable[Article | SourceFailure], progress: Progress | None) -> IngestReport:
        report = IngestReport()
        with self._write_lock:
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
            split = self.splitter.split_many(articles)
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
        passages = [p for group in batch.split for p in group]
        vectors, states = self.embedder.embed_with_states([_passage_text(p) for p in passages])
        statements = batch.statements.result()
        statement_vectors = self._statement_vectors(
            [s for group in statements for s in group], dict(zip((p.passage_id for p in passages), zip(passages, states)))
        )
        rows, p_at, s_at = [], 0, 0
        for article, passages, said in zip(batch.articles, batch.split, statements):
            p_end, s_end = p_at + len(passages), s_at + len(said)
            rows.append(ArticleRows(article, passages, vectors[p_at:p_end], said, statement_vectors[s_at:s_end]))
            p_at, s_at = p_end, s_end
        self.store.add(rows)
        for stored in rows:
            report.new.append(stored.article.source_id)
            report.passages += len(stored.passages)
            report.statements += len(stored.statements)

    def _statements_of(self, articles: list[Article], split: list[list[Passage]]) -> list[list[Statement]]:
        if not self.settings.extract_statements:
            return [[] for _ in articles]
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
                shift = passage.start - len(_passage_text(passage)) + len(passage.text)  # article offset of the text's start
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

    # -- questions -------------------------------------------------------------------------

    def ask(self, question: str, previous: Answer | None = None) -> Answer:
        """Answer with citations; `previous` is the last answer in this conversation, for follow-ups."""
        *_, answer = self.ask_stream(question, previous)
        return answer

    def ask_stream(self, question: str, previous: Answer | None = None) -> Iterator[str | Answer]:
        """Like `ask`, for front ends that show an answer as it is written: with an LLM set, yields
        drafts (the sentences that passed the citation check so far, as text), and always ends with
        the checked Answer. Extractive answers come whole, as the only item."""
        question = question.strip()
        if not question:
            yield Answer(question=question, answer="Ask me a question about the news.")
            return
        if refusal := self._refusal(question):
            yield refusal
            return
        parsed, ranked, said_before = self._evidence(question, previous)
        answer = self.composer.compose(parsed, ranked, said_before=said_before)
        if said_before and not answer.found and parsed.speakers:
            answer.answer = f"That is all I have from {parsed.speakers[0]}."
        elif not answer.found and (language := other_language(question)):
            answer.answer = f"I can only read questions in English for now, and this looks like {language}. Please ask in English."
        if self.llm is None or not answer.found:  # the extractive relevance bar decides for both composers
            yield answer
            return
        yield from self.llm.stream(question, ranked, fallback=answer, said_before=said_before)

    def _refusal(self, question: str) -> Answer | None:
        """Why a question can't be taken as it is, as an answer: no words in it, or far too long."""
        if not has_words(question):
            return Answer(question=question, answer="Ask me in words, for example: What did the minister say about the budget?")
        if len(question) > self.settings.max_question_chars:
            return Answer(
                question=question[: self.settings.max_question_chars],
                answer=f"That question is {len(question):,} characters long; please ask in under "
                f"{self.settings.max_question_chars:,}.",
            )
        return None

    def retrieve(self, question: str, k: int = 4) -> list[tuple[Passage, list[Statement]]]:
        """The `k` best passages for a question, each with the statements extracted from it."""
        _, ranked, _ = self._evidence(question.strip(), None)
        passages = [p for p, _ in ranked.passages[:k]]
        said = self.store.statements_in(p.passage_id for p in passages)
        return [(p, said.get(p.passage_id, [])) for p in passages]

    def warm(self) -> None:
        """Load what a first question needs (the catalog, the name indexes, Chroma's vector indexes:
        ~9 s at a million passages) by retrieving for a throwaway question, so no user waits on it."""
        self.retrieve("What was said?")

    def _evidence(self, question: str, previous: Answer | None) -> tuple[Question, Ranked, str]:
        """The parsed question, the ranked evidence, and what was said before when it asks for more."""
        catalog = self._catalog()
        speakers = self.searcher.speakers
        parsed = parse_question(
            question,
            known_speakers=speakers,
            reference_date=_reference_date(catalog),
            known_places=self.searcher.places,
        )
        said_before = ""
        if parsed.pronoun and not parsed.speakers and previous and previous.citations:
            parsed.speakers = _speakers_in(previous, speakers)
            if _FOLLOW_ON.search(question):
                # what was answered, and the source sentences it came from, are not said again
                said_before = "\n".join([previous.answer, *(c.quote for c in previous.citations)])
        return parsed, self.searcher.search(parsed, catalog.source_ids), said_before

    def statements_by(self, name: str, limit: int = 8) -> Answer:
        """A person's most recent statements across sources, dated and cited."""
        self._catalog()
        parsed = parse_question(f"What did {name} say?", known_speakers=self.searcher.speakers)
        ids = self.searcher.statements_by(parsed.speakers) if parsed.speakers else []
        found = sorted(self.store.statements_by_id(ids).values(), key=lambda s: s.date, reverse=True)[:limit]
        if not found:
            return Answer(question=name, answer=f"I have no statements by {name} yet.")
        passages = self.store.passages_by_id(s.passage_id for s in found)
        return self.composer.listing(name, [(s, passages[s.passage_id]) for s in found if s.passage_id in passages])

    def _catalog(self) -> Catalog:
        catalog = self.store.catalog()
        self.searcher.refresh(catalog)
        return catalog

    # -- sources ---------------------------------------------------------------------------

    def sources(self) -> list[Source]:
        return self.store.list_sources()

    def remove(self, source_id: str) -> bool:
        with self._write_lock:
            return self.store.purge(source_id)

    def extract(self, text: str) -> list[Statement]:
        """Attributed statements of one plain-text article, offsets into `text` as given."""
        return self.extractor.extract(text)  # a seed-format first line gives the date and place


def _reference_date(catalog: Catalog) -> dt.date:
    """What "last week" and "on Monday" count from: the newest article's date, else today."""
    return dt.date.fromisoformat(catalog.newest_published) if catalog.newest_published else dt.date.today()


_FOLLOW_ON = re.compile(r"\b(else|more|other|again|also)\b", re.I)


def _speakers_in(previous: Answer, known: Iterable[str]) -> list[str]:
    """Who "he" or "she" refers to: the speaker of the last answer, else the first person it names."""
    text = " ".join(s.speaker for s in previous.statements) or previous.answer
    return parse_question(text, known_speakers=known).speakers[:1]


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
    split: list[list[Passage]]
    statements: Future[list[list[Statement]]]


def _passage_holding(passages: list[Passage], offset: int) -> str:
    holder = passages[0].passage_id if passages else ""
    for passage in passages:
        if passage.start <= offset:
            holder = passage.passage_id
    return holder


def _passage_text(p: Passage) -> str:
    """What a passage's vector embeds: its article's title leads, which the measured retrieval favoured."""
    return f"{p.title}. {p.text}"


def _speaker_text(s: Statement) -> str:
    return f"{s.speaker}, {s.role}" if s.role else s.speaker


def _statement_text(s: Statement) -> str:
    return f"{s.speaker}, {s.role}: {s.content}" if s.role else f"{s.speaker}: {s.content}"
