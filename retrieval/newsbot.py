"""The one facade both front ends call: ingest, ask, sources, remove, extract."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from config import Settings
from retrieval import embeddings
from retrieval import sources as loaders
from retrieval.answers import Composer
from retrieval.catalog import Catalog
from retrieval.fetching import FetchLimits
from retrieval.ingestion import Ingestion, Progress
from retrieval.language import has_words, other_language
from retrieval.models import Answer, Article, IngestReport, Passage, Skipped, Source, SourceFailure, Statement
from retrieval.questions import Question, parse_question
from retrieval.search import Ranked, Searcher
from retrieval.store import Store

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from retrieval.llm.composer import LLMComposer

__all__ = ["Newsbot", "Progress"]

logger = logging.getLogger(__name__)


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
        # Built now, so that a missing provider package is reported at start, not at the first question.
        self.llm: LLMComposer | None = self._llm_composer(chat_model)
        finder = None
        if self.llm is not None and settings.llm_extract_statements:
            from retrieval.llm.extract import StatementFinder

            finder = StatementFinder(self.llm.model)
        self.ingestion = Ingestion(settings, self.embedder, self.store, finder)

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

    def _ingest_items(self, items: Iterable[Article | SourceFailure | Skipped], progress: Progress | None) -> IngestReport:
        with self._write_lock:
            return self.ingestion.run(items, progress)

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
        return self.ingestion.extractor.extract(text)  # a seed-format first line gives the date and place


def _reference_date(catalog: Catalog) -> dt.date:
    """What "last week" and "on Monday" count from: the newest article's date, else today."""
    return dt.date.fromisoformat(catalog.newest_published) if catalog.newest_published else dt.date.today()


_FOLLOW_ON = re.compile(r"\b(else|more|other|again|also)\b", re.I)


def _speakers_in(previous: Answer, known: Iterable[str]) -> list[str]:
    """Who "he" or "she" refers to: the speaker of the last answer, else the first person it names."""
    text = " ".join(s.speaker for s in previous.statements) or previous.answer
    return parse_question(text, known_speakers=known).speakers[:1]
