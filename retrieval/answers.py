"""Composing a short, cited, extractive answer from ranked statements and passages.

Every sentence of an answer is either an attributed statement rendered as
"X, ROLE, said on DATE in PLACE: "…" [n]" or a source sentence copied verbatim,
and every citation's quote is a verbatim span of the cited passage. Nothing is
said that no source says; below the relevance bar the answer is "nothing found".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from retrieval.stopwords import STOP_WORDS  # spaCy's list, without importing spaCy

from retrieval.attribution.dates import resolve_date
from retrieval.lexical import LexicalIndex, tokenize
from retrieval.models import Answer, Citation, Passage, SourceRef, Statement, UsedStatement
from retrieval.passages import sentence_spans
from retrieval.question_dates import MONTHS, WEEKDAYS
from retrieval.questions import Question, parse_question, reports_speech
from retrieval.search import Ranked, role_bonus

MIN_COVERAGE = 0.34  # share of the question's (IDF-weighted) terms the best evidence must hold
# Evidence that holds few of the question's words must at least be near it in meaning
# ("the capital of France" is not answered by a sentence about Air France).
WEAK_COVERAGE = 0.6
MIN_SIMILARITY = 0.28
CLOSE_SIMILARITY = 0.4  # close enough in meaning to stand in for words the store lacks (a synonym)
NOTHING_FOUND = "I found nothing on that in the stored sources."
DIRECT_SHARE = 0.75  # a direct quote covering this share of the best coverage wins over reported speech


@dataclass
class Evidence:
    """One candidate answer sentence with what supports it."""

    text: str  # the answer sentence, without its citation mark
    quote: str  # verbatim source text supporting it
    passage: Passage
    score: float
    statement: Statement | None = None
    copies: list[Passage] = field(default_factory=list)  # near-identical text in other sources
    named: bool = False  # by a speaker the question names


class Composer:
    def __init__(self, lexical: LexicalIndex, max_words: int = 110, passages: int = 5) -> None:
        self.lexical = lexical
        self.max_words = max_words
        self.passages_considered = passages  # top passages whose sentences may answer

    def compose(self, question: Question, ranked: Ranked, said_before: str = "") -> Answer:
        """The answer; `said_before` is an answer already given, not to be repeated ("what else did he say?")."""
        unknown = self._unknown_names(question)
        weights = self._term_weights(question)
        own_words = bool(question.speakers) and question.asks_what_said
        evidence = self._from_statements(question, ranked, weights)
        passages = self._from_passages(question, ranked, weights)
        if own_words:  # only sentences in which the asked speaker is the one speaking
            passages = [e for e in passages if e.quote in _sentences_of(e.passage, question.speakers)]
        evidence += passages
        evidence = [e for e in evidence if not (said_before and _said(e, said_before))]
        evidence.sort(key=lambda e: e.score, reverse=True)
        evidence = _collapse_copies(evidence)
        if unknown:
            return Answer(question=question.text, answer=f"{NOTHING_FOUND} Nothing stored mentions {', '.join(unknown)}.")
        if own_words and evidence:
            return self._own_words(question, evidence, weights)
        total = sum(weights.values()) or 1.0
        missing = sum(w for stem, w in weights.items() if not self.lexical.knows(stem)) / total
        if not evidence or evidence[0].score < MIN_COVERAGE or _off_topic(evidence[0], ranked, missing):
            return Answer(question=question.text, answer=NOTHING_FOUND)
        return self._assemble(question, self._choose(question, evidence))

    def _own_words(self, question: Question, evidence: list[Evidence], weights: dict[str, float]) -> Answer:
        """"What did X say about Y?" from X's words only. If none of them is about Y, say so and offer
        what X did say. Of X's statements about Y, a direct quote beats reported speech that covers Y
        about as well: the speaker's own words are the better answer."""
        covered = {id(e): self._in_context(e.quote, e.passage.title, weights, "") for e in evidence}
        on_topic = [e for e in evidence if not question.terms or covered[id(e)] >= MIN_COVERAGE]
        if not on_topic:
            offered = self._assemble(question, [evidence[0]])
            offered.answer = (f"I have nothing from {question.speakers[0]} about {' '.join(question.terms)}. "
                              f"What I have from them: {offered.answer}")
            return offered
        best = max(covered[id(e)] for e in on_topic)
        on_topic.sort(key=lambda e: (_is_direct(e) and covered[id(e)] >= DIRECT_SHARE * best, e.score), reverse=True)
        return self._assemble(question, self._choose(question, on_topic))

    def listing(self, title: str, items: list[tuple[Statement, Passage]]) -> Answer:
        """Statements one per line, each cited: what `/who NAME` shows."""
        citations: list[Citation] = []
        lines, used = [], []
        for statement, passage in items:
            quote = _quote_for(statement, passage)
            item = Evidence(render_statement(statement, quote), quote, passage, 1.0, statement)
            n = _cite(citations, item)
            lines.append(f"{item.text} [{n}]")
            used.append(_used(statement, n))
        return Answer(question=title, answer="\n".join(lines), citations=citations, statements=used)

    # -- relevance ---------------------------------------------------------------------

    def _term_weights(self, question: Question) -> dict[str, float]:
        """IDF of each question term; a term no passage holds weighs as much as the rarest known one,
        so a question mostly about unknown things can't pass on one common word."""
        stems = list(dict.fromkeys(tokenize([" ".join(question.terms)])[0]))  # no content words: no weights
        weights = {s: self.lexical.idf(s) for s in stems}
        rarest = self.lexical.max_idf()
        return {s: w or rarest for s, w in weights.items()}

    def _unknown_names(self, question: Question) -> list[str]:
        """Names and numbers in the question that no stored passage contains: we can't know about those."""
        names = re.findall(r"(?<!^)(?<![.?!] )\b([A-Z][\w'-]*[a-z0-9][\w'-]*|\d[\w.%-]*\d)\b", question.text)
        unknown = []
        for name in dict.fromkeys(re.sub(r"['’]s$", "", n) for n in names):
            stems = tokenize([name.replace("-", " ")])[0]
            known = _names_speaker(name, question) or name in question.places or _is_date_word(name)
            if stems and not all(self.lexical.knows(s) for s in stems) and not known:
                unknown.append(name)
        return unknown

    @staticmethod
    def _coverage(present: set[str], weights: dict[str, float]) -> float:
        """The IDF-weighted share of the question's terms among the `present` stems."""
        total = sum(weights.values())
        if not total:
            return 0.0
        return sum(w for stem, w in weights.items() if stem in present) / total

    def _in_context(self, text: str, title: str, weights: dict[str, float], question: str) -> float:
        """Coverage by the text itself, half credit for terms only its article's title holds,
        and a bonus for phrases the question repeats ("just the beginning")."""
        own_stems, title_stems = (set(stems) for stems in tokenize([text, title]))
        own = self._coverage(own_stems, weights)
        titled = self._coverage(own_stems | title_stems, weights)
        return own + 0.5 * (titled - own) + _shared_phrases(question, text)

    # -- candidates --------------------------------------------------------------------

    def _from_statements(self, question, ranked: Ranked, weights) -> list[Evidence]:
        out = []
        asked_verbs = set(tokenize([question.text])[0]) - {"said", "say", "tell", "told"}
        for rank, (statement, _) in enumerate(ranked.statements):
            passage = ranked.holding.get(statement.passage_id)
            if passage is None:
                continue
            quote = _quote_for(statement, passage)
            about = f"{statement.speaker} {statement.role} {quote}"
            score = self._in_context(about, passage.title, weights, question.text) + 0.05 / (rank + 1)
            named = statement.speaker_id in question.speakers and (question.asks_what_said or not question.terms)
            if named:
                score += 0.5  # the question names this speaker: their words come first
            elif question.kind in {"quote", "who"}:
                score += 0.1
            elif not question.speakers:
                score -= 0.15  # an event is better told by the sentence that reports it
            if statement.kind == "direct":
                score += 0.02  # of equally relevant statements, the speaker's own words first
            score += role_bonus(question, statement)
            if statement.cue and set(tokenize([statement.cue])[0]) & asked_verbs:
                score += 0.1  # "What did Jobs call podcasting?" — called, not said
            out.append(Evidence(render_statement(statement, quote), quote, passage, score, statement, named=named))
        return out

    def _from_passages(self, question, ranked: Ranked, weights) -> list[Evidence]:
        out = []
        for rank, (passage, _) in enumerate(ranked.passages[: self.passages_considered]):
            for start, end in sentence_spans(passage.text):
                sentence = passage.text[start:end]
                score = self._in_context(sentence, passage.title, weights, question.text) + 0.05 / (rank + 1)
                text = sentence
                if question.kind == "when":  # the day is needed twice: found once
                    day = _day_named(sentence, passage)
                    score += 0.15 if day else 0.0
                    text = _dated(sentence, passage, day)
                else:
                    score += _answers_kind(question.kind, sentence, passage)
                out.append(Evidence(text, sentence, passage, score))
        return out

    # -- assembling ----------------------------------------------------------------------

    def _choose(self, question: Question, evidence: list[Evidence]) -> list[Evidence]:
        best = evidence[0]
        chosen, words = [best], _words(best.text)
        if question.kind in {"when", "where"} and not _answers_kind(question.kind, best.quote, best.passage):
            # The best sentence tells what happened but not when or where: add its article's sentence that does.
            for item in evidence[1:]:
                same_source = item.passage.source_id == best.passage.source_id
                if same_source and item.statement is None and _answers_kind(question.kind, item.quote, item.passage):
                    return [item, best] if item.passage.position <= best.passage.position else [best, item]
        for item in evidence[1:]:
            if len(chosen) == 2 or item.score < 0.8 * best.score:
                break
            overlapping = any(item.quote in c.quote or c.quote in item.quote for c in chosen)
            if not overlapping and words + _words(item.text) <= self.max_words:
                chosen.append(item)
                words += _words(item.text)
        return chosen

    def _assemble(self, question: Question, chosen: list[Evidence]) -> Answer:
        citations: list[Citation] = []
        sentences, used = [], []
        for item in chosen:
            n = _cite(citations, item)
            sentences.append(f"{_clip(item.text, self.max_words)} [{n}]")
            if item.statement:
                used.append(_used(item.statement, n))
        return Answer(question=question.text, answer=" ".join(sentences), citations=citations, statements=used)


