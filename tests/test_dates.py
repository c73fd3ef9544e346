"""The date module's reading of periods in source text: which articles can tell of an asked period."""

from __future__ import annotations

import datetime as dt

import pytest

from retrieval.dates import names_period

DECEMBER = dt.date(2025, 12, 20)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("The vote is scheduled for January 15.", "2026-01-15", "2026-01-15"),  # planned: next year's January
    ("The plant will reopen in March 2027, the owner said.", "2027-01-01", "2027-12-31"),
    ("The company aims to be carbon-neutral by 2030.", "2030-01-01", "2030-12-31"),
    ("The launch is set for 4 February 2026.", "2026-02-01", "2026-02-28"),
])
def test_an_older_article_names_the_period_when_it_dates_a_planned_event(text, start, end):
    assert names_period(text, DECEMBER, dt.date.fromisoformat(start), dt.date.fromisoformat(end))


@pytest.mark.parametrize("text", [
    "The board approved the budget on Tuesday.",
    "Sales rose by 2031 units in November.",  # a count, not a year
    "The vote is scheduled for January 15.",  # January 2026, not of 2031
])
def test_text_of_another_time_does_not_name_the_period(text):
    assert not names_period(text, DECEMBER, dt.date(2031, 1, 1), dt.date(2031, 12, 31))
