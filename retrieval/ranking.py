"""Relevance, scored in one place: how well each source sentence and statement answers a question.

The search (retrieval.search) finds candidates; this module scores them; the composer
(retrieval.answers) only chooses among them and renders. Scores are the IDF-weighted share of the
question's terms a candidate holds (its article's title counting half), plus the named weights
below, each for a pattern a test shows with made-up text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from retrieval.dates import MONTHS, WEEKDAYS, iso, names_period, resolve_date
from retrieval.lexical import LexicalIndex, tokenize
from retrieval.models import Passage, Statement
from retrieval.passages import passage_sentences
from retrieval.attribution.gazetteer import SPEECH_FORMS
from retrieval.questions import Question
from retrieval.rendering import aside_of, human_date, render_statement, tail_of

if TYPE_CHECKING:
    from retrieval.search import Ranked

# Named weights, added to a candidate's coverage of the question (0..1).
RANK_BONUS = 0.05  # divided by the candidate's search rank (1, 2, …): ties go to what search ranked first
NAMED_SPEAKER = 0.5  # the question names this speaker and asks for their words
SPEAKER_KIND = 0.1  # a quote- or who-question: statements before plain sentences
EVENT_PENALTY = 0.15  # no speaker asked about: an event is better told by the sentence that reports it
DIRECT = 0.02  # of equally relevant statements, the speaker's own words first
ASKED_CUE = 0.1  # the question's own verb is the statement's cue ("What did X call Y?": called, not said)
HAS_DAY = 0.15  # a when-question: a sentence naming a day; a where-question: one naming a place
TITLE_SHARE = 0.5  # credit for question terms only the candidate's article title holds
PHRASE = 0.1  # per two-word phrase the candidate repeats from the question, up to PHRASES_MAX
PHRASES_MAX = 0.3
RELATION = 0.25  # "Who is the CEO of X?": the sentence that ties a name to the role
ROLE_HOLDER = 0.3  # the asked role is the statement's speaker's ("the chief executive")
ROLE_AT_EMPLOYER = 0.2  # … at the asked employer, plus ROLE_EMPLOYER_SHARE times the share of its name matched
ROLE_EMPLOYER_SHARE = 0.4
WIRE_COPY = 0.6  # word-trigram Jaccard at which two sentences of different sources are one text


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
    further: bool = False  # from a passage below the top ones: X's words there answer only when the top hold none


class Ranker:
    def __init__(self, lexical: LexicalIndex, passages: int = 5) -> None:
        self.lexical = lexical
        self.passages_considered = passages  # top passages whose sentences may answer

    def candidates(self, question: Question, ranked: Ranked, weights: dict[str, float], said_before: str = "") -> list[Evidence]:
        """Scored candidates, best first, wire copies collapsed. For "What did X say…?" only X's words:
        X's statements, and sentences in which X is the one speaking."""
        evidence = self._from_statements(question, ranked, weights) + self._from_passages(question, ranked, weights)
        if question.year_named:
            # "… in 2031?": what happened at another time is no answer either. ("Tonight" and "this
            # week" count from the newest article, and a question may mean an older one's.)
            evidence = [e for e in evidence if _of_period(e, question.date_from, question.date_to)]
        evidence = [e for e in evidence if not (said_before and _said(e, said_before))]
        evidence.sort(key=lambda e: e.score, reverse=True)
        return _collapse_copies(evidence)

    def term_weights(self, question: Question) -> dict[str, float]:
        """IDF of each question term; a term no passage holds weighs as much as the rarest known one,
        so a question mostly about unknown things can't pass on one common word."""
        stems = list(dict.fromkeys(tokenize([" ".join(question.terms)])[0]))  # no content words: no weights
        weights = {s: self.lexical.idf(s) for s in stems}
        rarest = self.lexical.max_idf()
        return {s: w or rarest for s, w in weights.items()}

    @staticmethod
    def _coverage(present: set[str], weights: dict[str, float]) -> float:
        """The IDF-weighted share of the question's terms among the `present` stems."""
        total = sum(weights.values())
        if not total:
            return 0.0
        return sum(w for stem, w in weights.items() if stem in present) / total

    def in_context(self, text: str, title: str, weights: dict[str, float], question: str) -> float:
        """Coverage by the text itself, half credit for terms only its article's title holds,
        and a bonus for phrases the question repeats ("just the beginning")."""
        own_stems, title_stems = (set(stems) for stems in tokenize([text, title]))
        own = self._coverage(own_stems, weights)
        titled = self._coverage(own_stems | title_stems, weights)
        return own + TITLE_SHARE * (titled - own) + _shared_phrases(question, text)

    def _from_statements(self, question, ranked: Ranked, weights) -> list[Evidence]:
        out = []
        asked_verbs = set(tokenize([question.text])[0]) - {"said", "say", "tell", "told"}
        for rank, (statement, _) in enumerate(ranked.statements):
            passage = ranked.holding.get(statement.passage_id)
            if passage is None:
                continue
            quote = quote_for(statement, passage)
            about = f"{statement.speaker} {statement.role} {quote}"
            score = self.in_context(about, passage.title, weights, question.text) + RANK_BONUS / (rank + 1)
            named = statement.speaker_id in question.speakers and (question.asks_what_said or not question.terms)
            if named:
                score += NAMED_SPEAKER
            elif question.kind in {"quote", "who"}:
                score += SPEAKER_KIND
            elif not question.speakers:
                score -= EVENT_PENALTY
            if statement.kind == "direct":
                score += DIRECT
            score += role_bonus(question, statement) + _states_relation(question, quote)
            if statement.cue and set(tokenize([statement.cue])[0]) & asked_verbs:
                score += ASKED_CUE
            text = render_statement(statement, quote, aside_of(statement, passage), tail_of(statement, passage))
            out.append(Evidence(text, quote, passage, score, statement, named=named))
        return out

    def _from_passages(self, question, ranked: Ranked, weights) -> list[Evidence]:
        out = []
        # "What did X say…" keeps only X's sentences, so it reads every ranked passage; those below the
        # top are marked, so a lower-ranked article's sentence can't beat the top ones on shared words.
        own_words = bool(question.speakers) and question.asks_what_said
        considered = len(ranked.passages) if own_words else self.passages_considered
        for rank, (passage, _) in enumerate(ranked.passages[:considered]):
            theirs = _sentences_of(passage, question.speakers) if own_words else set()
            for start, end in passage_sentences(passage):
                sentence = passage.text[start:end]
                if own_words and sentence not in theirs:
                    continue
                score = self.in_context(sentence, passage.title, weights, question.text) + RANK_BONUS / (rank + 1)
                # X's own sentence weighs as X's extracted statement does: the extractor missing a
                # statement in it ("Brill said things 'will settle by June,' referring to…") is no
                # reason for a worse-matching statement of X's to win.
                score += NAMED_SPEAKER if own_words else 0.0
                text = sentence
                if question.kind == "when":  # the day is needed twice: found once
                    day = _day_named(sentence, passage)
                    score += HAS_DAY if day else 0.0
                    text = _dated(sentence, passage, day)
                else:
                    score += answers_kind(question.kind, sentence, passage) + _states_relation(question, sentence)
                out.append(Evidence(text, sentence, passage, score, named=own_words, further=rank >= self.passages_considered))
        return out


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


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return set(zip(words, words[1:], words[2:])) or {tuple(words)}


