"""Relevance, scored in one place: how well each source sentence and statement answers a question.

The search (retrieval.search) finds candidates; this module scores them; the composer
(retrieval.answers) only chooses among them and renders. Scores are the IDF-weighted share of the
question's terms a candidate holds (its article's title counting half), plus its passage's cosine
similarity to the question and the named weights below, each for a pattern a test shows with
made-up text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from retrieval.answer_types import holds_new, names_place
from retrieval.dates import iso, names_period, names_time_ahead, resolve_date
from retrieval.lexical import LexicalIndex, tokenize
from retrieval.models import Passage, Statement
from retrieval.passages import passage_sentences
from retrieval.questions import Question
from retrieval.rendering import aside_of, dated_sentence, own_words, quote_for, render_statement, tail_of
from retrieval.speaking import sentences_of, speaks_for

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
HAS_ANSWER = 0.3  # "Who…?", "Which carrier…?", "How many…?": a sentence holding a name or number the question lacks
AHEAD = 0.3  # "When will…?": a sentence naming a day after its article's date …
OTHER_TENSE = -0.15  # … one naming a day before it, or "When did…?" and a day planned ahead: the day of something else
TITLE_SHARE = 0.5  # credit for question terms only the candidate's article title holds
PHRASE = 0.1  # per two-word phrase the candidate repeats from the question, up to PHRASES_MAX
PHRASES_MAX = 0.3
RELATION = 0.25  # "Who is the CEO of X?": the sentence that ties a name to the role
ROLE_HOLDER = 0.3  # the asked role is the statement's speaker's ("the chief executive")
ROLE_AT_EMPLOYER = 0.2  # … at the asked employer, plus ROLE_EMPLOYER_SHARE times the share of its name matched
ROLE_EMPLOYER_SHARE = 0.4
EMPLOYER_NEARBY = 0.5  # … the share counted when only the statement's passage names the employer
WHO_VERBATIM = 60  # words: a who-question's statement up to this long is shown as its source sentence
MEANING = 1.5  # per unit of cosine similarity between the question and the candidate's passage: of
# candidates sharing as many of the question's words, the one whose article is about what is asked
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
    similarity: float = 0.0  # its passage's cosine similarity to the question; MEANING times it is in `score`
    further: bool = False  # from a passage below the top ones: X's words there answer only when the top hold none

    @property
    def by_words(self) -> float:
        """The score without closeness in meaning (the question's words it holds, with the named
        weights): whether anything stored answers is judged by it, since every candidate is somewhat
        close in meaning. The candidate shown is the one judged: filtering on it instead, so that a
        lower candidate holding more words could answer, lost one dev-set answer."""
        return self.score - MEANING * self.similarity


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
            evidence = [e for e in evidence if _of_period(e, question.date_from, question.date_to, question.asks_what_said)]
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
        # The verb of the asking, not the verbs of the words asked about: in "Who said that Kovac
        # announced the plan?" a statement cued by "announced" is not what is asked for.
        frame = re.split(r"\bthat\b", question.text, maxsplit=1)[0]
        asked_verbs = set(tokenize([frame])[0]) - {"said", "say", "tell", "told"}
        words_of_named = bool(question.speakers) and question.asks_what_said
        for rank, (statement, _) in enumerate(ranked.statements):
            passage = ranked.holding.get(statement.passage_id)
            if passage is None or (_asks_role_words(question) and not holds_role(question, statement)):
                continue  # "What did the finance minister say?": only a finance minister's words
            theirs = statement.speaker_id in question.speakers or speaks_for(question.body, statement.speaker, statement.role)
            if words_of_named and not theirs:
                continue  # a body's name in the words of someone who does not speak for it
            quote = quote_for(statement, passage)
            named = theirs and (question.asks_what_said or not question.terms)
            rendered = render_statement(statement, quote, aside_of(statement, passage), tail_of(statement, passage))
            item = Evidence(rendered, quote, passage, 0.0, statement, named=named)
            if question.kind == "who" and _names_speaker(quote, statement) and len(quote.split()) <= WHO_VERBATIM:
                # "Who said that P?" is answered as the source names the one saying it, in its own words:
                # a speaker the extractor took wrongly ("a voice said…") can't then stand for the one who did.
                # A speaker the source gives by pronoun only ("he said") is shown as the extractor resolved it.
                item.text = quote
            elif statement.speaker in quote and self._stems_covered(item.text, weights) < self._stems_covered(own_text(item), weights):
                # The asked words are in the statement's frame, not its content ("X was asked about Y
                # and said it would …"): the source's own sentence, which names X, tells it whole.
                item.text = quote
            # "Who said that P?" is answered by the statement whose own words hold P, not by one that
            # only shares a sentence with them (a phrase reported inside those words, a clause beside).
            # Otherwise a statement is scored by what the answer would show: words of the sentence around
            # it that its rendering leaves out (another speaker's clause beside it) answer nothing.
            about = own_words(statement, passage, quote) if question.kind == "who" else item.text
            score = self.in_context(about, passage.title, weights, question.text) + RANK_BONUS / (rank + 1)
            item.similarity = ranked.similarity.get(passage.passage_id, 0.0)
            score += MEANING * item.similarity
            if named:
                score += NAMED_SPEAKER
            elif question.kind in {"quote", "who"}:
                score += SPEAKER_KIND
            elif not question.speakers:
                score -= EVENT_PENALTY
            if statement.kind == "direct":
                score += DIRECT
            # "Who is the CEO?" is answered by a sentence that says so: a role carried over from another
            # sentence does not make this one tell it.
            if question.kind != "who" or (statement.role and statement.role in quote):
                score += role_bonus(question, statement, passage)
            score += _states_relation(question, quote)
            if statement.cue and set(tokenize([statement.cue])[0]) & asked_verbs:
                score += ASKED_CUE
            item.score = score
            out.append(item)
        return out

    def _stems_covered(self, text: str, weights: dict[str, float]) -> float:
        return self._coverage(set(tokenize([text])[0]), weights)

    def _from_passages(self, question, ranked: Ranked, weights) -> list[Evidence]:
        out = []
        # "What did X say…" keeps only X's sentences, so it reads every ranked passage; those below the
        # top are marked, so a lower-ranked article's sentence can't beat the top ones on shared words.
        # A role asked about instead of a name ("What did the finance minister say?") is held to the same:
        # sentences in which the role speaks ("The minister said…"), not those that only mention it.
        speakers = question.roles if _asks_role_words(question) else question.speakers
        own_words = bool(speakers) and question.asks_what_said
        considered = len(ranked.passages) if own_words else self.passages_considered
        # Asked for the words of "Acme's chief executive", passages that name Acme are where to look,
        # when there are any.
        naming = ({p.passage_id for p, _ in ranked.passages[:considered] if _names_employer(question, p)}
                  if own_words and _asks_role_words(question) and question.employer else set())
        for rank, (passage, _) in enumerate(ranked.passages[:considered]):
            theirs = sentences_of(passage, speakers, question.body) if own_words else set()
            if naming and passage.passage_id not in naming:
                theirs = set()  # "… Acme's chief executive": a passage that never names Acme holds another's
            for start, end in passage_sentences(passage):
                sentence = passage.text[start:end]
                if own_words and sentence not in theirs:
                    continue
                similarity = ranked.similarity.get(passage.passage_id, 0.0)
                score = self.in_context(sentence, passage.title, weights, question.text) + RANK_BONUS / (rank + 1)
                score += MEANING * similarity
                # X's own sentence weighs as X's extracted statement does: the extractor missing a
                # statement in it ("Brill said things 'will settle by June,' referring to…") is no
                # reason for a worse-matching statement of X's to win.
                score += NAMED_SPEAKER if own_words else 0.0
                text = sentence
                if question.kind == "when":  # the day is needed twice: found once
                    day = _day_named(sentence, passage)
                    score += _day_bonus(question, day, passage)
                    text = dated_sentence(sentence, passage, day)
                else:
                    # Statements get no HAS_ANSWER: each names its speaker, the who-answer (applying it
                    # to them too read one fewer on the development sets).
                    score += answers_kind(question, sentence, passage) + _states_relation(question, sentence)
                out.append(Evidence(text, sentence, passage, score, named=own_words, similarity=similarity,
                                    further=rank >= self.passages_considered))
        return out


def _asks_role_words(question: Question) -> bool:
    """Asks for the words of someone named only by a role ("What did Acme's chief executive say?")."""
    return question.asks_what_said and not question.speakers and bool(question.roles)


def _names_speaker(quote: str, statement: Statement) -> bool:
    """Does the source text name the statement's speaker (by the last word of the name)?"""
    words = statement.speaker.split()
    return bool(words) and re.search(rf"\b{re.escape(words[-1])}\b", quote) is not None


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


