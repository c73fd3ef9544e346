"""The citation check every LLM answer passes before anyone sees it.

An answer is split into sentences and each one is held to the numbered sources it
cites: it must cite at least one, and only numbers that exist; every quoted span
must be verbatim in a cited passage; every name, number and date it gives must be
in its cited sources (a date in any common form, or resolved from "on Monday");
and a speaker may only be said to have said what a statement or a passage
attributes to them. A sentence that fails is dropped, with the reason.

The rules are deliberately conservative: a fluent sentence that cannot be traced
is worth less than a plain one that can.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from retrieval.dates import DATE, MONTHS, WEEKDAY, WEEKDAYS, DayMention, date_mentions, dates_in, iso
from retrieval.models import Dropped, Passage, Statement
from retrieval.passages import passage_sentences
from retrieval.sentences import sentence_spans
from retrieval.stopwords import STOP_WORDS  # spaCy's list, without importing spaCy


@dataclass
class Cited:
    """One numbered source as the model was shown it: a passage and the statements in it."""

    n: int
    passage: Passage
    statements: list[Statement] = field(default_factory=list)

    @cached_property
    def material(self) -> str:
        """Everything shown to the model about this source, the ground names and numbers must stand on."""
        p = self.passage
        said = " ".join(f"{s.speaker} {s.speaker_id} {s.role} {s.place}" for s in self.statements)
        return f"{p.title}\n{p.place}\n{p.text}\n{said}"

    @cached_property
    def words(self) -> set[str]:
        return {_fold(w) for w in _WORD.findall(self.material)}

    @cached_property
    def numbers(self) -> set[str]:
        return {_number(n) for n in _NUMBER.findall(self.material)} | {str(d.year) for d in self.dates}

    @cached_property
    def dates(self) -> set[dt.date]:
        """The days this source gives: its publication date, its statements' days, and each
        sentence's day ("on Monday", "March 4") resolved against the publication date."""
        published = iso(self.passage.published)
        days = {d for d in [published, *(iso(s.date) for s in self.statements)] if d}
        for start, end in passage_sentences(self.passage):
            days.update(d for d in dates_in(self.passage.text[start:end], published) if d)
        return days

    @cached_property
    def months(self) -> set[tuple[int | None, int]]:
        """The months it names without a day ("in March 2034"), and the months of its days."""
        named = {(y, m) for readings, _, _ in date_mentions(self.material) for y, m, d in readings if m and not d}
        return named | {(d.year, d.month) for d in self.dates}

    @cached_property
    def normalised(self) -> str:
        return _normalise(self.passage.text)


@dataclass
class Checked:
    kept: list[str]
    dropped: list[Dropped]


def check(text: str, sources: dict[int, Cited]) -> Checked:
    """Split an answer into sentences and keep those that pass."""
    kept, dropped = [], []
    for sentence in split_sentences(text):
        reason = check_sentence(sentence, sources)
        if reason:
            dropped.append(Dropped(sentence=sentence, reason=reason))
        else:
            kept.append(sentence)
    return Checked(kept, dropped)


def check_sentence(sentence: str, sources: dict[int, Cited]) -> str | None:
    """Why `sentence` may not be shown, or None if every claim in it is traced to what it cites."""
    numbers = citations_in(sentence)
    if not numbers:
        return "cites no source"
    missing = [n for n in numbers if n not in sources]
    if missing:
        return f"cites [{missing[0]}], which is not one of the {len(sources)} sources"
    cited = [sources[n] for n in numbers]
    body = _CITATION.sub(" ", sentence)
    quotes = quoted_spans(body)
    for quote in quotes:
        if not any(_verbatim(quote, c.normalised) for c in cited):
            return f'quotes "{quote}", which is not verbatim in {_marks(numbers)}'
    unquoted = _without_quotes(body)
    names = _names(unquoted)
    for name in names:
        if not any(_knows_name(c, name) for c in cited):
            return f"names {name}, which {_marks(numbers)} does not"
    dated = DATE.sub(" ", unquoted)
    for number in _NUMBER.findall(dated):
        if not any(_number(number) in c.numbers for c in cited):
            return f"gives {number}, which {_marks(numbers)} does not"
    for found, text, _ in date_mentions(unquoted):
        if not any(_same_day(found, c) for c in cited):
            return f"gives the date {text}, which {_marks(numbers)} does not"
    for weekday in WEEKDAY.findall(unquoted):
        if not any(_weekday_given(weekday, c) for c in cited):
            return f"says {weekday}, which {_marks(numbers)} does not"
    return _speaker_problem(unquoted, quotes, names, cited, numbers)


# -- sentences and citations ---------------------------------------------------------------

_CITATION = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")


def citations_in(sentence: str) -> list[int]:
    return list(dict.fromkeys(int(n) for group in _CITATION.findall(sentence) for n in re.split(r"\s*[,;]\s*", group)))


