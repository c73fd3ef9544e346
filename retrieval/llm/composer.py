"""Composing an answer with a chat model, held to verified citations.

The LLM composer takes the same ranked evidence as the extractive one. The model's
text streams in; each sentence, once complete, goes through the citation check, and
drafts show only the sentences that passed. The final answer is the checked text,
or, when too little passes, the model fails or the time is up, the extractive answer.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from retrieval.llm.check import Cited, check, check_sentence, citations_in, quoted_spans, split_sentences
from retrieval.llm.prompt import messages, number_sources
from retrieval.models import Answer, Citation, Dropped, UsedStatement
from retrieval.sentences import sentence_spans
from retrieval.search import Ranked

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

logger = logging.getLogger(__name__)

# Share of the model's sentences that must pass for its answer to be sent: below it the answer has
# lost too much of what it meant to say, and the extractive one is better.
MIN_KEPT_SHARE = 0.5
# The reason given for sentences that passed but went unsent with the rest of their answer.
TOO_LITTLE_LEFT = "passed, but too few of the answer's sentences did: the extractive answer was sent"


class LLMComposer:
    def __init__(self, model: BaseChatModel, timeout_s: float, max_words: int = 110, passages: int = 5) -> None:
        self.model = model
        self.timeout_s = timeout_s
        self.max_words = max_words
        self.passages = passages

    def stream(self, question: str, ranked: Ranked, fallback: Answer, said_before: str = "") -> Iterator[str | Answer]:
        """Drafts (the checked sentences so far, numbered as in the final answer), then the Answer."""
        sources = {c.n: c for c in number_sources(ranked, self.passages)}
        prompt = messages(question, list(sources.values()), self.max_words, said_before)
        text, verdicts, shown = "", {}, 0
        try:
            for piece in self._pieces(prompt):
                text += piece
                complete = split_sentences(text)[:-1]  # the last one may still be growing
                for sentence in complete:
                    if sentence not in verdicts:
                        verdicts[sentence] = check_sentence(sentence, sources)
                kept = [s for s in complete if verdicts[s] is None]
                if len(kept) > shown:
                    shown = len(kept)
                    yield _renumbered(kept)[0]
        except Exception as error:  # a provider error or a timeout must cost the user nothing but fluency
            logger.warning("LLM answer failed (%s: %s); sending the extractive answer", type(error).__name__, error)
            yield fallback
            return
        checked = check(text, sources)
        total = len(checked.kept) + len(checked.dropped)
        if not checked.kept or len(checked.kept) < MIN_KEPT_SHARE * total:
            logger.info("LLM answer kept %d of %d sentences; sending the extractive answer", len(checked.kept), total)
            unsent = [Dropped(sentence=s, reason=TOO_LITTLE_LEFT) for s in checked.kept]
            yield fallback.model_copy(update={"dropped": checked.dropped + unsent})
            return
        yield self._answer(question, checked.kept, checked.dropped, sources)

    def _pieces(self, prompt: list[tuple[str, str]]) -> Iterator[str]:
        """The model's text as it streams, ending with TimeoutError past the deadline: the stream is
        read in its own thread so that a provider that hangs cannot hold the answer."""
        pieces: queue.Queue = queue.Queue()

        def read() -> None:
            try:
                for chunk in self.model.stream(prompt):
                    pieces.put(("text", str(chunk.text)))
                pieces.put(("end", None))
            except Exception as error:  # handed to the reader, which decides
                pieces.put(("error", error))

        threading.Thread(target=read, name="llm-stream", daemon=True).start()
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                kind, value = pieces.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no complete answer within {self.timeout_s:g} s") from None
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value

    def _answer(self, question: str, kept: list[str], dropped: list[Dropped], sources: dict[int, Cited]) -> Answer:
        text, order = _renumbered(kept)
        citations, used = [], []
        for new, old in enumerate(order, start=1):
            source = sources[old]
            citing = [s for s in kept if old in citations_in(s)]
            p = source.passage
            citations.append(Citation(n=new, source_id=p.source_id, title=p.title, url=p.url, published=p.published,
                                      place=p.place, quote=_supporting(source, citing)))
            for statement in source.statements:
                if any(_mentions(s, statement.speaker) for s in citing):
                    used.append(UsedStatement(speaker=statement.speaker, role=statement.role, content=statement.content,
                                              kind=statement.kind, date=statement.date, place=statement.place, citation=new))
        return Answer(question=question, answer=text, citations=citations, statements=used, composer="llm", dropped=dropped)


def _renumbered(sentences: list[str]) -> tuple[str, list[int]]:
    """The sentences joined, their source numbers renumbered 1, 2, … in order of first citation
    (drafts and the final answer number alike); and the old number of each new one."""
    order = list(dict.fromkeys(n for s in sentences for n in citations_in(s)))
    new = {old: i for i, old in enumerate(order, start=1)}

    def renumber(match: re.Match) -> str:
        return "".join(f"[{new[int(n)]}]" for n in re.split(r"\s*[,;]\s*", match.group(1)))

    text = " ".join(re.sub(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]", renumber, s) for s in sentences)
    return text, order


def _supporting(source: Cited, citing: list[str]) -> str:
    """The passage's verbatim sentences that support what cites it: those holding its quotes,
    else the one sharing the most words with it."""
    text = source.passage.text
    sentences = [text[a:b] for a, b in sentence_spans(text)] or [text]
    quotes = [q for s in citing for q in quoted_spans(s)]
    holding = [s for s in sentences if any(q.strip(" .,;:!?") in s for q in quotes)]
    if holding:
        return " ".join(holding)
    words = {w.lower() for s in citing for w in re.findall(r"\w+", s)}
    return max(sentences, key=lambda s: len(words & {w.lower() for w in re.findall(r"\w+", s)}))


def _mentions(sentence: str, speaker: str) -> bool:
    """Does the sentence name this speaker (by any one of the words of their name)?"""
    words = {w.lower() for w in re.findall(r"\w+", sentence)}
    return any(part.lower() in words for part in speaker.split() if len(part) > 2)
