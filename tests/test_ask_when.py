"""A when-question is answered with the day of the event asked about: asked what is still to come
("When will …?", "When is the vote?"), a day after the article was written, not the day something
else happened to it (the closing, a delay) that a sentence sharing more of the question's words names."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import store_of

from retrieval import Newsbot
from retrieval.questions import parse_question

ARTICLE = (
    " date 2025-09-10 Linz – The city council closed the old river bridge to trucks on Monday after "
    "inspectors found cracks in the bridge's pillars.\n\n"
    "Repairs will start on October 6, the works department said.\n\n"
    "The bridge is to reopen on November 20, a council spokesman said.\n"
)
# Written after the first: what was planned there has happened.
LATER = (
    " date 2025-10-08 Linz – Crews started the repairs on Tuesday, a day late.\n"
)


@pytest.fixture(scope="module")
def bridge(tmp_path_factory) -> Newsbot:
    newsbot = store_of(tmp_path_factory.mktemp("bridge"), ARTICLE, "Linz closes river bridge to trucks")
    assert newsbot.ingest_text(LATER, title="Bridge repairs under way").new
    return newsbot


@pytest.mark.parametrize("question,day", [
    ("When will the old river bridge reopen to trucks?", "20 November 2025"),
    ("When is the river bridge reopening to trucks?", "20 November 2025"),
    ("When did the council close the old river bridge to trucks?", "8 September 2025"),
])
def test_a_when_answer_gives_the_day_of_the_event_asked_about(bridge, question, day):
    assert bridge.ask(question).answer.startswith(day)


def test_asked_when_something_happened_the_day_it_was_planned_for_is_left_out(bridge):
    answer = bridge.ask("When did the repairs start?").answer

    assert answer.startswith("7 October 2025") and "6 October" not in answer


@pytest.mark.parametrize("question,ahead", [
    ("When will the bridge reopen?", True),
    ("When is the vote?", True),
    ("When's the vote?", True),
    ("When does the law take effect?", True),
    ("When is the hearing scheduled?", True),
    ("When did the council plan to vote?", False),
    ("When was the bridge closed?", False),
    ("Who will chair the hearing?", False),
])
def test_a_when_question_knows_whether_it_asks_ahead(question, ahead):
    parsed = parse_question(question, reference_date=dt.date(2025, 9, 10))

    assert parsed.ahead is ahead
    assert parsed.behind is question.startswith(("When did", "When was"))


def test_a_day_in_reported_future_is_ahead_of_the_article(tmp_path):
    # "said his members would strike on June 3": in a May article, this June, not last June.
    article = (" date 2026-05-14 Lisbon – The health minister said on Wednesday that the state would hire 2,000 nurses.\n\n"
               "Union leader Joao Costa said his members would strike on June 3 unless wages rose.\n")
    newsbot = store_of(tmp_path / "strike", article, "Nurses threaten strike")

    assert newsbot.ask("When will the nurses strike?").answer.startswith("3 June 2026")


@pytest.mark.parametrize("when", ["in May", "next month", "by 2027", "later this year"])
def test_a_time_short_of_a_day_answers_when_and_no_other_day_is_put_before_it(tmp_path, when):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-04-02 Dunmore – Acme Rail bought the Morrow ferry line on Tuesday, the company said.\n\n"
        f"The deal still needs the approval of the harbour regulator, which will rule {when}.\n"), "Acme Rail buys ferry line")

    answer = newsbot.ask("When will the regulator rule on the deal?").answer

    assert answer.startswith("The deal still needs") and "Tuesday" not in answer, answer


def test_a_year_gone_by_does_not_answer_when_something_still_to_come_will_happen(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-05-04 Harwick – The Lusk road, closed since 2019 after a landslide, will reopen to traffic.\n\n"
        "The contractor said the work would be finished on June 12.\n"), "Lusk road to reopen")

    assert "12 June 2026" in newsbot.ask("When will the Lusk road reopen?").answer
