"""Dates as an answer or a source gives them: "2025-04-07", "7 April 2025", "April 7", "7/4/2025",
"March 2019", and a sentence's "on Monday" resolved against its article's date."""

from __future__ import annotations

import datetime as dt
import re

from retrieval.dates import resolve_date
from retrieval.dates import MONTHS, WEEKDAYS

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    rf"\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b"  # 2025-04-08
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({_MONTH})\.?,?(?:\s+(\d{{4}}))?\b"  # 8 April 2025, 8. April
    rf"|\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"  # April 8, 2025
    rf"|\b({_MONTH})\.?\s+(\d{{4}})\b"  # April 2025
    rf"|\b(\d{{1,2}})[./](\d{{1,2}})[./](\d{{4}})\b",  # 8.4.2025, 4/8/2025
    re.I,
)
WEEKDAY = re.compile(rf"\b({'|'.join(w.capitalize() for w in WEEKDAYS)})\b")

# (year, month, day), any of them None when the text leaves it out
DayMention = tuple[int | None, int | None, int | None]


def date_mentions(text: str) -> list[tuple[list[DayMention], str]]:
    """Each date the text gives, with the readings it allows (8/4/2025 is 8 April or August 4)."""
    out = []
    for m in DATE.finditer(text):
        g = m.groups()
        if g[0]:
            readings = [(int(g[0]), int(g[1]), int(g[2]))]
        elif g[4]:
            readings = [(_int(g[5]), MONTHS[g[4].lower()], int(g[3]))]
        elif g[6]:
            readings = [(_int(g[8]), MONTHS[g[6].lower()], int(g[7]))]
        elif g[9]:
            readings = [(int(g[10]), MONTHS[g[9].lower()], None)]
        else:
            first, second, year = int(g[11]), int(g[12]), int(g[13])
            readings = [(year, second, first), (year, first, second)]
        if g[4] and g[4] == "may" or g[6] and g[6] == "may" or g[9] and g[9] == "may":
            continue  # "may" is a verb unless capitalised
        out.append((readings, m.group(0)))
    return out


def dates_in(sentence: str, published: dt.date | None) -> list[dt.date | None]:
    days = [resolve_date(sentence, published, events=True)[0]]
    for readings, _ in date_mentions(sentence):
        for year, month, day in readings:
            if month and day:
                days.append(_day(year or (published.year if published else None), month, day))
    return days


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _day(year: int | None, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day) if year else None
    except ValueError:
        return None


def iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
