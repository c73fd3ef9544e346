"""Reported speech in an answer runs to the end of its clause: the extractor's content may stop at an
inner comma or before an "as …" complement, and what the source goes on to say in that clause is often
what was asked. What follows the clause (a contrast in the writer's voice, someone else's words) is not X's."""

from __future__ import annotations

import pytest

from conftest import store_of

from retrieval import Newsbot

ARTICLE = (
    " date 2025-05-06 Graz (APA) – Mayor Lena Kovac heralded the council's deal with the rail union as a "
    '"breakthrough."\n\n'
    "Author Ida Brenner will discuss her new book, The Harbour Years, and the port strike.\n\n"
    "Kovac said the tram depot would move to the north, but Brenner called the plan a waste of money.\n\n"
    "Kovac praised the volunteers at a rally in the old town on Monday.\n"
)


@pytest.fixture(scope="module")
def clauses(tmp_path_factory) -> Newsbot:
    return store_of(tmp_path_factory.mktemp("clauses"), ARTICLE, "Graz council and rail union agree")


@pytest.mark.parametrize("question,clause_end", [
    ("What did Kovac say about the deal with the rail union?", 'as a "breakthrough"'),  # past the object
    ("What did Ida Brenner say about her book?", "and the port strike"),  # past an inner comma
])
def test_reported_speech_runs_to_the_end_of_its_clause(clauses, question, clause_end):
    assert clause_end in clauses.ask(question).answer.split("[1]")[0]


def test_a_contrast_after_the_clause_is_not_added_to_x_words(clauses):
    answer = clauses.ask("What did Kovac say about the tram depot?")

    assert "move to the north" in answer.answer and "waste of money" not in answer.answer


def test_the_day_the_clause_ends_on_is_given_once_with_its_date(clauses):
    answer = clauses.ask("What did Kovac say about the volunteers?").answer

    assert "at a rally in the old town on Monday (5 May 2025)" in answer and answer.count("May 2025") == 1


LONG_QUOTE = (
    " date 2025-05-06 Graz (APA) – “The harbour budget is the first thing we looked at when the storm had passed, "
    "and I can tell you that every single line of it was read again by the council, by the port board and by "
    "the people who work on the quays every day, because the damage was far worse than anyone here had feared "
    "and we owe them an honest account of what the repairs will cost and of who will pay for them in the end, "
    "this year and in the years after it,” Kovac told reporters.\n\n"
    "Kovac said the harbour budget would rise by a third to pay for the repairs.\n"
)


def test_a_long_direct_quote_leaves_room_for_the_speakers_summary(tmp_path):
    answer = store_of(tmp_path, LONG_QUOTE, "Graz harbour budget").ask("What did Kovac say about the harbour budget?")

    assert answer.statements[0].kind == "direct" and "by a third" in answer.answer  # the quote first, clipped
    assert len(answer.answer.split()) <= 120