def _off_topic(best: Evidence, ranked: Ranked, missing_share: float) -> bool:
    """Weak evidence is no answer when much of what the question asks about appears nowhere in the
    store ("the capital of France" in a store without "capital"), or when it is far in meaning."""
    if best.named or best.score >= WEAK_COVERAGE:
        return False
    similarity = ranked.similarity.get(best.passage.passage_id, -1.0)
    return similarity < MIN_SIMILARITY or (missing_share >= 0.4 and similarity < CLOSE_SIMILARITY)


def _cite(citations: list[Citation], item: Evidence) -> int:
    for citation in citations:
        if citation.source_id == item.passage.source_id and citation.quote == item.quote:
            return citation.n
    p = item.passage
    n = len(citations) + 1
    also = [_ref(copy) for copy in item.copies]
    citations.append(Citation(n=n, **_ref(p).model_dump(), quote=item.quote, also=also))
    return n


def _ref(p: Passage) -> SourceRef:
    return SourceRef(source_id=p.source_id, title=p.title, url=p.url, published=p.published, place=p.place)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return set(zip(words, words[1:], words[2:])) or {tuple(words)}


def _similar(x: set, y: set) -> bool:
    """Same text up to small edits (a wire copy): word-trigram Jaccard of 0.6 or more."""
    return len(x & y) >= 0.6 * len(x | y)


