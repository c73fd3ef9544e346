"""Dates, in one package: datelines, the day a statement was made or an event happens, and the
range of days a question asks about.

Source text (statements, answer sentences) is resolved against the article's publication date
with tense (`resolve_date`); questions against the newest stored article (`date_range`). Month
arithmetic uses python-dateutil.

The words dates are written in are in `retrieval.dates.words`, the question side in
`retrieval.dates.asked`; this module reads source text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from retrieval.dates.asked import date_range
from retrieval.dates.words import BARE_YEAR, DATE, MONTHS, WEEKDAY, WEEKDAYS, YEAR, DayMention, date_mentions, iso
from retrieval.speech_verbs import PAST_FORMS

__all__ = [
    "DATE", "MONTHS", "WEEKDAY", "WEEKDAYS", "YEAR", "DayMention", "date_mentions", "date_range", "dates_in",
    "future_tense", "iso", "names_period", "names_time_ahead", "parse_dateline", "resolve_date",
]

# Seed format: " date 2025-04-08 Lisbon, Portugal — The city council ..."
_DATELINE = re.compile(r"^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*(?:(.*?)[ \t]*)?[—–][ \t]*")


def parse_dateline(text: str) -> tuple[dt.date | None, str, int]:
    """Return (date, place, body_start) for a seed-format first line, else (None, "", 0).

    `body_start` is the offset in `text` where the article prose begins.
    """
    first_line_end = text.find("\n")
    head = text if first_line_end < 0 else text[:first_line_end]
    m = _DATELINE.match(head[:400])
    if not m:
        return None, "", 0
    try:
        date = dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None, "", 0
    # "Vienna (dpa)": the wire service in brackets is who reports, not where.
    place = re.sub(r"\s*\([^()]*\)\s*$", "", m.group(2) or "").strip()
    return date, place, m.end()


def dates_in(sentence: str, published: dt.date | None) -> list[dt.date | None]:
    """The days a source sentence names: its event's day, and every explicit date in it."""
    days = [resolve_date(sentence, published, events=True)[0]]
    for readings, _, _ in date_mentions(sentence):
        for year, month, day in readings:
            if month and day and (year or published):
                days.append(_safe_date(year or published.year, month, day))
    return days


def names_period(text: str, published: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    """Does the text name a day, month or year within [start, end] ("on October 12", "in March
    2008", "by 2030")? A day or month without a year is in the article's year or the next one
    ("scheduled for January 15" in December)."""
    first, last = start or dt.date.min, end or dt.date.max
    for readings, _, _ in date_mentions(text):
        for given, month, day in readings:
            if not month:
                continue
            years = [given] if given else [published.year, published.year + 1] if published else []
            for year in years:
                lo = _safe_date(year, month, day or 1)
                hi = lo if day else _safe_date(year, month, calendar.monthrange(year, month)[1])
                if lo and hi and lo <= last and hi >= first:
                    return True
    return any(first.year <= int(m["y"]) <= last.year for m in re.finditer(BARE_YEAR, text, re.I))


# A time a sentence names short of a day: a month after a time word ("will rule in May", "by
# March"), a part of the calendar counted from the article's date ("next year", "later this month").
_MONTH_TIME = re.compile(rf"(?i:\b(?:in|during|early|late|mid|until|by|before|after|next|from)[ -])"
                         rf"(?:{'|'.join(m.capitalize() for m in MONTHS if len(m) > 3 or m == 'may')})\b")
# ("this week", "last year" are left out: news writes them of the article's own time, often beside
# another event than the one asked about.)
_CALENDAR_TIME = re.compile(r"\b(?:next|later this|early next|late next|the coming)\s+(?:week|month|year|spring|summer"
                            r"|autumn|fall|winter|quarter)\b|\btomorrow\b|\bnext\s+(?:" + "|".join(WEEKDAYS) + r")\b", re.I)


def names_time_ahead(sentence: str, published: dt.date | None) -> bool:
    """Does a sentence say when, to a day, a month or a year, a time not before its article was written
    ("on June 12", "in May", "by 2030", "next year")? What a question on something still to come is
    answered with, however precisely; a time gone by ("closed since 2019") is another event's."""
    first = published or dt.date.min
    day = resolve_date(sentence, published, events=True)[0]
    if day is not None and day >= first:
        return True
    for readings, _, _ in date_mentions(sentence):
        for year, month, _ in readings:
            if month and (year is None or (year, month) >= (first.year, first.month)):
                return True
    if any(int(m["y"]) >= first.year for m in re.finditer(BARE_YEAR, sentence, re.I)):
        return True
    return bool(_MONTH_TIME.search(sentence) or _CALENDAR_TIME.search(sentence))


_WEEKDAY_WORD = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|last night|this morning|this afternoon|earlier today)\b", re.I)
# A weekday preceded by these refers to a different week; do not guess.
_WEEKDAY_BLOCKERS = re.compile(r"(?:next|last|this|coming|following|previous|every|on the)\s+$", re.I)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# Words that place an event after the article: "will testify", "is scheduled for", "next week".
# "Due" plans only after a form of "be" and not before a determiner ("is due to open in May", "was due on
# Monday"); otherwise it gives a cause ("closed due to weak demand", "was due to the weather").
_PLANNED = (r"will|shall|won['’]t|going to|scheduled|slated|planned|plans? to"
            r"|(?:(?<=\bis )|(?<=\bare )|(?<=\bwas )|(?<=\bwere )|(?<=\bbe ))due (?:to(?! (?:the|a|an|what|which|its|his|her|their|our|this|that|these|those|\d))|on|in)"
            r"|set (?:to|for)"
            r"|expected (?:to|on)|upcoming|is to|are to|to be held|to take place|to begin|to start|to open|to vote")
