"""The range of days a question asks about (`date_range`).

Question date rules, all relative to `reference_date` (the caller passes the newest stored
article's publication date, or today; default: today):
- "today"/"tonight" = the reference day; "yesterday"/"last night" = the day before.
- "(on) Monday" = the most recent Monday on or before the reference (the reference
  itself if it is a Monday); "last Monday" = the most recent one strictly before.
  Weekdays are ignored when the question also names an absolute date
  ("Monday, March 4, 2008").
- "this week" = Monday of the reference's week .. reference; "last week" = the
  previous calendar week, Monday..Sunday; "past week"/"past 7 days"/"in the last
  N days|weeks" = rolling window ending on the reference.
- "this month"/"last month"/"this year"/"last year" = calendar month/year
  ("this …" ends on the reference); "N days|weeks|months|years ago" = that day.
- "March 4, 2008", "4 March 2008", "2025-04-08" = that day; "March 4" = that day
  in the latest year not after the reference; "March 2008" = whole month; a
  bare year "2008" = whole year; "in March" = the latest March not after the
  reference; "between April and June 2008"/"from 2007 to 2009" = range.
- "since/after X" leave `date_to` open; "before/until/by X" leave `date_from` open.
- Several expressions are merged into their hull (earliest start .. latest end).
Dates inside event descriptions count too: callers treat them as boosts except
for "when" questions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from dateutil.relativedelta import relativedelta

from retrieval.dates.words import BARE_YEAR, DAY_NUMBER, FULL_MONTH, MONTH_WORD, MONTHS, WEEKDAYS, YEAR_DIGITS

_NUMS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUM = r"(?:\d{1,3}|" + "|".join(_NUMS) + ")"
Range = tuple[dt.date | None, dt.date | None]


def _mon(s: str) -> int:
    s = s.lower().rstrip(".")
    return MONTHS.get(s) or MONTHS[s[:3]]


def _day(y: int, m: int, d: str) -> Range:
    try:
        x = dt.date(y, m, int(re.sub(r"\D", "", d)))
    except ValueError:
        return None, None
    return x, x


def _month(y: int, m: int) -> Range:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _year(a: str, b: str | None = None) -> Range:
    return dt.date(int(a), 1, 1), dt.date(int(b or a), 12, 31)


def _shift_months(d: dt.date, months: int) -> dt.date:
    """`months` calendar months before `d`, the day clipped to the month's end (March 31 -> Feb 28)."""
    return d - relativedelta(months=months)


def _latest(m: int, ref: dt.date, strictly_before: bool = False) -> int:
    """The year of the latest month `m` not after (or strictly before) the reference month."""
    return ref.year if m < ref.month or (m == ref.month and not strictly_before) else ref.year - 1


def _ago(count: str | None, unit: str, ref: dt.date) -> dt.date:
    n = 1 if not count else int(count) if count.isdigit() else _NUMS[count.lower()]
    if unit.startswith("day"):
        return ref - dt.timedelta(days=n)
    if unit.startswith("week"):
        return ref - dt.timedelta(weeks=n)
    return _shift_months(ref, n * (12 if unit.startswith("year") else 1))


def _week0(r: dt.date) -> dt.date:
    return r - _D(r.weekday())  # weeks start on Monday


def _rule(pattern: str, fn: Callable[[re.Match[str], dt.date], Range], absolute: bool = True,
          flags: int = re.I) -> tuple[re.Pattern[str], Callable[[re.Match[str], dt.date], Range], bool]:
    return re.compile(pattern, flags), fn, absolute