def _collapse_copies(evidence: list[Evidence]) -> list[Evidence]:
    """Keep the best of each group of near-identical sentences from different sources; list the others as copies."""
    kept: list[tuple[Evidence, set]] = []
    for item in evidence:
        shingles = _shingles(item.quote)
        original = next(
            (k for k, ks in kept if k.passage.source_id != item.passage.source_id and _similar(ks, shingles)),
            None,
        )
        if original is None:
            kept.append((item, shingles))
        elif all(c.source_id != item.passage.source_id for c in original.copies):
            original.copies.append(item.passage)
    return [k for k, _ in kept]


def _used(s: Statement, n: int) -> UsedStatement:
    return UsedStatement(
        speaker=s.speaker, role=s.role, content=s.content, kind=s.kind, date=s.date, place=s.place, citation=n
    )


def _quote_for(statement: Statement, passage: Passage) -> str:
    """The passage's sentences that hold the statement's speaker and content, verbatim."""
    spans = [statement.content_span] + ([statement.speaker_span] if statement.speaker_span else [])
    lo = max(0, min(s for s, _ in spans) - passage.start)
    hi = min(len(passage.text), max(e for _, e in spans) - passage.start)
    picked = [(s, e) for s, e in sentence_spans(passage.text) if s < hi and e > lo]
    if not picked:
        return passage.text
    return passage.text[picked[0][0] : picked[-1][1]]


