"""Answers read as written sentences: a day the source names after the verb is shown once, a
speaker written in lower case opens its sentence with a capital, and "nothing from X about Y"
writes Y as the question did."""

from __future__ import annotations

import pytest

from conftest import store_of

from retrieval import Newsbot

ARTICLE = (
    " date 2026-03-20 Graz – Karl Huber, who leads the opposition, said on Friday that he would vote "
    "against the rail budget next week.\n\n"
    "The works department said the Brenner tunnel would stay closed until May.\n"
)


@pytest.fixture(scope="module")
def graz(tmp_path_factory) -> Newsbot:
    return store_of(tmp_path_factory.mktemp("wording"), ARTICLE, "Huber to vote against rail budget")


def test_a_day_the_source_names_after_the_verb_is_given_once(graz):
    answer = graz.ask("What did Huber say about the rail budget?").answer

    assert answer.startswith("Karl Huber said on Friday (20 March 2026")
    assert "2026 on Friday" not in answer


def test_a_lower_case_speaker_opens_its_sentence_with_a_capital(graz):
    answer = graz.ask("What did the works department say about the tunnel?").answer

    assert answer.startswith("The works department said")


def test_nothing_from_x_about_y_writes_y_as_asked(graz):
    answer = graz.ask("What did Huber say about the Brenner tunnel?").answer

    assert "about the Brenner tunnel." in answer
    # the words between the topic's terms as written, the verb of saying left out
    assert "about the sale of the tunnel's old quarry." in graz.ask("When did Huber announce the sale of the tunnel's old quarry?").answer
