"""The words dates are written in: month and weekday names, years, and the days a text gives
("8 April 2025", "April 8", "2025-04-08"), shared by question ranges and source text."""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
MONTH_WORD = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
YEAR_DIGITS = r"(?:19|20)\d\d"
YEAR = re.compile(rf"\b{YEAR_DIGITS}\b")  # a year as a word: "in 2031", "flight AB2031" is not one
DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_UNITWORDS = (r"people|jobs|workers|employees|troops|soldiers|units|cars|planes|aircraft"
              r"|dollars|euros|pounds|km|kilometres|miles|tonnes|tons|feet|metres|meters|votes")
# A year on its own, unless it is money, a percentage, part of a number or a count ("2000 jobs").
BARE_YEAR = rf"(?<![$€£#\d.,-])\b(?P<y>{YEAR_DIGITS})\b(?![%\d]|[.,-]\d|\s+(?:{_UNITWORDS})\b)"

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# A day or month as sources and answers write it, in any of the usual forms.
DATE = re.compile(
    rf"\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b"  # 2025-04-08
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({_MONTH_NAMES})\.?,?(?:\s+(\d{{4}}))?\b"  # 8 April 2025, 8. April
    rf"|\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"  # April 8, 2025
    rf"|\b({_MONTH_NAMES})\.?\s+(\d{{4}})\b"  # April 2025
    rf"|\b(\d{{1,2}})[./](\d{{1,2}})[./](\d{{4}})\b",  # 8.4.2025, 4/8/2025
    re.I,
)
WEEKDAY = re.compile(rf"\b({'|'.join(w.capitalize() for w in WEEKDAYS)})\b")

# (year, month, day), any of them None when the text leaves it out
DayMention = tuple[int | None, int | None, int | None]


def date_mentions(text: str) -> list[tuple[list[DayMention], str, int]]:
    """Each date the text gives, with the readings it allows (8/4/2025 is 8 April or August 4),
    its words and its position."""
    out = []
    for m in DATE.finditer(text):
        g = m.groups()
        if g[4] == "may" or g[6] == "may" or g[9] == "may":
            continue  # "may" is a verb unless capitalised
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
        out.append((readings, m.group(0), m.start()))
    return out


def iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text else None