def _similar(x: set, y: set) -> bool:
    """Same text up to small edits (a wire copy): word-trigram Jaccard of 0.6 or more."""
    return len(x & y) >= WIRE_COPY * len(x | y)


def quote_for(statement: Statement, passage: Passage) -> str:
    """The passage's sentences that hold the statement's speaker and content, verbatim."""
    spans = [statement.content_span] + ([statement.speaker_span] if statement.speaker_span else [])
    lo = max(0, min(s for s, _ in spans) - passage.start)
    hi = min(len(passage.text), max(e for _, e in spans) - passage.start)
    picked = [(s, e) for s, e in passage_sentences(passage) if s < hi and e > lo]
    if not picked:
        return passage.text
    return passage.text[picked[0][0] : picked[-1][1]]


def own_text(item: Evidence) -> str:
    """A statement's own words as the source writes them, from the first of its speaker, cue and
    content to the last ('Brill called the plan "a gift"'); a plain sentence is its own."""
    s = item.statement
    if s is None:
        return item.quote
    spans = [span for span in (s.speaker_span, s.cue_span, s.content_span) if span]
    lo = max(0, min(a for a, _ in spans) - item.passage.start)
    hi = min(len(item.passage.text), max(b for _, b in spans) - item.passage.start)
    return f"{s.speaker} {s.role} {item.passage.text[lo:hi]}{tail_of(s, item.passage)}"


