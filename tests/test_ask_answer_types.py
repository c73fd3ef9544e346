"""A question asking for a name or a number ("Which company…?", "Who…?", "How many…?") is answered by
a sentence that holds one the question lacks, not by the sentence that best repeats its words."""

from __future__ import annotations

import pytest

from conftest import store_of

from retrieval import Newsbot
from retrieval.answer_types import holds_new
from retrieval.questions import parse_question

# The first sentence repeats the questions' words; the answers are in the others.
ARTICLE = (
    " date 2025-04-02 Tarvel – The harbour ferry service of Tarvel was taken over this week after months of "
    "losses on the harbour ferry routes of the town.\n\n"
    "The new operator is Morrow Lines, which also runs the island buses, the port authority said.\n\n"
    "Fourteen crew members were laid off when the service changed hands, the union said.\n"
)


@pytest.fixture(scope="module")
def ferry(tmp_path_factory) -> Newsbot:
    return store_of(tmp_path_factory.mktemp("ferry"), ARTICLE, "Tarvel ferry service changes hands")


@pytest.mark.parametrize("question,answer", [
    ("Which company took over the harbour ferry service of Tarvel?", "Morrow Lines"),
    ("How many people lost their jobs when the Tarvel harbour ferry service was taken over?", "Fourteen"),
])
def test_the_sentence_holding_the_asked_name_or_number_answers(ferry, question, answer):
    assert answer in ferry.ask(question).answer


@pytest.mark.parametrize("question,expects", [
    ("How many people died in the blast?", "number"),
    ("By how much did prices rise?", "number"),
    ("what percentage of voters backed it", "number"),
    ("Which carrier bought the regional airline?", "name"),
    ("In which team did she start?", "name"),
    ("Who took over as coach?", "name"),
    ("Who said the plan was risky?", ""),  # a speaker answers, and the statement names them
    ("Which of the plans won?", ""),
    ("What did Ivo Vane say about the port?", ""),
    ("When will the bridge reopen?", ""),  # the kind asks for a day already
    ("How much did Acme Rail pay for the ferry line?", "money"),
    ("how much does the new pass cost", "money"),
    ("How much did sales fall in May?", "number"),  # a share or a count, not a price
    ("How much did pay for dock workers rise?", "number"),  # "pay" is what changed
    ("How much time did Ada Brill spend in prison?", "number"),
    ("How long will the bridge be closed?", "number"),  # asked in words as often: never refused for lack of digits
    ("Why was the island tour delayed?", "cause"),
    ("What caused the ferry delays?", "cause"),
    ("what was blamed for the crash", "cause"),
    ("What reason did Acme give for the cuts?", "cause"),
    ("Why did Ivo Vane say the plan was risky?", ""),  # his words answer, whatever they give
    ("What was Acme's restructuring plan called?", "name"),  # a name asked for, not Acme's words
    ("What is the new ferry named?", "name"),
])
def test_a_question_knows_whether_a_name_or_a_number_answers_it(question, expects):
    assert parse_question(question).expects == expects


def test_only_a_name_or_number_the_question_lacks_counts():
    asked = "Which company took over the Tarvel ferry?"
    assert holds_new("name", "The new operator is Morrow Lines.", asked)
    assert not holds_new("name", "The Tarvel ferry was taken over in March.", asked)  # a month is no name
    assert not holds_new("name", "The ferry was sold.", asked)  # a sentence's first word is capitalised anyway
    assert holds_new("number", "Fourteen crew members were laid off.", "How many lost their jobs?")
    assert not holds_new("number", "The 14 crew members were upset.", "Were the 14 crew members laid off?")
    assert not holds_new("number", "The ferry stopped on 3 March 2025.", "How many ferries stopped?")  # a day, no count
    assert not holds_new("number", "One of the crew was hurt.", "How many were hurt?")
    assert holds_new("name", "Ortega took over as coach.", "Who took over as coach?")  # a name opening the sentence
    assert not holds_new("name", "Tarvel council is led by the mayor.", "Who leads Tarvel's council?")


