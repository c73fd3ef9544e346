"""Composing a short, cited, extractive answer from ranked statements and passages.

Every sentence of an answer is either an attributed statement rendered as
"X, ROLE, said on DATE in PLACE: "…" [n]" or a source sentence copied verbatim,
and every citation's quote is a verbatim span of the cited passage. Nothing is
said that no source says; below the relevance bar the answer is "nothing found".
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from retrieval.lexical import LexicalIndex, tokenize
from retrieval.models import Answer, Citation, Passage, SourceRef, Statement, UsedStatement, passage_row_id
from retrieval.names import name_forms, unknown_names, unmentioned
from retrieval.questions import Question
from retrieval.answer_types import holds_new
from retrieval.ranking import Evidence, Ranker, is_direct, tells_kind
from retrieval.rendering import aside_of, quote_for, render_statement, tail_of
from retrieval.search import Ranked
from retrieval.speech_verbs import SPEECH_FORMS

MIN_COVERAGE = 0.34  # share of the question's (IDF-weighted) terms the best evidence must hold
# Evidence that holds few of the question's words must at least be near it in meaning
# ("the capital of France" is not answered by a sentence about a France-based airline).
WEAK_COVERAGE = 0.6
MIN_SIMILARITY = 0.28
CLOSE_SIMILARITY = 0.4  # close enough in meaning to stand in for words the store lacks (a synonym)
NOTHING_FOUND = "I found nothing on that in the stored sources."
LEAD_WORDS = 40  # a first sentence clipped to make room for a second keeps at least this many words
# X's words in a passage this close in meaning to the question are on its topic though worded
# otherwise ("the airline's plan to shed staff" for a question about job cuts).
SAME_TOPIC = 0.6
ARTICLE_PASSAGES = 400  # an article's passages read for the names it mentions (a long one has ~60)
DIRECT_SHARE = 0.75  # a direct quote covering this share of the best coverage wins over reported speech


class Composer:
    def __init__(self, lexical: LexicalIndex, max_words: int = 110, passages: int = 5) -> None:
        self.lexical = lexical
        self.max_words = max_words
        self.ranker = Ranker(lexical, passages)

    def compose(self, question: Question, ranked: Ranked, said_before: str = "") -> Answer:
        """The answer; `said_before` is an answer already given, not to be repeated ("what else did he say?")."""
        unknown = unknown_names(question, ranked, self.lexical)
        weights = self.ranker.term_weights(question)
        own_words = bool(question.speakers) and question.asks_what_said
        evidence = self.ranker.candidates(question, ranked, weights, said_before)
        if unknown:
            return Answer(question=question.text, answer=f"{NOTHING_FOUND} Nothing stored mentions {', '.join(unknown)}.")
        if own_words:
            # Nothing of X's stored at all, or nothing on Y: "I have nothing from X about Y", never
            # another person's words for X's.
            answer = self._own_words(question, evidence, weights) if evidence else _nothing_from(question)
            if answer.found or question.kind == "quote" or not question.announcement:
                return answer
            return self._announced(question, ranked, said_before) or answer
        if not evidence or evidence[0].by_words < MIN_COVERAGE or _off_topic(evidence[0], ranked, self._missing(weights)):
            return Answer(question=question.text, answer=NOTHING_FOUND)
        missing = self._unmentioned(question, evidence[0], weights)
        if missing:
            return Answer(question=question.text,
                          answer=f"{NOTHING_FOUND} The closest article does not mention {_as_written(missing, question.text)}.")
        chosen = self._choose(question, evidence)
        if question.expects == "money" and not any(holds_new("money", item.quote, question.text) for item in chosen):
            # "How much did Acme pay?" with no sum in what would be shown: the sentence that repeats the
            # question's words tells of the sale, not the price asked for. (Other figures are left to the
            # ranking's preference: "how long" and "how often" are answered in words as often as in digits.)
            return Answer(question=question.text, answer=f"{NOTHING_FOUND} The closest articles give no price for it.")
        return self._assemble(question, chosen)

    def _unmentioned(self, question: Question, best: Evidence, weights: dict[str, float]) -> list[str]:
        """The question's names the best evidence's article never mentions. Its passage is read first;
        the rest of its article only when that lacks one, from the BM25 index (its passages' ids are
        numbered: ids past its end find no row)."""
        words = _stems(best.passage)
        missing = unmentioned(question, words, weights)
        if not missing:
            return []
        sought = {s for name in missing for form in name_forms(question, name) for s in form}
        ids = (passage_row_id(best.passage.source_id, n) for n in range(ARTICLE_PASSAGES))
        return unmentioned(question, words | self.lexical.terms_in(ids, sought), weights)

    def _announced(self, question: Question, ranked: Ranked, said_before: str) -> Answer | None:
        """"When did X announce the sale?" that X's words don't answer: what was announced is an event,
        which a sentence in the article's own voice can tell; shown after saying X's words don't
        (another speaker's words would pass for X's). "How many did X say…?" asks for X's words and
        gets no such answer: answering those from the article too refused 3 fewer of the honesty
        set's traps and gained nothing on the development sets."""
        fact = question.as_fact()
        weights = self.ranker.term_weights(fact)
        told = [e for e in self.ranker.candidates(fact, ranked, weights, said_before)
                if e.statement is None and not _reports_speech(e.quote)]
        if not told or told[0].by_words < MIN_COVERAGE or _off_topic(told[0], ranked, self._missing(weights)):
            return None
        # X's name counts in the words sought, but a sentence about X alone says nothing of what was
        # announced ("Holm, 51, will lead the port" for "When did Holm announce the recall?"); the
        # verb of announcing is the asking, not what was announced.
        asked = {stem: w for stem, w in self.ranker.term_weights(question).items() if stem not in _speech_stems()}
        if asked and self.ranker.in_context(told[0].quote, told[0].passage.title, asked, "") < MIN_COVERAGE:
            return None
        found = self._assemble(question, self._choose(fact, told))
        found.answer = f"{_nothing_from(question).answer} The articles themselves say: {found.answer}"
        return found

    def _missing(self, weights: dict[str, float]) -> float:
        """The weighted share of the question's terms that no stored passage holds."""
        total = sum(weights.values()) or 1.0
        return sum(w for stem, w in weights.items() if not self.lexical.knows(stem)) / total

    def _own_words(self, question: Question, evidence: list[Evidence], weights: dict[str, float]) -> Answer:
        """"What did X say about Y?" from X's words only. If none of them is about Y, say so and offer
        what X did say. Of X's statements about Y, a direct quote beats reported speech that covers Y
        about as well: the speaker's own words are the better answer."""
        # Judged by the statement's own words (cue and content as written), not by its whole source sentence:
        # a sentence can hold one statement of X's on the topic and another, beside it, that is not.
        # A place the question names is where X spoke, not the topic ("What did X say about the port in
        # Lviv?"): the topic is judged on the other words, and the search already prefers words said there.
        topic = _without_places(weights, question) or weights
        # Nor is X's name ("According to the Acme review, …"): what X said is judged without who X is.
        named = set(tokenize([" ".join(question.speakers)])[0])
        topic = {stem: w for stem, w in topic.items() if stem not in named} or topic
        said = _said_words(evidence)
        covered = {id(e): self.ranker.in_context(said[id(e)], e.passage.title, topic, "") for e in evidence}
        # Closeness in meaning stands in for the topic's words only in a passage that names what the
        # topic names: another firm's job cuts read as close to "the Acme job cuts" as Acme's do.
        names = {stem for stem in tokenize([" ".join(question.topic_names)])[0] if stem in topic}
        passages = {e.passage.passage_id: e.passage for e in evidence} if names else {}
        naming = {pid: names <= _stems(p) for pid, p in passages.items()}
        on_topic = [e for e in evidence if not question.terms
                    or _about(covered[id(e)], e.similarity if naming.get(e.passage.passage_id, True) else 0.0)]
        if not on_topic:
            # Offered, not shown: an answer citing X's words on something else would read as an answer.
            return _nothing_from(question, offer=True)
        if any(not e.further for e in on_topic):
            # Below the top passages X's words are a fallback: more shared words there is no reason to leave the top articles.
            on_topic = [e for e in on_topic if not e.further]
        best = max(covered[id(e)] for e in on_topic)
        on_topic.sort(key=lambda e: (is_direct(e) and covered[id(e)] >= DIRECT_SHARE * best, e.score), reverse=True)
        return self._assemble(question, [_named(item, question.speakers[0]) for item in self._choose(question, on_topic)])

    def listing(self, title: str, items: list[tuple[Statement, Passage]]) -> Answer:
        """Statements one per line, each cited: what `/who NAME` shows."""
        citations: list[Citation] = []
        lines, used = [], []
        for statement, passage in items:
            quote = quote_for(statement, passage)
            text = render_statement(statement, quote, aside_of(statement, passage), tail_of(statement, passage))
            item = Evidence(text, quote, passage, 1.0, statement)
            n = _cite(citations, item)
            lines.append(f"{item.text} [{n}]")
            used.append(_used(statement, n))
        return Answer(question=title, answer="\n".join(lines), citations=citations, statements=used)

    # -- assembling ----------------------------------------------------------------------

    def _choose(self, question: Question, evidence: list[Evidence]) -> list[Evidence]:
        best = evidence[0]
        chosen, words = [best], _words(best.text)
        if (question.kind in {"when", "where"} or question.expects == "cause") and not tells_kind(question, best.quote, best.passage):
            # The best sentence tells what happened but not when, where or why: add its article's sentence that does.
            for item in evidence[1:]:
                same_source = item.passage.source_id == best.passage.source_id
                if same_source and item.statement is None and tells_kind(question, item.quote, item.passage):
                    return [item, best] if item.passage.position <= best.passage.position else [best, item]
        for item in evidence[1:]:
            if len(chosen) == 2 or item.score < 0.8 * best.score:
                break
            overlapping = any(item.quote in c.quote or c.quote in item.quote for c in chosen)
            # A long first sentence is clipped (`_assemble`) to make room for a second as relevant, down to
            # LEAD_WORDS: a long direct quote leaves room for the speaker's own summary of it.
            if not overlapping and min(words, LEAD_WORDS) + _words(item.text) <= self.max_words:
                chosen.append(item)
        return chosen

    def _assemble(self, question: Question, chosen: list[Evidence]) -> Answer:
        citations: list[Citation] = []
        sentences, used = [], []
        lead = max(LEAD_WORDS, self.max_words - sum(_words(item.text) for item in chosen[1:]))  # what the first may take
        for i, item in enumerate(chosen):
            n = _cite(citations, item)
            sentences.append(f"{_clip(item.text, lead if i == 0 else self.max_words)} [{n}]")
            if item.statement:
                used.append(_used(item.statement, n))
        return Answer(question=question.text, answer=" ".join(sentences), citations=citations, statements=used)