def own_text(item: Evidence) -> str:
    """A statement's own words as the source writes them, from the first of its speaker, cue and
    content to the last ('Brill called the plan "a gift"'); a plain sentence is its own."""
    return item.quote if item.statement is None else own_words(item.statement, item.passage, item.quote)


def _said(item: Evidence, said_before: str) -> bool:
    """Given already: the same statement, or a source sentence that was quoted as evidence."""
    return item.text in said_before or (item.statement is None and item.quote in said_before)


def is_direct(item: Evidence) -> bool:
    return item.statement is not None and item.statement.kind == "direct"


# Words said in a period are reported this long after it without naming it ("said on Tuesday").
REPORTED_AFTER = dt.timedelta(days=31)


def _of_period(item: Evidence, start: dt.date | None, end: dt.date | None, words_asked: bool) -> bool:
    """Could the candidate tell of the asked period? An article written before the period began
    only can when it names a day, month or year of it (a planned event); later ones report it.
    Words asked for ("What did Vane say in 2009?") are another matter: a statement made, or a source
    sentence written, well after the period are words of another time unless they name it."""
    published = iso(item.passage.published)
    if start is None or published is None:
        return True
    if words_asked and end is not None and published > end + REPORTED_AFTER:
        said = iso(item.statement.date) if item.statement is not None else None
        if said is None or said > end + REPORTED_AFTER:
            return names_period(item.passage.text, published, start, end)
    if published >= start:
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