_D = dt.timedelta
# (pattern, (match, reference) -> range, absolute?) in priority order: longer shapes first,
# each consuming its text so "March 4, 2008" is not also read as "March" and "2008".
_RULES = [
    _rule(rf"\b(?:between|from) (?P<m1>{MONTH_WORD})(?: (?P<y1>{YEAR_DIGITS}))? (?:and|to|until|through|-) "
          rf"(?P<m2>{MONTH_WORD}),? (?P<y2>{YEAR_DIGITS})\b",
          lambda g, r: (dt.date(int(g["y1"] or g["y2"]), _mon(g["m1"]), 1), _month(int(g["y2"]), _mon(g["m2"]))[1])),
    _rule(rf"\b(?:between|from) (?P<a>{YEAR_DIGITS}) (?:and|to|until|through) (?P<b>{YEAR_DIGITS})\b", lambda g, r: _year(g["a"], g["b"])),
    _rule(rf"\b(?P<a>{YEAR_DIGITS}) ?[-–] ?(?P<b>{YEAR_DIGITS})\b", lambda g, r: _year(g["a"], g["b"])),
    _rule(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b", lambda g, r: _day(int(g["y"]), int(g["m"]), g["d"])),
    _rule(rf"\b(?P<m>{MONTH_WORD}) (?P<d>{DAY_NUMBER}),? (?P<y>{YEAR_DIGITS})\b", lambda g, r: _day(int(g["y"]), _mon(g["m"]), g["d"])),
    _rule(rf"\b(?P<d>{DAY_NUMBER}) (?:of )?(?P<m>{MONTH_WORD}),? (?P<y>{YEAR_DIGITS})\b", lambda g, r: _day(int(g["y"]), _mon(g["m"]), g["d"])),
    _rule(rf"\b(?P<m>{MONTH_WORD}) (?P<d>{DAY_NUMBER})\b(?![,:.]?\d)", lambda g, r: _day(_latest(_mon(g["m"]), r), _mon(g["m"]), g["d"])),
    _rule(rf"\b(?P<d>{DAY_NUMBER}) (?:of )?(?P<m>{MONTH_WORD})\b", lambda g, r: _day(_latest(_mon(g["m"]), r), _mon(g["m"]), g["d"])),
    _rule(rf"\b(?P<m>{MONTH_WORD}),? (?P<y>{YEAR_DIGITS})\b", lambda g, r: _month(int(g["y"]), _mon(g["m"]))),
    # A bare year, unless it is money, a percentage, part of a number or a count ("2000 jobs").
    _rule(BARE_YEAR, lambda g, r: _year(g["y"])),
    # A month name alone only capitalised after a time word ("the march" is not March).
    _rule(rf"(?i:\b(?P<p>in|during|early|late|mid|since|until|of|by|before|after|last|this)[ -])(?P<m>{FULL_MONTH})\b(?![ ,]*\d)",
          lambda g, r: _month(_latest(_mon(g["m"]), r, g["p"].lower() == "last"), _mon(g["m"])), flags=0),
    _rule(r"\bthe day before yesterday\b", lambda g, r: (r - _D(2), r - _D(2)), False),
    _rule(r"\b(?:yesterday|last night)\b", lambda g, r: (r - _D(1), r - _D(1)), False),
    _rule(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", lambda g, r: (r, r), False),
    _rule(rf"\b(?P<n>{_NUM}) (?P<u>day|week|month|year)s? ago\b", lambda g, r: (_ago(g["n"], g["u"], r),) * 2, False),
    # Rolling windows ending on the reference: "the past week", "in the last 3 days".
    _rule(rf"\b(?:(?:in|over|during) )?the (?:past|last) (?:(?P<n>{_NUM}) (?P<u>day|week|month|year)s"
          r"|(?P<u1>day|week|month|year))\b", lambda g, r: (_ago(g["n"], g["u"] or g["u1"], r) + _D(1), r), False),
    _rule(r"\bthis week\b", lambda g, r: (_week0(r), r), False),
    _rule(r"\blast week\b", lambda g, r: (_week0(r) - _D(7), _week0(r) - _D(1)), False),
    _rule(r"\bthis month\b", lambda g, r: (r.replace(day=1), r), False),
    _rule(r"\blast month\b", lambda g, r: _month((d := _shift_months(r, 1)).year, d.month), False),
    _rule(r"\bthis year\b", lambda g, r: (dt.date(r.year, 1, 1), r), False),
    _rule(r"\blast year\b", lambda g, r: _year(str(r.year - 1)), False),
    # "(over the) weekend": the latest Saturday on or before the reference, and the Sunday.
    _rule(r"\b(?:this|last|over the|at the|on the) weekend\b",
          lambda g, r: (r - _D((r.weekday() - 5) % 7), r - _D((r.weekday() - 5) % 7 - 1)), False),
]
_WEEKDAY = re.compile(r"\b(?:(?P<p>on|last|this|past) )?(?P<w>" + "|".join(WEEKDAYS) + r")s?\b", re.I)
_OPEN = re.compile(r"\b(?P<w>since|after|from|before|until|till|through|by)\s+$", re.I)


def date_range(text: str, ref: dt.date) -> tuple[Range, list[tuple[int, int]]]:
    """The date range named in the question (hull of all expressions) and the spans naming it."""
    work = text
    found: list[Range] = []
    spans: list[tuple[int, int]] = []

    def take(m: re.Match[str], rng: Range) -> None:
        nonlocal work
        a, b = rng
        if a is None and b is None:
            return
        # "since 2007" leaves the end open; "before 2008" the start.
        w = _OPEN.search(work[: m.start()])
        if w:
            word = w["w"].lower()
            if word in ("since", "after", "from"):
                a, b = (b + _D(1) if word == "after" and b else a), None
            elif word == "before":
                a, b = None, (a - _D(1) if a else b)
            else:
                a = None
        found.append((a, b))
        spans.append((w.start() if w else m.start(), m.end()))
        work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end() :]

    absolute = False
    for rx, fn, is_abs in _RULES:
        for m in list(rx.finditer(work)):
            n = len(found)
            take(m, fn(m, ref))
            absolute |= is_abs and len(found) > n
    for m in list(_WEEKDAY.finditer(work)):
        if absolute:  # "Monday, March 4, 2008": the weekday adds nothing
            spans.append((m.start(), m.end()))
            continue
        back = (ref.weekday() - WEEKDAYS.index(m["w"].lower())) % 7
        if back == 0 and (m["p"] or "").lower() == "last":
            back = 7
        take(m, (ref - _D(back), ref - _D(back)))
    if not found:
        return (None, None), spans
    starts = [a for a, _ in found]
    ends = [b for _, b in found]
    lo = None if None in starts else min(a for a in starts if a)
    hi = None if None in ends else max(b for b in ends if b)
    return (lo, hi), spans