def _dated(sentence: str, passage: Passage, day: dt.date | None) -> str:
    """A sentence for a "when" question, led by the day it names, else by its article's date."""
    if day:
        return f"{human_date(day.isoformat())}: {sentence}"
    return f"{sentence} (reported {human_date(passage.published)})" if passage.published else sentence


def _said(item: Evidence, said_before: str) -> bool:
    """Given already: the same statement, or a source sentence that was quoted as evidence."""
    return item.text in said_before or (item.statement is None and item.quote in said_before)


def is_direct(item: Evidence) -> bool:
    return item.statement is not None and item.statement.kind == "direct"


_PRONOUN = re.compile(r"\b(?:he|she|they|(?<=according to )(?:him|her|them))\b", re.I)


def _sentences_of(passage: Passage, speakers: list[str]) -> set[str]:
    """The passage's sentences in which these speakers speak or act: named (by surname) as the one
    who says, or going on by pronoun ("She also said…") right after a sentence of theirs. A sentence
    that only mentions them ("Brandt said Kovac had ignored…", "Kovac's plan", "Kovac was praised")
    is someone else's words."""
    # A possessive is not a speaker ("Officials say Brill's plan…"), unless what is X's is X's own
    # words ("Brill's statement said…"); a spokesman or an office speaks for X but is not X.
    last = [re.escape(name.split()[-1]) for name in speakers if name.split()]
    surnames = [re.compile(rf"\b{name}\b(?!['’]s\b)") for name in last]
    surnames += [re.compile(rf"\b{name}['’]s\s+{_OWN_WORDS}") for name in last]
    found, previous = set(), False
    for start, end in passage_sentences(passage):
        sentence = passage.text[start:end]
        if any(_speaking(sentence, s) for s in surnames) or (previous and _speaking(sentence, _PRONOUN)):
            found.add(sentence)
        previous = sentence in found or any(_opens(_DATELINE.sub("", sentence, count=1), s) for s in surnames)
    return found


# A dateline before the sentence proper: "Graz (AP) — ", "VIENNA – ".
_DATELINE = re.compile(r"^(?:[A-Z][\w.'’-]*\s*){1,4}(?:\([A-Z][\w. ]*\)\s*)?[–—-]\s+")
# What follows a sentence's subject when it is acting: an auxiliary, a past tense, a day.
_ACTS = re.compile(r"\s*(?:will|would|is|was|has|had|have|can|could|may|might|must|should|did|does|"
                   r"on|this|last|[a-z]+ed)\b")
_PASSIVE = re.compile(r"\s*(?:is|was|were|are|(?:has|have|had)\s+been|being)\s+(?:\w+ly\s+|also\s+|not\s+)?\w+(?:ed|en)\b")
# "Brill, the mayor, said", "Brill, 54, who chairs…, said", "Brill — the mayor — said", "Brill and Holm said"
_APPOSITIVE = re.compile(r"\s*(?:(?:,\s*\d{1,3}\s*)?,[^,]{1,80},|\s[—–-]\s[^—–]{1,80}\s[—–-]"
                         r"|\s+(?:and|or)\s+(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*(?<!['’]s)(?=\s))")
