"""Dates, in one module: datelines, the day a statement was made or an event happens, and the
range of days a question asks about.

Source text (statements, answer sentences) is resolved against the article's publication date
with tense (`resolve_date`); questions against the newest stored article (`date_range`). Month
arithmetic uses python-dateutil.

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

from retrieval.speech_verbs import PAST_FORMS

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_FULLMON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(?:19|20)\d\d"
YEAR = re.compile(rf"\b{_YEAR}\b")  # a year as a word: "in 2031", "flight AB2031" is not one
_DAYN = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUM = r"(?:\d{1,3}|" + "|".join(_NUMS) + ")"
_UNITWORDS = (r"people|jobs|workers|employees|troops|soldiers|units|cars|planes|aircraft"
              r"|dollars|euros|pounds|km|kilometres|miles|tonnes|tons|feet|metres|meters|votes")
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
_BARE_YEAR = rf"(?<![$€£#\d.,-])\b(?P<y>{_YEAR})\b(?![%\d]|[.,-]\d|\s+(?:{_UNITWORDS})\b)"
# (pattern, (match, reference) -> range, absolute?) in priority order: longer shapes first,
# each consuming its text so "March 4, 2008" is not also read as "March" and "2008".
_RULES = [
    _rule(rf"\b(?:between|from) (?P<m1>{_MON})(?: (?P<y1>{_YEAR}))? (?:and|to|until|through|-) "
          rf"(?P<m2>{_MON}),? (?P<y2>{_YEAR})\b",
          lambda g, r: (dt.date(int(g["y1"] or g["y2"]), _mon(g["m1"]), 1), _month(int(g["y2"]), _mon(g["m2"]))[1])),
    _rule(rf"\b(?:between|from) (?P<a>{_YEAR}) (?:and|to|until|through) (?P<b>{_YEAR})\b", lambda g, r: _year(g["a"], g["b"])),
    _rule(rf"\b(?P<a>{_YEAR}) ?[-–] ?(?P<b>{_YEAR})\b", lambda g, r: _year(g["a"], g["b"])),
    _rule(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b", lambda g, r: _day(int(g["y"]), int(g["m"]), g["d"])),
    _rule(rf"\b(?P<m>{_MON}) (?P<d>{_DAYN}),? (?P<y>{_YEAR})\b", lambda g, r: _day(int(g["y"]), _mon(g["m"]), g["d"])),
    _rule(rf"\b(?P<d>{_DAYN}) (?:of )?(?P<m>{_MON}),? (?P<y>{_YEAR})\b", lambda g, r: _day(int(g["y"]), _mon(g["m"]), g["d"])),
    _rule(rf"\b(?P<m>{_MON}) (?P<d>{_DAYN})\b(?![,:.]?\d)", lambda g, r: _day(_latest(_mon(g["m"]), r), _mon(g["m"]), g["d"])),
    _rule(rf"\b(?P<d>{_DAYN}) (?:of )?(?P<m>{_MON})\b", lambda g, r: _day(_latest(_mon(g["m"]), r), _mon(g["m"]), g["d"])),
    _rule(rf"\b(?P<m>{_MON}),? (?P<y>{_YEAR})\b", lambda g, r: _month(int(g["y"]), _mon(g["m"]))),
    # A bare year, unless it is money, a percentage, part of a number or a count ("2000 jobs").
    _rule(_BARE_YEAR, lambda g, r: _year(g["y"])),
    # A month name alone only capitalised after a time word ("the march" is not March).
    _rule(rf"(?i:\b(?P<p>in|during|early|late|mid|since|until|of|by|before|after|last|this)[ -])(?P<m>{_FULLMON})\b(?![ ,]*\d)",
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


# ---------------------------------------------------------------- source text
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
    return any(first.year <= int(m["y"]) <= last.year for m in re.finditer(_BARE_YEAR, text, re.I))


def iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text else None


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
_FUTURE = re.compile(
    r"\b(?:will|shall|won['’]t|would(?!\s+have)|going to|scheduled|slated|planned|plans? to|due (?:to|on|in)|set (?:to|for)"
    r"|expected (?:to|on)|upcoming|is to|are to|to be held|to take place|to begin|to start|to open|to vote)\b"
    r"|['’]ll\b",
    re.I,
)
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
            d = _safe_date(published.year, month, day)
            # "December 20" in a January article is last year's; "will vote on January 5"
            # in a December article is next year's.
            if ahead_here and d is not None and d < published - dt.timedelta(days=1):
                d = _safe_date(published.year + 1, month, day)
            elif not ahead_here and d is not None and d > published + dt.timedelta(days=1):
                d = _safe_date(published.year - 1, month, day)
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