def test_a_price_asked_is_answered_by_a_sum_of_money_only():
    asked = "How much did Acme pay for the line?"
    for sentence in ("Acme paid $26.5 million for the line.", "The line cost Acme 40 million euros.",
                     "Acme paid US$ 3bn.", "The deal was worth EUR 12 million.", "It sold for £900,000."):
        assert holds_new("money", sentence, asked), sentence
    for sentence in ("A stamp will cost 95 pence.", "Entry costs 40 billion shillings."):
        assert holds_new("money", sentence, asked), sentence
    for sentence in ("Acme bought the line, which runs six boats.", "Acme paid 10% more than rivals.",
                     "Acme bought the line on 3 March 2025.", "Acme, which in 2019 won the contract, paid an undisclosed sum.",
                     "TOP 10 LINES OF THE YEAR", "There are 3 real reasons for the sale."):
        assert not holds_new("money", sentence, asked), sentence


SALE = (
    " date 2026-04-02 Dunmore – Acme Rail bought the Morrow ferry line on Tuesday, the company said.\n\n"
    "The ferry line runs six boats between Dunmore and the islands, and its 40 crew will keep their jobs.\n\n"
    "Acme Rail chief executive Piet Olde said the purchase would let the company sell one ticket for train "
    "and boat.\n"
)


@pytest.mark.parametrize("question", [
    "How much did Acme Rail pay for the Morrow ferry line?",  # no price given
    "How much does the new train and boat ticket cost?",
])
def test_a_figure_no_article_gives_is_not_answered_with_a_sentence_that_repeats_the_question(tmp_path, question):
    answer = store_of(tmp_path / "sale", SALE, "Acme Rail buys ferry line").ask(question)

    assert answer.answer.startswith("I found nothing") and not answer.citations, answer.answer


def test_a_figure_an_article_gives_is_still_answered(tmp_path):
    newsbot = store_of(tmp_path / "sale", SALE.replace("on Tuesday", "for $12 million on Tuesday"), "Acme Rail buys ferry line")

    assert "$12 million" in newsbot.ask("How much did Acme Rail pay for the Morrow ferry line?").answer
    assert "six boats" in newsbot.ask("How many boats does the Morrow ferry line run?").answer


TOUR = (
    " date 2026-05-04 Dunmore – The departure of the Acme Q5 airliner on its tour of the islands has been "
    "delayed, Acme said on Monday, and its public appearances have been rearranged.\n\n"
    "Citing a precautionary measure, Acme said two of the engines on the prototype would be replaced "
    "before the tour.\n\n"
    "The Q5 first flew in April.\n"
)


@pytest.mark.parametrize("question", ["Why was the Acme Q5 island tour delayed?", "What caused the delay of the Q5 tour?"])
def test_a_why_question_is_answered_with_the_sentence_that_gives_a_cause(tmp_path, question):
    answer = store_of(tmp_path / "tour", TOUR, "Acme Q5 tour delayed").ask(question).answer

    assert "engines" in answer, answer


def test_a_cause_is_a_causal_word_the_question_lacks():
    asked = "Why was the tour delayed?"
    for sentence in ("The tour was delayed because two engines failed.", "Citing safety, Acme put off the tour.",
                     "The delay was caused by a wiring fault.", "Acme blamed the delay on its wiring."):
        assert holds_new("cause", sentence, asked), sentence
    assert not holds_new("cause", "The tour has been delayed and rearranged.", asked)
    assert not holds_new("cause", "The tour was delayed after the April flight.", asked)  # a time, not a cause
    assert not holds_new("cause", "Skyway is due to receive its first jet in May.", asked)  # a plan


def test_a_duration_given_in_words_still_answers_how_long(tmp_path):
    newsbot = store_of(tmp_path / "bridge", " date 2026-05-04 Harwick – The Harwick bridge will be closed until the "
                       "end of the summer for repairs, the council said.\n", "Harwick bridge to close")

    assert "end of the summer" in newsbot.ask("How long will the Harwick bridge be closed?").answer


def test_what_a_thing_is_called_is_a_name_not_someone_s_words(tmp_path):
    newsbot = store_of(tmp_path / "plan", (
        " date 2026-03-05 Tarvel – Acme said on Monday that its Tarvel plant would close in June.\n\n"
        "The closure is part of a restructuring programme at Acme, called Tidewater, in which 900 jobs go.\n"), "Acme plant to close")

    assert "Tidewater" in newsbot.ask("What was Acme's 2026 restructuring programme called?").answer
    assert "Tidewater" in newsbot.ask("What is the Acme restructuring programme called?").answer