# Passive, then X speaks in a clause of its own: "Brill was asked about the fees and said…".
_THEN_SAYS = re.compile(r"[^.;\"“”,]{0,80}?\b(?:and|but)\s+(?:\w+ly\s+)?(\w+)")
# Passive forms that still make X the speaker: "Brill was quoted by the paper as saying…".
_QUOTED_AS = re.compile(r"\s*(?:is|was|were|has been|had been)\s+(?:\w+ly\s+)?(?:quoted|reported|cited|heard)\s+"
                        r"(?:[\w.'’-]+\s+){0,5}?as\s+(?:saying|telling|writing)\b")
# What is X's own words when X's name stands before it with a possessive: "Brill's statement said".
_OWN_WORDS = r"(?:statement|letter|speech|message|remarks|comments|post|tweet|email|testimony)s?\b"
# A name after a preposition is not the sentence's subject ("Critics of Brill said", "a letter to
# Brill said"); "by" and "from" are left out, as "a statement by Brill said" is Brill's, and so are those
# that mostly lead a time ("On Tuesday Brill said").
_OBJECT_OF = re.compile(r"\b(?:of|to|for|against|with|about|toward|towards|unlike|like|than|without|between|among|despite)"
                        r"\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")
# Between a name and its verb: "(R-Ohio)", a dash, a comma; "also", "later", "wouldn't", an adverb
# ("repeatedly", "never", "still"), "herself", "went on to". An -ly noun is not an adverb: "the Brill family said".
_NEXT_WORD = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[—–,]?\s*(?:(?:also|later|then|again|once|would|will|did|does|has|had"
                        r"|have|could|can|may|might|should|must|never|still|even|first|just|both|now|always|ever"
                        r"|himself|herself|themselves|went on to|(?!(?:family|ally|rally|assembly)\b)[a-z]+ly)"
                        r"(?:n['’]t| not)?\s+)*([a-z]+)")
# "…, said Brill." — only verbs that put the speaker after them; "told Brill" makes Brill the listener.
_WORD_BEFORE = re.compile(r"(?:\b(?:said|says|added|adds|wrote|writes|explained|noted|continued)|\b[Aa]ccording to)"
                          r"\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")
# X as the subject of what another reports: "Dunn said Holm had promised…", "Dunn told reporters Holm…".
_REPORTED_BY = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_FORMS, key=len, reverse=True)) + r")\s+(?:[a-z]+\s+){0,3}"
                          r"(?:[A-Z][\w.'’-]*\s+){0,3}$")
# After "…, said Brill": the clause ends, maybe after a short time or place ("on Monday", "in a statement").
_CLAUSE_END = re.compile(r"(?:\s+(?:on|in|at|to)\s+(?:[\w'’-]+\s+){0,3}[\w'’-]+)?\s*(?:[,.;:!?\"”]|$)")


def _speaking(sentence: str, who: re.Pattern[str]) -> bool:
    """Is `who` the one speaking or acting in the sentence? "Brill said…", "Brill, the mayor, told…",
    "…, said Brill.", "according to Brill,", "Brill was quoted as saying…", and a sentence Brill opens
    and acts in ("Senator Ada Brill on Monday called…", "Ada Brill will push…"); not "Brill was
    criticised…", "Brill supporters say…", "Critics of Brill said…" or "Holm said Brill had promised…"."""
    # What looks like a dateline may be the speaker with a dash after: "Holm — the port chief — said".
    return any(_speaks_in(body, who) for body in dict.fromkeys((_DATELINE.sub("", sentence, count=1), sentence)))