def human_date(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def render_statement(s: Statement, quote: str) -> str:
    """"X, ROLE, said on DATE in PLACE: "…"" — a day or place the source text doesn't give
    (the article's date, its dateline) is shown as such, not as where or when it was said."""
    who = f"{s.speaker}, {s.role}," if s.role else s.speaker
    when = f" on {human_date(s.date)}" if s.date and not s.date_assumed else ""
    said_where = bool(s.place) and s.place.lower() in quote.lower()
    where = ""
    if said_where:
        where = f" {'on' if s.place.lower() in _VENUES else 'in'} {s.place}"
    notes = [f"reported {human_date(s.date)}"] if s.date and s.date_assumed else []
    if s.place and not said_where:
        notes.append(f"dateline {s.place}")
    note = f" ({', '.join(notes)})" if notes else ""
    content = s.content.strip()
    if s.kind == "direct":
        return f'{who} said{when}{where}{note}: "{content}"'
    return f"{who} said{when}{where}{note} that {_clause(content)}"


def _clause(content: str) -> str:
    """Reported speech continues the sentence ("Two Chinese were…" becomes "two Chinese were…")
    and ends it once: 'cars of tomorrow,"' becomes 'cars of tomorrow."'."""
    first, _, rest = content.strip().partition(" ")
    if first.lower() in STOP_WORDS and first[1:].islower():
        first = first.lower()
    clause = re.sub(r"[,;:]+([\"”’]?)$", r"\1", f"{first} {rest}".strip())
    if re.search(r"[.!?][\"”’]?$", clause):
        return clause
    if clause[-1:] in "\"”’":
        return clause[:-1] + "." + clause[-1]
    return clause + "."


_VENUES = {"social media", "television", "national television", "radio", "twitter", "facebook", "x", "telegram"}


def _dated(sentence: str, passage: Passage, day: dt.date | None) -> str:
    """A sentence for a "when" question, led by the day it names, else by its article's date."""
    if day:
        return f"{human_date(day.isoformat())}: {sentence}"
    return f"{sentence} (reported {human_date(passage.published)})" if passage.published else sentence


def _said(item: Evidence, said_before: str) -> bool:
    """Given already: the same statement, or a source sentence that was quoted as evidence."""
    return item.text in said_before or (item.statement is None and item.quote in said_before)


def _is_direct(item: Evidence) -> bool:
    return item.statement is not None and item.statement.kind == "direct"


_PRONOUN = re.compile(r"\b(?:he|she|they|him|her)\b", re.I)


def _sentences_of(passage: Passage, speakers: list[str]) -> set[str]:
    """The passage's sentences that report these speakers' words: ones naming them (by surname)
    with a speech verb, and ones that go on by pronoun ("…, she said") right after a sentence
    that named them."""
    surnames = [re.compile(rf"\b{re.escape(name.split()[-1])}\b") for name in speakers if name.split()]
    found, previous_named = set(), False
    for start, end in sentence_spans(passage.text):
        sentence = passage.text[start:end]
        named = any(s.search(sentence) for s in surnames)
        if reports_speech(sentence) and (named or (previous_named and _PRONOUN.search(sentence))):
            found.add(sentence)
        previous_named = named or (previous_named and sentence in found)
    return found


_NAMED_PLACE = re.compile(
    r"\b(?:in|at|near|outside)\s+(?:the\s+)?(?!(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w'.-]+"
)


def _answers_kind(kind: str, sentence: str, passage: Passage) -> float:
    """A bonus for a sentence that holds what a when- or where-question asks for: a day, a place."""
    if kind == "when":
        return 0.15 if _day_named(sentence, passage) else 0.0
    if kind == "where":
        return 0.15 if _NAMED_PLACE.search(sentence) else 0.0
    return 0.0


def _day_named(sentence: str, passage: Passage) -> dt.date | None:
    """The day a sentence names ("on Tuesday", "June 18"), resolved against its article's date."""
    published = dt.date.fromisoformat(passage.published) if passage.published else None
    return resolve_date(sentence, published)[0]


def _is_date_word(name: str) -> bool:
    """Months, weekdays and years are read as dates, not as things the store must mention."""
    return name.lower() in _DATE_WORDS or bool(re.fullmatch(r"(?:19|20)\d\d", name))


_DATE_WORDS = set(MONTHS) | set(WEEKDAYS)


def _names_speaker(name: str, question: Question) -> bool:
    """Is `name` one of the question's matched speakers, perhaps spelt another way (Zelensky)?"""
    return bool(question.speakers) and bool(parse_question(name, known_speakers=question.speakers).speakers)


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[\w'-]+", text.lower())
    return set(zip(words, words[1:]))


def _shared_phrases(question: str, text: str) -> float:
    return min(0.3, 0.1 * len(_bigrams(question) & _bigrams(text)))


def _words(text: str) -> int:
    return len(text.split())


def _clip(text: str, max_words: int) -> str:
    words = text.split()
    return text if len(words) <= max_words else " ".join(words[:max_words]) + " …"