def _nothing_from(question: Question, offer: bool = False) -> Answer:
    """"I have nothing from X about Y", with no citation; `offer`: X has other words to ask for."""
    speaker = question.speakers[0]
    topic = _topic(question)
    text = f"I have nothing from {speaker} about {topic}." if topic else f"I have nothing from {speaker}."
    if offer:
        text += f" I do have other words of theirs: ask “What did {speaker} say?” to see them."
    return Answer(question=question.text, answer=text)


_BE = {"is", "are", "was", "were", "be", "been", "being"}


def _named(item: Evidence, speaker: str) -> Evidence:
    """X's source sentence as X's answer: "She also said the fees would rise." answers "What did Ada
    Holm say?" only with her name before it (the speaking rules take a pronoun only right after X's
    own sentence, so it is X)."""
    surname = speaker.split()[-1]
    if item.statement is not None or re.search(rf"\b{re.escape(surname)}\b", item.text):
        return item
    return replace(item, text=f"{speaker}: {item.text}")


def _as_written(names: list[str], text: str) -> str:
    """Names listed as the question writes them: "Ada Holm, Acme", not "Ada, Holm, Acme"."""
    out: list[str] = []
    for name in names:
        if out and re.search(rf"\b{re.escape(out[-1])}['’]?s?\s+{re.escape(name)}\b", text):
            out[-1] = f"{out[-1]} {name}"
        else:
            out.append(name)
    return ", ".join(out)


