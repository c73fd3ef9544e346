"""How a statement reads in an answer: "X, ROLE, said on DATE in PLACE: "…"" or "… that …".

A day or place the source text doesn't give for the statement itself (the article's date, its
dateline) is shown as such, never as when or where it was said; reported speech is never put in
quotation marks.
"""

from __future__ import annotations

import datetime as dt
import re

from retrieval.stopwords import STOP_WORDS  # spaCy's list, without importing spaCy

from retrieval.speech_verbs import SPEECH_FORMS
from retrieval.dates import WEEKDAYS
from retrieval.models import Passage, Statement
from retrieval.passages import passage_sentences


def human_date(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


# Where the source puts the circumstances of saying between the verb and the words: "said at a
# briefing alongside the visiting foreign minister that …". They are kept: who was there and
# where are often what is asked.
_ASIDE = re.compile(r"^(?:at|in|on|during|alongside|with|after|before|while|from|outside|inside|in front of)\b", re.I)


def aside_of(s: Statement, passage: Passage) -> str:
    """The circumstances between a statement's cue and its content, as written, if they are a
    prepositional phrase of at most 20 words ("at a briefing alongside the Dutch minister")."""
    if not s.cue_span or s.content_span[0] < s.cue_span[1]:
        return ""
    start, end = s.cue_span[1] - passage.start, s.content_span[0] - passage.start
    if start < 0 or end > len(passage.text):
        return ""
    gap = re.sub(r"\s+that$", "", passage.text[start:end].strip(" ,:\n\t"))
    return gap if _ASIDE.match(gap) and len(gap.split()) <= 20 and '"' not in gap and "“" not in gap else ""


# Where reported speech's clause ends before its sentence does: a semicolon, a dash, or a turn to
# a contrast, which is the writer's voice ("…, but he did not say when").
_CLAUSE_ENDS = re.compile(r"\s*(?:;|\s[—–-]\s|[—–]|,?\s+(?:but|while|whereas|although|though|yet)\b)")
# The clause ends on the day of saying, as news puts it: "… at a rally in Graz on Monday."
_DAY_WORD = rf"\b(?:{'|'.join(d.capitalize() for d in WEEKDAYS)}|yesterday|today|tonight)"
_DAY_LAST = re.compile(rf"{_DAY_WORD}(?:\s+\w+)?\W*$")
_DAY_NAMED = re.compile(rf"{_DAY_WORD}\b")
_ATTRIBUTING = re.compile(r"\baccording to\b|[\w’']+", re.I)
TAIL_WORDS = 25  # a longer remainder is more than the end of one clause


def tail_of(s: Statement, passage: Passage) -> str:
    """The rest of the clause after a reported statement's content, as written, when the extractor's
    content stops short of it: "heralded the deal" + ' as a "breakthrough."', "will discuss his new
    book, The Road" + ", and the campaign." Nothing for direct quotes, and nothing when the rest is
    someone else's words ("…, Dunn said") or a new clause."""
    if s.kind == "direct":
        return ""
    end = s.content_span[1] - passage.start
    if not 0 < end <= len(passage.text):
        return ""
    ends = [e for b, e in passage_sentences(passage) if b < end <= e]
    if not ends:
        return ""
    rest = passage.text[end : ends[0]]
    cut = _CLAUSE_ENDS.search(rest)
    rest = rest[: cut.start()] if cut else rest
    words = _ATTRIBUTING.findall(rest)
    if not re.search(r"\w", rest) or len(words) > TAIL_WORDS or any(_says(w) for w in words):
        return ""
    return rest.rstrip()


def _says(word: str) -> bool:
    return word.lower() == "according to" or word.lower() in SPEECH_FORMS  # the cue verbs the extractor knows


def render_statement(s: Statement, quote: str, aside: str = "", tail: str = "") -> str:
    """"X, ROLE, said on DATE in PLACE: "…"" — a day or place the source text doesn't give
    (the article's date, its dateline) is shown as such, not as where or when it was said.
    `tail` is the rest of the clause the extractor's content stops short of (`tail_of`)."""
    who = f"{s.speaker}, {s.role}," if s.role else s.speaker
    who = who[:1].upper() + who[1:]  # "the works department said" opens a sentence
    when = f" on {human_date(s.date)}" if s.date and not s.date_assumed else ""
    if when and s.phrase and _DAY_LAST.search(tail):  # "…at a rally on Monday (3 June 2025)", not "on Monday on 3 June"
        tail, when = re.sub(r"[,;:.]+$", "", tail) + f" ({human_date(s.date)})", ""
    # "said on Friday that …" is shown "on Friday (20 March 2026)", not "on 20 March 2026 on Friday".
    day_aside = bool(when) and _DAY_NAMED.search(aside) is not None
    when = "" if day_aside else when
    said_where = bool(s.place) and s.place.lower() in quote.lower()
    where = f" {aside}" if aside else ""
    if said_where and s.place.lower() not in f"{aside} {tail}".lower():
        where += f" {'on' if s.place.lower() in _VENUES else 'in'} {s.place}"
    notes = [f"reported {human_date(s.date)}"] if s.date and s.date_assumed else []
    notes += [human_date(s.date)] if day_aside else []
    if s.place and not said_where:
        notes.append(f"dateline {s.place}")
    note = f" ({', '.join(notes)})" if notes else ""
    content = s.content.strip() + tail
    if s.phrase:  # "Holm accused Brill of lying (reported …)." — reported, never quoted
        phrase = re.sub(r"[,;:.]+([\"”’]?)$", r"\1", s.phrase.strip() + tail)
        return f"{who} {phrase}{when}{where}{note}."
    if s.kind == "direct":
        return f'{who} said{when}{where}{note}: "{content}"'
    return f"{who} said{when}{where}{note} that {_clause(content)}"


def _clause(content: str) -> str:
    """Reported speech continues the sentence ("Two Chinese were…" becomes "two Chinese were…")
    and ends it once: 'cars of tomorrow,"' becomes 'cars of tomorrow."'."""
    content = re.sub(r"^that\s+", "", content.strip())  # "said that that …" never
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


def quote_for(statement: Statement, passage: Passage) -> str:
    """The passage's sentences that hold the statement's speaker and content, verbatim."""
    spans = [statement.content_span] + ([statement.speaker_span] if statement.speaker_span else [])
    lo = max(0, min(s for s, _ in spans) - passage.start)
    hi = min(len(passage.text), max(e for _, e in spans) - passage.start)
    picked = [(s, e) for s, e in passage_sentences(passage) if s < hi and e > lo]
    if not picked:
        return passage.text
    return passage.text[picked[0][0] : picked[-1][1]]


def own_words(s: Statement, passage: Passage, quote: str) -> str:
    """`own_text` of a statement in its passage; `quote` is its `quote_for`."""
    spans = [span for span in (s.speaker_span, s.cue_span, s.content_span) if span]
    lo = max(0, min(a for a, _ in spans) - passage.start)
    hi = min(len(passage.text), max(b for _, b in spans) - passage.start)
    # A role the extractor carried over from another sentence is not written here: it does not
    # make "Oliveira said the ferries…" the sentence that says who the chief executive is.
    role = s.role if s.role and s.role in quote else ""
    return f"{s.speaker} {role} {passage.text[lo:hi]}{tail_of(s, passage)}"


def dated_sentence(sentence: str, passage: Passage, day: dt.date | None) -> str:
    """A sentence for a "when" question, led by the day it names, else by its article's date."""
    if day:
        return f"{human_date(day.isoformat())}: {sentence}"
    return f"{sentence} (reported {human_date(passage.published)})" if passage.published else sentence
