"""How a statement reads in an answer: "X, ROLE, said on DATE in PLACE: "…"" or "… that …".

A day or place the source text doesn't give for the statement itself (the article's date, its
dateline) is shown as such, never as when or where it was said; reported speech is never put in
quotation marks.
"""

from __future__ import annotations

import datetime as dt
import re

from retrieval.stopwords import STOP_WORDS  # spaCy's list, without importing spaCy

from retrieval.models import Passage, Statement


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


def render_statement(s: Statement, quote: str, aside: str = "") -> str:
    """"X, ROLE, said on DATE in PLACE: "…"" — a day or place the source text doesn't give
    (the article's date, its dateline) is shown as such, not as where or when it was said."""
    who = f"{s.speaker}, {s.role}," if s.role else s.speaker
    when = f" on {human_date(s.date)}" if s.date and not s.date_assumed else ""
    said_where = bool(s.place) and s.place.lower() in quote.lower()
    where = f" {aside}" if aside else ""
    if said_where and s.place.lower() not in aside.lower():
        where += f" {'on' if s.place.lower() in _VENUES else 'in'} {s.place}"
    notes = [f"reported {human_date(s.date)}"] if s.date and s.date_assumed else []
    if s.place and not said_where:
        notes.append(f"dateline {s.place}")
    note = f" ({', '.join(notes)})" if notes else ""
    content = s.content.strip()
    if s.phrase:  # "Holm accused Brill of lying (reported …)." — reported, never quoted
        return f"{who} {re.sub(r'[,;:.]+$', '', s.phrase.strip())}{when}{where}{note}."
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
