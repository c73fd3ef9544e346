"""Asked for the words of someone named only by a role ("What did the transport minister say?"),
the answer holds the role-holder's words, never those of another speaker whose sentence mentions
the role, and a role nobody stored holds ("the finance minister") finds nothing."""

from __future__ import annotations

import pytest

from conftest import store_of

from retrieval import Newsbot

ARTICLE = (
    " date 2026-02-20 Port Ellis – The ferry vote is now set for March 3, council chair Mira Solberg said at a "
    "news conference alongside the visiting transport minister, Joost Verhagen.\n\n"
    "Verhagen said a regional fund had saved a ferry line like this one in 2019.\n\n"
    "The shipyard's chief executive, Ana Ruiz, told reporters that the vessel would be ready by June.\n"
)


@pytest.fixture(scope="module")
def harbor(tmp_path_factory) -> Newsbot:
    return store_of(tmp_path_factory.mktemp("roles"), ARTICLE, "Port Ellis ferry vote moved to March")


@pytest.mark.parametrize("question,words,not_words", [
    ("What did the transport minister say?", "regional fund", "March 3"),
    ("What did the visiting minister say about the ferry?", "regional fund", "March 3"),
    ("What did the council chair say about the ferry vote?", "March 3", "regional fund"),
    ("What did the chief executive say about the vessel?", "ready by June", "regional fund"),
])
def test_a_role_is_answered_with_its_holders_words(harbor, question, words, not_words):
    answer = harbor.ask(question).answer

    assert words in answer and not_words not in answer


def test_a_role_nobody_holds_finds_nothing(harbor):
    answer = harbor.ask("What did the finance minister say?")

    assert not answer.citations and "regional fund" not in answer.answer


BAND = (
    " date 2026-04-02 Leeds – The Larks said on Monday that their autumn tour would go ahead. "
    "The band's manager, Rosa Quint, said the tour would lose money but that the fans deserved it.\n"
)


@pytest.mark.parametrize("question", [
    "What did the Larks' manager say about the tour?",
    "What did the manager of the Larks say about the tour?",
])
def test_a_name_that_owns_the_role_asked_about_is_not_the_speaker(tmp_path, question):
    newsbot = store_of(tmp_path / "band", BAND, "The Larks keep their autumn tour")

    answer = newsbot.ask(question).answer

    assert "lose money" in answer and "would go ahead" not in answer


def test_what_a_name_has_speaks_not_the_name(tmp_path):
    article = (" date 2026-05-14 Lisbon – Health minister Rita Almeida said the state would hire 2,000 nurses.\n\n"
               "Almeida's predecessor, Marta Reis, criticized the plan as too timid in an interview.\n")
    newsbot = store_of(tmp_path / "predecessor", article, "Lisbon to hire nurses")

    answer = newsbot.ask("What did Almeida's predecessor say about the plan?").answer

    assert "too timid" in answer and "2,000 nurses" not in answer


def test_the_employer_named_only_in_the_passage_still_picks_its_chief_executive(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-02-20 Tarvel – Morrow Lines lost money on its harbour ferries for a third year.\n\n"
        "Its chief executive, Ivo Vane, said the ferry strike would end once wages rose by a tenth.\n"
    ), "Ferry operator loses money again")
    assert newsbot.ingest_text(
        " date 2026-02-21 Tarvel – The chief executive, Ruth Lind, said the ferry strike had cost the port a fortune.\n",
        title="Port counts the cost of strike").new

    answer = newsbot.ask("What did the Morrow Lines chief executive say about the ferry strike?").answer

    assert "Ivo Vane, its chief executive" in answer and "wages rose" in answer and "fortune" not in answer


