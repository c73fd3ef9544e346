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


def resolve_date(region: str, published: dt.date | None) -> tuple[dt.date | None, int]:
    """Find the day a statement was made in `region` (text around the cue, quote removed).

    Returns (date, position in region) or (None, -1). Explicit dates win over
    weekdays, which win over "yesterday"/"today"; a weekday is the most recent
    such day on or before publication.
    """
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
                # A statement is not made after publication: "December 20" in a
                # January article is last year's.
                if d is not None and d > published + dt.timedelta(days=1):
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
        if _WEEKDAY_BLOCKERS.search(region[max(0, m.start() - 20) : m.start()]):
            continue
        target = WEEKDAYS[m.group(1).lower()]
        back = (published.weekday() - target) % 7
        return published - dt.timedelta(days=back), m.start()
    m = _RELATIVE.search(region)
    if m:
        word = m.group(1).lower()
        if word in ("yesterday", "last night"):
            return published - dt.timedelta(days=1), m.start()
        return published, m.start()
    return None, -1