# "said the plant would close": the future as reported, seen from a moment that may itself be gone by.
_REPORTED_FUTURE = r"would(?!\s+have)"
_FUTURE = re.compile(rf"\b(?:{_PLANNED}|{_REPORTED_FUTURE})\b|['’]ll\b", re.I)
_PLANNED_RX = re.compile(rf"\b(?:{_PLANNED})\b|['’]ll\b", re.I)
# "said on Wednesday that they would …": the day of the saying, gone by, whatever the tense after it.
# A passive is no saying: "will be asked on Sunday" is the day of what is planned.
_SAID_ON = re.compile(r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )\b(?:" + "|".join(sorted(PAST_FORMS))
                      + r")\b(?:\s+[\w'’]+){0,2}?\s+on\s+$", re.I)


def _said_on(region: str, at: int) -> bool:
    """Is the day at `at` the day something was said ("announced on Monday")?"""
    return _SAID_ON.search(region, max(0, at - 40), at) is not None


_NEXT = re.compile(r"(?:next|coming|following)\s+$", re.I)
_LAST = re.compile(r"(?:last|previous|past)\s+$", re.I)


def future_tense(text: str) -> bool:
    """Does the text place what it tells after the moment of writing?"""
    return bool(_FUTURE.search(text))


_HALF_YEAR = dt.timedelta(days=183)


def _without_year(month: int, day: int, published: dt.date, ahead: bool, reported: bool) -> dt.date | None:
    """The year of a day written without one. "December 20" in a January article is last year's;
    "will vote on January 5" in a December article is next year's. A future only reported
    (`reported`: "said the plant would close on December 1", in a December article) looks ahead at
    most half a year when the day gone by is nearer: such plans were often carried out before the
    article. "Will" and "scheduled" are not second-guessed, nor is the past tense."""
    this = _safe_date(published.year, month, day)
    if this is None:
        return None
    before = this if this <= published + dt.timedelta(days=1) else _safe_date(published.year - 1, month, day)
    if not ahead:
        return before
    after = this if this >= published - dt.timedelta(days=1) else _safe_date(published.year + 1, month, day)
    if reported and after and before and after - published > _HALF_YEAR and published - before < after - published:
        return before
    return after


def resolve_date(region: str, published: dt.date | None, events: bool = False) -> tuple[dt.date | None, int]:
    """Find the day named in `region` (text around a cue with the quote removed, or a sentence).

    Returns (date, position in region) or (None, -1). Explicit dates win over weekdays, which win
    over "yesterday"/"today". A statement is never made after its article, so by default a day
    without a year, or a weekday, is the most recent one on or before publication. With
    `events`, a text in the future tense ("will testify on June 3", "scheduled for Tuesday")
    looks forward from publication instead, and "next"/"last" Tuesday count from it either way.
    """
    forward = events and future_tense(region)
    for readings, _, start in date_mentions(region):
        if len(readings) > 1:
            continue  # 8/4/2025: the day and month cannot be told apart
        year, month, day = readings[0]
        if not (month and day):
            continue  # a whole month is not a day
        ahead_here = forward and not _said_on(region, start)
        if year:
            d = _safe_date(year, month, day)
        elif published is not None:
            d = _without_year(month, day, published, ahead_here, reported=not _PLANNED_RX.search(region))
        else:
            d = None
        if d is not None:
            return d, start
    if published is None:
        return None, -1
    for m in _WEEKDAY_WORD.finditer(region):
        before = region[max(0, m.start() - 20) : m.start()]
        target = WEEKDAYS.index(m.group(1).lower())
        ahead = (target - published.weekday()) % 7
        if events and _NEXT.search(before):
            return published + dt.timedelta(days=ahead or 7), m.start()
        if events and _LAST.search(before):
            return published - dt.timedelta(days=(published.weekday() - target) % 7 or 7), m.start()
        if _WEEKDAY_BLOCKERS.search(before):
            continue
        if forward and not _said_on(region, m.start()):
            return published + dt.timedelta(days=ahead), m.start()
        back = (published.weekday() - target) % 7
        return published - dt.timedelta(days=back), m.start()
    m = _RELATIVE.search(region)
    if m:
        word = m.group(1).lower()
        if word in ("yesterday", "last night"):
            return published - dt.timedelta(days=1), m.start()
        return published, m.start()
    return None, -1