def answers_kind(question: Question, sentence: str, passage: Passage) -> float:
    """A bonus for a sentence that holds what the question asks for: a day, a place, or a name or
    number it does not hold itself (a sentence repeating the question's words may lack the answer)."""
    if question.kind == "when":
        return HAS_DAY if _day_named(sentence, passage) else 0.0
    if question.kind == "where":
        return HAS_DAY if names_place(sentence) else 0.0
    if question.expects:
        return HAS_ANSWER if holds_new(question.expects, sentence, question.text, passage.text) else 0.0
    return 0.0


def tells_kind(question: Question, sentence: str, passage: Passage) -> bool:
    """Does the sentence tell what a when-, where- or why-question asks: a day, a place, a cause? For
    what is still to come ("When will the regulator rule?") a month or a year not yet past counts too
    ("will rule in May"), as plans are given; what happened is told to the day."""
    if question.kind == "when" and question.ahead:
        return names_time_ahead(sentence, dt.date.fromisoformat(passage.published) if passage.published else None)
    if question.expects == "cause":
        return holds_new("cause", sentence, question.text)
    return bool(answers_kind(question, sentence, passage))


def _day_bonus(question: Question, day: dt.date | None, passage: Passage) -> float:
    """A when-question's bonus for the day a sentence names. Asked what is still to come ("When
    will the wing reopen?"), a day before the article was written is the day of something else
    (the closing, the delay): it would mislead, worse than naming no day. A day after it is the
    likely answer. Asked what happened ("When did she present the plan?"), a day a sentence plans
    ahead ("will present it on April 2") is not when it happened."""
    if day is None:
        return 0.0
    if not passage.published or not (question.ahead or question.behind):
        return HAS_DAY
    later = day > dt.date.fromisoformat(passage.published)
    if question.behind:  # a day still to come when the article was written is a plan, not what happened
        return OTHER_TENSE if later else HAS_DAY
    return HAS_DAY + AHEAD if later else OTHER_TENSE


def _day_named(sentence: str, passage: Passage) -> dt.date | None:
    """The day a sentence names ("on Tuesday", "June 18"), resolved against its article's date."""
    published = dt.date.fromisoformat(passage.published) if passage.published else None
    return resolve_date(sentence, published, events=True)[0]


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[\w'-]+", text.lower())
    return set(zip(words, words[1:]))


def _shared_phrases(question: str, text: str) -> float:
    return min(PHRASES_MAX, PHRASE * len(_bigrams(question) & _bigrams(text)))


def holds_role(question: Question, statement: Statement) -> bool:
    """Does the statement's speaker hold the role asked about, of the kind asked ("finance
    minister": not a transport minister)? Whose role it is, `role_bonus` weighs."""
    holder = f"{statement.role} {statement.speaker}".lower()
    # As a word, and not a deputy's: asked for the president, a vice president is no answer.
    return (any(re.search(rf"(?<!vice )(?<!vice-)(?<!deputy )(?<!assistant )\b{re.escape(r)}", holder) for r in question.roles)
            and all(re.search(rf"\b{re.escape(w)}\b", holder) for w in question.role_kind))


def role_bonus(question: Question, statement: Statement, passage: Passage | None = None) -> float:
    """"What did Acme Rail's chief executive say?": a CEO's words, the more of "Acme
    Rail" their role (or, for less, their passage) names the better; another company's CEO gets nothing."""
    holder = f"{statement.role} {statement.speaker}".lower()
    if not holds_role(question, statement):
        return 0.0
    if question.speakers and statement.speaker_id not in question.speakers:
        return 0.0  # "When will Ivo Vane step down as head of Acme?": the role is Vane's, not another holder's
    if not question.employer:
        return ROLE_HOLDER
    words = question.employer.lower().split()
    share = sum(w in holder for w in words) / len(words)
    if not share and passage is not None:
        # "Acme's profit fell. Its chief executive, Tom Brill, said…": the role doesn't name the
        # employer, the passage does — weaker evidence, so it counts for less.
        share = EMPLOYER_NEARBY if _names_employer(question, passage) else 0.0
    return ROLE_AT_EMPLOYER + ROLE_EMPLOYER_SHARE * share if share else 0.0


def _names_employer(question: Question, passage: Passage) -> bool:
    """Does the passage or its title name the asked employer, all of its words as words ("Harbour Lines":
    not a passage that only says "harbour", nor "guidelines")?"""
    asked = _WORDS.findall(question.employer.lower())
    words = set(_WORDS.findall(f"{passage.title} {passage.text}".lower()))
    return bool(asked) and all(w in words for w in asked)


_WORDS = re.compile(r"[\w&]+(?:[.-][\w&]+)*")  # "at&t", "u.s", "co-op"; "acme's" gives "acme"