def _stems(passage: Passage) -> set[str]:
    """The words of a passage and its article's title."""
    return set(tokenize([passage.title + " " + passage.text])[0])


def _said_words(evidence: list[Evidence]) -> dict[int, str]:
    """What X said in each item, without who X is. A statement: its cue and content (or its phrase,
    which runs from the cue). X's sentence holding a statement of X's: the sentence without the
    first mention of that statement's role ("Ada Holm, head of the Orchard Bank, said the fees were
    fair" is not about the bank); a role's words later in the sentence stay."""
    roles = {e.quote: e.statement.role for e in evidence if e.statement is not None and e.statement.role}
    said = {}
    for e in evidence:
        s = e.statement
        if s is not None:
            said[id(e)] = s.phrase or f"{s.cue} {s.content}"
        else:
            role = next((r for quote, r in roles.items() if e.quote in quote or quote in e.quote), "")
            said[id(e)] = e.quote.replace(role, " ", 1) if role else e.quote
    return said


@lru_cache(maxsize=1)
def _speech_stems() -> frozenset[str]:
    return frozenset(tokenize([" ".join(SPEECH_FORMS)])[0])


def _reports_speech(sentence: str) -> bool:
    """Does the sentence report someone's words ("…, police said", "according to the union")? A
    passive without its speaker ("the sale was announced on Tuesday") tells an event."""
    words = re.findall(r"[a-z]+", sentence.lower())
    return "according to" in sentence.lower() or any(
        w in SPEECH_FORMS and (i == 0 or words[i - 1] not in _BE) for i, w in enumerate(words))


