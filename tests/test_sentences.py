"""One sentence segmenter for passages, answers and checks: abbreviations don't end sentences."""

from __future__ import annotations

import pytest

from retrieval.models import Article
from retrieval.passages import PassageSplitter
from retrieval.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize("first", [
    "The treaty was signed on Feb. 24, 2022, in the capital.",
    "The U.S. embassy closed on Monday.",
    "Gen. Ana Lopes inspected the troops at dawn.",
    "The prime minister spoke outside No. 10 on Tuesday.",
    "J. R. Okafor chaired the meeting for three hours.",
    "Harbour Foods Inc. said its profit doubled.",
    '"We will not give up the fight."',
    # a period closing a party-and-state tag or an abbreviation, before a lowercase word
    "WASHINGTON — Sen. Ada Brill (I-Vt.) defended her call to raise the harbour wage.",
    "On Saturday, Sen. Ada Brill (I-Vt.) called on the governor to resign.",
    "The candidate won 314 e.v.’s for the party in the end.",
])
def test_abbreviations_and_quotes_end_a_sentence_only_where_it_ends(first):
    text = f"{first} The next sentence follows here."

    assert sentences(text) == [first, "The next sentence follows here."]


def test_a_quotation_over_several_sentences_stays_one_and_a_line_break_ends_one():
    text = '"It was hard. We tried everything," she said. Markets rose\nThe end came quickly.'

    assert sentences(text) == ['"It was hard. We tried everything," she said.', "Markets rose", "The end came quickly."]


@pytest.mark.parametrize("quoted", [
    '"We won!" she shouted after the count.',
    '"Why now?" asked the mayor.',
    '"It is over." Ada Brill said as the crowd cheered.',
    '"Why would we sell it?" Ada Brill remembered asking.',
    '"Is the ferry safe?" Tom Dunn, the port chief, asked reporters on Monday.',
])
def test_a_quotation_keeps_the_speaker_written_after_it(quoted):
    assert sentences(f"{quoted} The vote is on Friday.") == [quoted, "The vote is on Friday."]


def test_a_sentence_after_a_quotation_that_says_what_someone_said_is_its_own():
    text = '"We are ready." Ada Brill said the ferry would sail on Friday.'

    assert sentences(text) == ['"We are ready."', "Ada Brill said the ferry would sail on Friday."]


def test_an_initialism_ends_a_sentence_when_a_speaker_follows_it():
    assert sentences("Sales rose in the U.S. Lopez also noted that exports had doubled.") == [
        "Sales rose in the U.S.", "Lopez also noted that exports had doubled."]
    assert sentences("The U.S. Army said it was ready.") == ["The U.S. Army said it was ready."]


def test_passages_are_whole_sentences_that_know_where_their_sentences_are():
    text = " ".join(f"Sentence number {i} ends after Gen. Lopes spoke to the U.S. press." for i in range(30))
    passages = PassageSplitter(300).split(Article(source_id="a", title="t", text=text))

    assert len(passages) > 3 and all(len(p.text) <= 300 for p in passages)
    assert " ".join(p.text for p in passages) == text
    for p in passages:
        assert [p.text[a:b] for a, b in p.sentences] == sentences(p.text)