def split_sentences(text: str) -> list[str]:
    """Sentences, each with the citation marks that follow it ("… today." [1] and "… today [1].").

    The one segmenter finds the sentences, with the marks blanked out first: the model reads
    "[1]." as a sentence of its own. Everything up to the next sentence's start (marks, closing
    quotes) belongs to the sentence before it."""
    blanked = _CITATION.sub(lambda mark: " " * len(mark.group(0)), text)
    starts = [start for start, _ in sentence_spans(blanked)] or [0]
    bounds = [0, *starts[1:], len(text)]
    sentences = (text[a:b].strip() for a, b in zip(bounds, bounds[1:]))
    return [s for s in sentences if re.search(r"\w", s)]


def _marks(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


# -- quotes --------------------------------------------------------------------------------

_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|«([^»]+)»|„([^“”]+)[“”]|(?<!\w)‘([^’]+(?:’\w[^’]*)*)’(?!\w)")


def quoted_spans(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None).strip() for m in _QUOTED.finditer(text)]


def _without_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _normalise(text: str) -> str:
    text = re.sub(r"[“”„‟″«»]", '"', text)
    text = re.sub(r"[‘’‚‛′`]", "'", text)
    text = re.sub(r"[–—−]", "-", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _verbatim(quote: str, passage: str) -> bool:
    """Is the quote in the passage, word for word? An ellipsis may stand for words left out,
    and the quote's own closing punctuation ("today.") may differ from the source's ("today,")."""
    parts = [p for p in (_normalise(x).strip(" .,;:!?'\"") for x in re.split(r"\s*(?:…|\.\.\.|\[\.\.\.\])\s*", quote)) if p]
    at = 0
    for part in parts:
        found = passage.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return bool(parts)


# -- names and numbers ------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞА-ЯЁЇІЄҐ][\w’'-]*")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:st|nd|rd|th)?(?![\w])")
_SPEECH = re.compile(
    r"\b(?:said|says|say|saying|told|tells|stated|states|announced|added|declared|claimed|warned|argued|wrote|"
    r"insisted|noted|explained|according to|called|sagte|erklärte|a déclaré|a dit|affirmé|dijo|declaró|afirmó|"
    r"ha detto|ha dichiarato|disse|заявил|заявила|сказал|сказала|заявив|сказав)\b",
    re.I,
)
_SKIP_NAMES = {w.capitalize() for w in MONTHS} | {w.capitalize() for w in WEEKDAYS} | {"I"}
# Words that open sentences without naming anyone (English ones beyond spaCy's stop words, and a few
# other languages' articles and prepositions): a first word is otherwise read as a possible name.
_OPENERS = set(
    "meanwhile however additionally moreover furthermore separately overall earlier later instead finally "
    "today yesterday según segun para por los las el la le les un une des der die das laut nach selon "
    "secondo il lo gli dopo от по по-словам согласно в на как".split()
)


def _fold(word: str) -> str:
    return re.sub(r"['’]s$", "", word.casefold())


def _names(text: str) -> list[str]:
    """Capitalised words that are not just the first word of the sentence: names of people,
    places and organisations. A first word counts when a name or a speech verb follows it
    ("Macron said", "Emmanuel Macron")."""
    names = []
    words = list(_CAPITALISED.finditer(text))
    for m in words:
        word = m.group(0).strip("'’-")
        first = not re.search(r"\w", text[: m.start()])
        if word in _SKIP_NAMES or word.casefold() in STOP_WORDS or len(word) < 2:
            continue
        if first:  # "Macron said", "Lavrov agreed", "Emmanuel Macron", "Macron's": a name leads
            rest = text[m.end():]
            leads = re.match(r"['’]s\b|\s+[A-ZÀ-ÖØ-ÞА-ЯЁ]|\s+[a-z]+(?:ed|s)\b", rest) or _SPEECH.match(rest.strip())
            if word.casefold() in _OPENERS or not leads:
                continue
        names.extend(part for part in re.split(r"-", word) if len(part) > 1)
    return list(dict.fromkeys(names))


def _same_name(a: str, b: str) -> bool:
    """The same name up to spelling and inflection: Kovalenky/Kovalenkyy, Petrov/Petrow, Berlin/Berlino."""
    if a == b:
        return True
    shared = len(_common_prefix(a, b))
    return min(len(a), len(b)) >= 4 and shared >= max(4, min(len(a), len(b)) - 2)


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]


def _knows_name(cited: Cited, name: str) -> bool:
    folded = _fold(name)
    return folded in cited.words or any(_same_name(folded, w) for w in cited.words)


def _number(text: str) -> str:
    """1,000 and 1000 are one number; so are 3rd and 3."""
    text = re.sub(r"(?:st|nd|rd|th)$", "", text)
    return re.sub(r"(?<=\d)[,](?=\d{3}\b)", "", text).replace(",", ".")


def _same_day(readings: list[DayMention], cited: Cited) -> bool:
    for year, month, day in readings:
        if day is None and any(m == month and y in (None, year) for y, m in cited.months):
            return True
        if any((year is None or d.year == year) and d.month == month and (day is None or d.day == day) for d in cited.dates):
            return True
    return False