def test_a_passage_sharing_one_word_of_the_employer_does_not_name_it(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-02-20 Tarvel – Pellow Bank raised its rates on harbour property loans.\n\n"
        "Its chief executive, Ivo Vane, said borrowers would cope with the higher rates.\n"
    ), "Bank raises rates")
    assert newsbot.ingest_text(
        " date 2026-02-21 Tarvel – Harbour Lines said fuel costs had risen.\n\n"
        "Its chief executive, Kate Lind, said the higher rates would hurt ferry fares.\n",
        title="Ferry fares under pressure").new

    answer = newsbot.ask("What did the chief executive of Harbour Lines say about rates?").answer

    assert "Kate Lind" in answer and "Ivo Vane" not in answer


AIRLINE = (
    " date 2026-05-11 Dunmore – Skyway will buy forty new jets from Acme Aero.\n\n"
    "Skyway chief executive Tom Lark said the new jets had the best reliability record of any he had flown.\n\n"
    "\"The plant stays open and that is the best news for our members,\" said the general secretary of the "
    "Orchard Union, Ada Wynn.\n\n"
    "Acme Aero's worldwide vice-president of marketing, Greg Jolk, said the cabin patch lets passengers "
    "set their own reading light.\n\n"
    "Vera Molin, Skyway's chief financial officer, said fuel costs would fall by a fifth.\n"
)


@pytest.fixture(scope="module")
def airline(tmp_path_factory) -> Newsbot:
    return store_of(tmp_path_factory.mktemp("airline"), AIRLINE, "Skyway buys forty jets")


@pytest.mark.parametrize("question,words", [
    # the top of a body asked for as its boss, head or leader: the article names the office
    ("Why did Skyway's boss say he chose the new jets?", "best reliability record"),
    ("How did the head of the Orchard Union react to the plant staying open?", "best news for our members"),
    # a title asked for by its common short form
    ("What did Acme Aero's marketing VP say about the cabin patch?", "reading light"),
    ("What did Skyway's CFO say about fuel costs?", "fall by a fifth"),
    ("What did Skyway's finance chief say about fuel costs?", "fall by a fifth"),
])
def test_a_role_asked_in_other_words_than_the_article_s_is_answered_with_its_holders_words(airline, question, words):
    answer = airline.ask(question).answer

    assert words in answer.split("[1]")[0], answer


@pytest.mark.parametrize("question,not_words", [
    ("What did Skyway's CFO say about the new jets?", "best reliability record"),  # the CEO's words, not the CFO's
    ("What did the head of the Orchard Union say about fuel costs?", "fall by a fifth"),
])
def test_a_role_asked_in_other_words_still_never_gets_another_holder_s_words(airline, question, not_words):
    answer = airline.ask(question).answer

    assert not_words not in answer, answer


def test_a_role_the_question_gives_a_named_person_favours_no_other_holder(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-06-02 Dunmore – Acme Rail chief executive Piet Olde said the plan for Acme Rail had the "
        "support of its lenders and that no one would leave the board in July.\n"), "Acme Rail plan backed")
    assert newsbot.ingest_text(" date 2026-06-03 Dunmore – Ivo Vane plans to stand down on July 15 to care for "
                               "his family.\n\nVane said in May that the Acme Rail coast line would stay open.\n", title="Vane to go").new

    answer = newsbot.ask("When does Ivo Vane plan to step down as head of Acme Rail?").answer

    # Not another chief executive's words, nor "the closest article does not mention Ivo Vane"
    assert "Ivo Vane plans to stand down" in answer.split("[1]")[0], answer


def test_a_boss_asked_for_is_not_a_head_of_sales_a_union_leader_or_a_vice_president(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-05-11 Dunmore – Brenton Foods head of sales Lia Marr said biscuit prices would rise in June.\n\n"
        "Brenton Foods union leader Ola Dahl said the pay talks had stalled.\n\n"
        "Brenton Foods vice president Tim Roe said the warehouse would be sold.\n"), "Brenton Foods news")

    for topic in ("biscuit prices", "the pay talks", "the warehouse"):
        answer = newsbot.ask(f"What did the Brenton Foods boss say about {topic}?")
        assert answer.answer.startswith("I found nothing") and not answer.citations, (topic, answer.answer)