def _without_places(weights: dict[str, float], question: Question) -> dict[str, float]:
    places = set(tokenize([" ".join(question.places)])[0])
    return {stem: w for stem, w in weights.items() if stem not in places}


def _about(coverage: float, similarity: float) -> bool:
    """Are X's words about the asked topic: enough of its words, or some in a passage close to it in meaning?"""
    return coverage >= MIN_COVERAGE or (coverage > 0 and similarity >= SAME_TOPIC)


def _off_topic(best: Evidence, ranked: Ranked, missing_share: float) -> bool:
    """Weak evidence is no answer when much of what the question asks about appears nowhere in the
    store ("the capital of France" in a store without "capital"), or when it is far in meaning."""
    if best.named or best.by_words >= WEAK_COVERAGE:
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


def _used(s: Statement, n: int) -> UsedStatement:
    return UsedStatement(
        speaker=s.speaker, role=s.role, content=s.content, kind=s.kind, date=s.date, place=s.place, citation=n
    )


def _words(text: str) -> int:
    return len(text.split())


def _clip(text: str, max_words: int) -> str:
    words = text.split()
    return text if len(words) <= max_words else " ".join(words[:max_words]) + " …"


def _topic(question: Question) -> str:
    """The question's topic as the asker wrote it, from its first search term to its last with the
    article before it ("the sale of the freight unit"; "Huber", not "huber"), or its terms alone when
    much else stands between them."""
    terms = set(question.terms) - set(SPEECH_FORMS)  # "announce" is the asking, not the topic
    written = [m for m in re.finditer(r"[\w'’-]+", question.text) if m.group(0).lower() in terms]
    if not written:
        return " ".join(question.terms)
    start = written[0].start()
    article = re.search(r"\b(?:the|a|an|its|his|her|their)\s+$", question.text[:start], re.I)
    span = question.text[start:written[-1].end()]
    if len(span.split()) <= 2 * len(written):
        return (article.group(0).lower() if article else "") + span
    return " ".join(dict.fromkeys(m.group(0) for m in written))