def _weekday_given(weekday: str, cited: Cited) -> bool:
    return weekday.casefold() in cited.words or any(f"{d:%A}" == weekday for d in cited.dates)


# -- who said it ------------------------------------------------------------------------------


def _speaker_problem(text: str, quotes: list[str], names: list[str], cited: list[Cited], numbers: list[int]) -> str | None:
    """A sentence that says someone said something must name whom the sources credit with it.

    A quote's speaker is the speaker of the statement holding it, else someone named near it in
    the passage; reported speech needs a named speaker who speaks in the cited sources. A sentence
    naming nobody ("He said …") is left to the quote and name checks."""
    speech = _SPEECH.search(text)
    if not (quotes or speech):
        return None
    if speech:
        subject = _subject(text, speech)
        names = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", subject)]
    people = [n for n in names if not any(_same_name(_fold(n), _fold(w)) for w in _place_words(cited))]
    if not people:
        return None
    for quote in quotes:
        holders = [s for c in cited for s in c.statements if _verbatim(quote, _normalise(s.content))]
        if holders:
            if not any(_credits(s, people) for s in holders):
                return f'attributes "{_short(quote)}" to {people[0]}, but {_marks(numbers)} attributes it to {holders[0].speaker}'
        elif not any(_named_near(quote, people, c) for c in cited):
            return f'attributes "{_short(quote)}" to {people[0]}, whom {_marks(numbers)} does not name near it'
    if quotes:
        return None
    best = _closest_report(text, people, cited)
    if best is not None:
        speaker, credited = best
        return None if credited else f"says {people[0]} said it, but {_marks(numbers)} reports it from {speaker}"
    if any(_credits(s, people) for c in cited for s in c.statements) or any(_speaks_in_text(people, c) for c in cited):
        return None
    return f"says {people[0]} said something, but no statement in {_marks(numbers)} is theirs"


def _subject(text: str, speech: re.Match) -> str:
    """Where the speaker is named: the clause before the verb ("Meanwhile, Petrov said"), or the
    words after it when the verb ends a clause or leads ("…, said Petrov", "according to Petrov").
    Empty when the subject is a pronoun ("he said"): the sentence names no speaker to check."""
    before = text[: speech.start()].rstrip()
    after = " ".join(text[speech.end() :].split()[:3])
    if speech.group(0).lower() == "according to" or not before or before[-1] in ",\"”»":
        return after
    clause = re.split(r"[,;:]", before)[-1]
    return "" if re.search(r"\b(?:he|she|they|it|we|i|er|sie|il|elle|él|ella|он|она|они)$", clause, re.I) else clause


def _closest_report(text: str, people: list[str], cited: list[Cited]) -> tuple[str, bool] | None:
    """(who is credited, whether one of `people` is) for the statement whose content the sentence
    reports most closely; None when no statement shares enough of its words to tell (a translation)."""
    named = {_fold(p) for p in people}
    claim = {_fold(w) for w in _WORD.findall(_SPEECH.sub(" ", text))} - named - STOP_WORDS
    best, overlap = None, 0
    for statement in (s for c in cited for s in c.statements):
        shared = len(claim & {_fold(w) for w in _WORD.findall(statement.content)})
        if shared > overlap:
            best, overlap = statement, shared
    if best is None or overlap < max(2, 0.4 * len(claim)):
        return None
    return best.speaker, _credits(best, people)


def _place_words(cited: list[Cited]) -> set[str]:
    return {w for c in cited for w in _WORD.findall(f"{c.passage.place} {' '.join(s.place for s in c.statements)}")}


def _credits(statement: Statement, people: list[str]) -> bool:
    speaker = {_fold(w) for w in _WORD.findall(f"{statement.speaker} {statement.speaker_id} {statement.role}")}
    return any(_same_name(_fold(p), w) for p in people for w in speaker)


def _named_near(quote: str, people: list[str], cited: Cited, reach: int = 300) -> bool:
    at = cited.normalised.find(_normalise(quote.split("…")[0]).strip(" .,;:!?'\""))
    if at < 0:
        return False
    near = {_fold(w) for w in _WORD.findall(cited.normalised[max(0, at - reach) : at + len(quote) + reach])}
    return any(_same_name(_fold(p), w) for p in people for w in near)


def _speaks_in_text(people: list[str], cited: Cited) -> bool:
    """Does a passage sentence that names one of them also hold a speech verb or a quotation?"""
    for start, end in passage_sentences(cited.passage):
        sentence = cited.passage.text[start:end]
        words = {_fold(w) for w in _WORD.findall(sentence)}
        if any(_same_name(_fold(p), w) for p in people for w in words) and (_SPEECH.search(sentence) or '"' in sentence or "“" in sentence):
            return True
    return False


def _short(quote: str, words: int = 8) -> str:
    parts = quote.split()
    return quote if len(parts) <= words else " ".join(parts[:words]) + " …"
