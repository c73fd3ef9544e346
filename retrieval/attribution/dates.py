"""Datelines and the day a statement was made.

Dates are resolved against the publication date with plain regexes: the cases
news text uses ("said Monday", "yesterday", "on June 18", "March 4, 2008") are
few, and dateparser is too slow to run over every sentence at ingest.
"""

from __future__ import annotations

import datetime as dt
import re

from retrieval.attribution.gazetteer import MONTHS, WEEKDAYS

# Seed format: " date 2025-04-08 Kyiv, Ukraine — The Ukrainian military ..."
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
    place = (m.group(2) or "").strip()
    return date, place, m.end()


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MD_Y = re.compile(
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
)
_D_M_Y = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAMES})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|last night|this morning|this afternoon|earlier today)\b", re.I)
# A weekday preceded by these refers to a different week; do not guess.
_WEEKDAY_BLOCKERS = re.compile(r"(?:next|last|this|coming|following|previous|every|on the)\s+$", re.I)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# Words that place an event after the article: "will testify", "is scheduled for", "next week".
_FUTURE = re.compile(
    r"\b(?:will|shall|won['’]t|going to|scheduled|slated|planned|plans? to|due (?:to|on|in)|set (?:to|for)"
    r"|expected (?:to|on)|upcoming|is to|are to|to be held|to take place|to begin|to start|to open|to vote)\b"
    r"|['’]ll\b",
    re.I,
)
_NEXT = re.compile(r"(?:next|coming|following)\s+$", re.I)
_LAST = re.compile(r"(?:last|previous|past)\s+$", re.I)


def future_tense(text: str) -> bool:
    """Does the text place what it tells after the moment of writing?"""
    return bool(_FUTURE.search(text))


def resolve_date(region: str, published: dt.date | None, events: bool = False) -> tuple[dt.date | None, int]:
    """Find the day named in `region` (text around a cue with the quote removed, or a sentence).

    Returns (date, position in region) or (None, -1). Explicit dates win over weekdays, which win
    over "yesterday"/"today". A statement is never made after its article, so by default a day
    without a year, or a weekday, is the most recent one on or before publication. With
    `events`, a text in the future tense ("will testify on June 3", "scheduled for Tuesday")
    looks forward from publication instead, and "next"/"last" Tuesday count from it either way.
    """
    forward = events and future_tense(region)
    for rx, order in ((_MD_Y, "md"), (_D_M_Y, "dm")):
        for m in rx.finditer(region):
            if order == "md":
                mon, day, year = m.group(1), m.group(2), m.group(3)
            else:
                day, mon, year = m.group(1), m.group(2), m.group(3)
            # "may" is also a modal verb: only accept it capitalised.
            if mon.lower() == "may" and mon[0] != "M":
                continue
            month = MONTHS[mon.lower().rstrip(".")]
            if year:
                d = _safe_date(int(year), month, int(day))
            elif published is not None:
                d = _safe_date(published.year, month, int(day))
                # "December 20" in a January article is last year's; "will vote on January 5"
                # in a December article is next year's.
                if forward and d is not None and d < published - dt.timedelta(days=1):
                    d = _safe_date(published.year + 1, month, int(day))
                elif not forward and d is not None and d > published + dt.timedelta(days=1):
                    d = _safe_date(published.year - 1, month, int(day))
            else:
                d = None
            if d is not None:
                return d, m.start()
    m = _ISO.search(region)
    if m:
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d is not None:
            return d, m.start()
    if published is None:
        return None, -1
    for m in _WEEKDAY.finditer(region):
        before = region[max(0, m.start() - 20) : m.start()]
        target = WEEKDAYS[m.group(1).lower()]
        ahead = (target - published.weekday()) % 7
        if events and _NEXT.search(before):
            return published + dt.timedelta(days=ahead or 7), m.start()
        if events and _LAST.search(before):
            return published - dt.timedelta(days=(published.weekday() - target) % 7 or 7), m.start()
        if _WEEKDAY_BLOCKERS.search(before):
            continue
        if forward:
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