def _speaks_in(body: str, who: re.Pattern[str]) -> bool:
    for match in who.finditer(body):
        before, after = body[: match.start()], body[match.end():]
        if _QUOTED_AS.match(after[:80]) or (_WORD_BEFORE.search(before) and _CLAUSE_END.match(after)):
            return True
        if _PASSIVE.match(after[:40]):
            then = _THEN_SAYS.match(after[:120])
            if then and then.group(1) in SPEECH_FORMS:
                return True
            continue
        if _OBJECT_OF.search(before) or _REPORTED_BY.search(before):
            continue
        verbs = [_NEXT_WORD.match(after), _NEXT_WORD.match(_APPOSITIVE.sub("", after, count=1))]
        if any(verb and verb.group(1) in SPEECH_FORMS for verb in verbs):
            return True
        if _opens(body, who) and match.start() == who.search(body).start():
            shown = _APPOSITIVE.sub("", after, count=1) if after.startswith(",") else after
            if _ACTS.match(shown) and not _PASSIVE.match(shown[:40]):
                return True
    return False


def _opens(body: str, who: re.Pattern[str]) -> bool:
    """Does `who` open the sentence, after titles only ("U.S. Senator Ada Brill …")?"""
    match = who.search(body)
    return bool(match) and all(w[:1].isupper() or w[:1].isdigit() for w in body[: match.start()].split())


def _of_period(item: Evidence, start: dt.date | None, end: dt.date | None) -> bool:
    """Could the candidate tell of the asked period? An article written before the period began
    only can when it names a day, month or year of it (a planned event); later ones report it."""
    published = iso(item.passage.published)
    if start is None or published is None or published >= start:
        return True
    said = iso(item.statement.date) if item.statement is not None else None
    if said and start <= said <= (end or dt.date.max):
        return True
    return names_period(item.passage.text, published, start, end)


_NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)+"


def _states_relation(question: Question, sentence: str) -> float:
    """A bonus for a sentence that ties a person to the role a who-question asks about: an
    appositive or a title beside a name ("its chief executive, Marta Oliveira", "CEO Dan Weller",
    "Marta Oliveira, the chief executive")."""
    if question.kind != "who" or not question.roles:
        return 0.0
    for role in question.roles:
        for match in re.finditer(rf"\b{re.escape(role)}s?\b", sentence, re.I):
            after = sentence[match.end() : match.end() + 40]
            before = sentence[max(0, match.start() - 45) : match.start()]
            if re.match(rf",?\s*(?:{_NAME})", after) or re.search(rf"(?:{_NAME}),\s*(?:the\s+|its\s+|a\s+)?[\w'’ ]*$", before):
                return RELATION
    return 0.0


_DATE_NAMES = "|".join(name.capitalize() for name in (*MONTHS, *WEEKDAYS))  # "in March" is no place
_NAMED_PLACE = re.compile(rf"\b(?:in|at|near|outside)\s+(?:the\s+)?(?!(?:{_DATE_NAMES})\b)[A-Z][\w'.-]+")


def answers_kind(kind: str, sentence: str, passage: Passage) -> float:
    """A bonus for a sentence that holds what a when- or where-question asks for: a day, a place."""
    if kind == "when":
        return HAS_DAY if _day_named(sentence, passage) else 0.0
    if kind == "where":
        return HAS_DAY if _NAMED_PLACE.search(sentence) else 0.0
    return 0.0


def _day_named(sentence: str, passage: Passage) -> dt.date | None:
    """The day a sentence names ("on Tuesday", "June 18"), resolved against its article's date."""
    published = dt.date.fromisoformat(passage.published) if passage.published else None
    return resolve_date(sentence, published, events=True)[0]


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[\w'-]+", text.lower())
    return set(zip(words, words[1:]))


def _shared_phrases(question: str, text: str) -> float:
    return min(PHRASES_MAX, PHRASE * len(_bigrams(question) & _bigrams(text)))


def role_bonus(question: Question, statement: Statement) -> float:
    """"What did Acme Rail's chief executive say?": a CEO's words, the more of "Acme
    Rail" their role names the better; another company's CEO gets nothing."""
    holder = f"{statement.role} {statement.speaker}".lower()
    if not question.roles or not any(r in holder for r in question.roles):
        return 0.0
    if not question.employer:
        return ROLE_HOLDER
    words = question.employer.lower().split()
    share = sum(w in holder for w in words) / len(words)
    return ROLE_AT_EMPLOYER + ROLE_EMPLOYER_SHARE * share if share else 0.0
