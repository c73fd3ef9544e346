"""Whose words a sentence holds: "What did X say about Y?" is answered from the sentences in which X is
the one speaking, in the many forms news writes that in, and never from sentences that only mention X."""

from __future__ import annotations

import pytest

from conftest import store_of

from retrieval import Newsbot

# Each sentence gives Marta Holm's words on a topic of its own, in one of the forms news reports speech in.
HOLM_SPEAKS = [
    ("the lighthouse", "Marta Holm, 54, who chairs the port board, said the lighthouse would be repainted."),
    ("the fishing quotas", "In a statement, Holm said the fishing quotas were fair."),
    ("the ferry timetable", "Holm told reporters on Monday that the ferry timetable would change in spring."),
    ("the bridge tolls", "Holm added that the bridge tolls would be cut by half."),
    ("the cruise terminal", "Holm was quoted by a local paper as saying the cruise terminal was too small."),
    ("the container cranes", "Holm wrote on social media that the container cranes were finally working."),
    ("the shipyard", "Holm later said the shipyard would hire two hundred welders."),
    ("the customs office", "Holm, speaking in Lisbon, said the customs office would open at night."),
    ("the pilot boats", '"The pilot boats are too old," Holm said.'),
    ("the oyster farms", '"The oyster farms need clean water," said Holm, the port chief.'),
    ("the sea wall", "Port chief Marta Holm said the sea wall would be raised by a metre."),
    ("the marina", "Former governor Marta Holm warned that the marina was losing money."),
    ("the seaweed harvest", "Holm's statement said the seaweed harvest had doubled."),
    ("the tugboats", "Holm argued that the tugboats should be electric."),
    ("the fuel depot", "Holm insisted the fuel depot was safe."),
    ("the cargo rail link", "Holm denied that the cargo rail link had been delayed."),
    ("the icebreaker", "Holm claimed the icebreaker had saved three ships."),
    ("the coast guard", "Holm promised that the coast guard would get a new station."),
    ("the fish market", "Holm, however, said the fish market would stay where it is."),
    ("the drydock", "Asked about the drydock, Holm said it would be rebuilt."),
    ("the breakwater", "Holm responded by saying the breakwater had held in every storm."),
    ("the ballast water", "Holm has said the ballast water rules are too loose."),
    ("the anchor chains", "Holm had earlier said the anchor chains were stolen."),
    ("the port police", "Holm also said the port police would patrol at night."),
    ("the salt warehouse", "According to Holm, the salt warehouse will become a museum."),
    ("the wind turbines", "Holm said in an interview with a radio station that the wind turbines were a success."),
    ("the canal locks", "Holm, who has led the port since 2019, told a local newspaper the canal locks leaked."),
    ("the buoys", "The buoys will all be replaced, Holm was reported as saying."),
    ("the sailing school", "The sailing school will stay open, said Marta Holm, the port chief."),
    ("the passenger lounge", "The passenger lounge will get more seats, according to Marta Holm."),
    ("the shrimp trawlers", "But Holm said the shrimp trawlers could keep fishing."),
    ("the freight tariffs", "Holm, in a speech to the council, said the freight tariffs would stay."),
    ("the ship inspections", '"The ship inspections will be stricter," Marta Holm, the port chief, told reporters.'),
    ("the regatta", "Holm stressed that the regatta would keep its August date."),
    ("the dredging", "Holm called the dredging \"long overdue\"."),
    ("the tide gauges", "Holm spoke on Monday at the harbour. She said the tide gauges were broken."),
    ("the yacht berths", "Holm visited the harbour on Friday. According to her, the yacht berths are full."),
    ("the mussel beds", 'Holm opened the new quay. "The mussel beds are recovering," she said.'),
    ("the fog horns", "Holm repeatedly said the fog horns were too loud."),
    ("the gangways", "Holm publicly denied that the gangways were unsafe."),
    ("the lifeboats", "Holm herself said the lifeboats had been checked."),
    ("the smokestacks", "Holm — who chairs the port board — said the smokestacks would be torn down."),
    ("the cold stores", "Holm and Dunn said the cold stores would be sold."),
    ("the ticket office", "Holm went on to say the ticket office would move."),
    ("the diving team", "Holm was asked about the diving team and said it would get a new boat."),
    ("the cable car", "The cable car will run again, said Holm in a statement."),
    ("the fountain", "Holm still says the fountain will be restored."),
    ("the tram stop", "Holm's testimony said the tram stop had been moved."),
    ("the bicycle racks", "Holm also repeatedly warned that the bicycle racks were too few."),
    ("the hovercraft", "On Tuesday Holm said the hovercraft would be sold."),
    ("the mooring fees", "Marta Holm: “The mooring fees must go.”"),
    ("the water slide", "Critics agree – Marta Holm: “The water slide is a waste.”"),
    ("the night ferry", "Dunn was asked by port chief Marta Holm whether the night ferry could run in winter."),
    ("the fish auction", "Marta Holm sought on Monday to calm the row over the fish auction."),
    # she acts, in an irregular past form as in a regular one
    ("the grain silo", "Marta Holm bought the old grain silo for the port."),
    ("the old tug", "Marta Holm sold the old tug to a museum in Bergen."),
    # a headline capitalises its verb; a description may stand before the name
    ("the lobster quota", "Marta Holm Slams Lobster Quota, Vows Appeal"),
    ("the seal colony", "Marta Holm Praises Volunteers Guarding Seal Colony"),
    ("the harbour tunnel", "Presumptive gubernatorial nominee Marta Holm has chosen a builder for the harbour tunnel."),
]

# Sentences that name Holm but are someone else's words, or only mention her.
OTHERS_ON_HOLM = [
    ("the tax rebate", "Pavel Dunn said Holm had promised a tax rebate."),
    ("the library", "Holm was praised by Dunn for the new library."),
    ("the stadium", "Holm supporters say the stadium will be finished in May."),
    ("the zoo", "Dunn told Holm that the zoo would close."),
    ("the hospital wing", "Dunn, Holm's rival, said the hospital wing was badly built."),
    ("the parking garage", "Holm's spokesman said the parking garage would open in June."),
    ("the city buses", "Critics of Holm said the city buses were always late."),
    ("the bakery", "Dunn accused Holm of closing the bakery."),
    ("the orchestra", "Holm was criticised for cutting the orchestra's budget."),
    ("the swimming pool", '"Holm let the swimming pool fall apart," Dunn said.'),
    ("the vineyard", "A letter to Holm said the vineyard was for sale."),
    ("the ski lift", "Dunn, who replaced Holm last year, said the ski lift was unsafe."),
    ("the chess tournament", "Unlike Holm, Dunn said the chess tournament needed money."),
    ("the observatory", "Dunn asked Holm whether the observatory would reopen."),
    ("the tennis courts", "Holm's office said the tennis courts would be resurfaced."),
    ("the parade route", "Dunn told reporters Holm had said the parade route was too long."),
    ("the skate park", "The Holm family said the skate park was too noisy."),
    ("the flower show", "Holm was praised by Dunn and Lee said the flower show was a success."),
    ("the ice rink", "Dunn said Holm in May had promised a new ice rink."),
    ("the sauna", "Dunn on Holm: “The sauna was her idea.”"),
    ("the bus shelters", "Dunn was told by Holm's staff that the bus shelters were broken."),
    ("the pier lights", "Marta Holm Under Fire Over Pier Lights"),
    ("the parking meters", "Critics Slam Holm Over Parking Meters"),
    ("the town hall", "Polls show Holm will lose the vote on the town hall."),
    ("the beach kiosk", "Dunn met Holm on Monday at the beach kiosk."),
]


def _article(sentences: list[str]) -> str:
    return " date 2025-06-03 Porto, Portugal — " + "\n\n".join(sentences) + "\n"


@pytest.fixture(scope="module")
def holm(tmp_path_factory) -> Newsbot:
    newsbot = store_of(tmp_path_factory.mktemp("holm"), _article([s for _, s in HOLM_SPEAKS]), "Port board meets")
    assert newsbot.ingest_text(_article([s for _, s in OTHERS_ON_HOLM]), title="Town council meets").new
    return newsbot


@pytest.mark.parametrize("topic,sentence", HOLM_SPEAKS, ids=[t for t, _ in HOLM_SPEAKS])
def test_x_speaking_in_any_form_news_uses_answers_what_x_said(holm, topic, sentence):
    answer = holm.ask(f"What did Marta Holm say about {topic}?")

    assert not answer.answer.startswith("I have nothing"), answer.answer
    assert topic.split()[-1] in answer.answer.split("[1]")[0].lower()


@pytest.mark.parametrize("topic,sentence", OTHERS_ON_HOLM, ids=[t for t, _ in OTHERS_ON_HOLM])
def test_a_sentence_that_names_x_but_is_not_x_speaking_does_not_answer_what_x_said(holm, topic, sentence):
    answer = holm.ask(f"What did Marta Holm say about {topic}?")

    assert answer.answer.startswith("I have nothing from Marta Holm about"), answer.answer
    assert not answer.citations  # her other words are offered, not shown as an answer


def test_x_sentence_on_the_whole_topic_beats_x_statement_on_part_of_it(tmp_path):
    # The extractor finds no statement in the sentence in which Kovac acts, only in the one she speaks in:
    # her sentence that holds all of the topic weighs as her statement would.
    article = (" date 2025-05-06 Graz (APA) – Mayor Lena Kovac on Tuesday sent the council a plan for two new "
               "ferries on the river.\n\nKovac told reporters that the river had never been cleaner.\n")
    newsbot = store_of(tmp_path, article, "Graz ferry plan")

    answer = newsbot.ask("What did Kovac say about ferries on the river?")

    assert "two new ferries on the river" in answer.answer.split("[1]")[0]


def test_an_appositive_that_ends_inside_a_quotation_mark_still_leaves_x_acting(tmp_path):
    # American style puts the appositive's closing comma inside the quotation mark: ',” will'.
    article = (" date 2025-06-03 Porto, Portugal — The port board met on Monday.\n\nMarta Holm, star of “Salt and "
               "Iron,” will not back the ghost ship plan.\n\nMarta Holm said the lighthouse would be repainted.\n")

    answer = store_of(tmp_path, article, "Port board").ask("What did Marta Holm say about the ghost ship?")

    assert "will not back the ghost ship plan" in answer.answer.split("[1]")[0], answer.answer


NESTED = (
    " date 2025-05-06 Graz (APA) – Councillor Ada Brill said on Tuesday that it was “totally inappropriate” for "
    "Mayor Lena Kovac to criticize the port board.\n\n"
    "Union leader Tomas Brandt says the new rules would not have prevented any of the accidents that Kovac "
    "mentioned when she announced the rules at the harbour.\n"
)


@pytest.mark.parametrize("question,speaker", [
    ("Who said that it was totally inappropriate for Kovac to criticize the port board?", "Ada Brill"),
    ("Who said that the rules would not have prevented the accidents Kovac mentioned when she announced the rules?",
     "Tomas Brandt"),
])
def test_who_said_p_names_whose_words_hold_p_not_someone_they_mention(tmp_path, question, speaker):
    # Kovac's acts are reported inside Brill's and Brandt's words, cued by verbs the question repeats.
    answer = store_of(tmp_path, NESTED, "Graz port board row").ask(question)

    first = answer.answer.split("[1]")[0]
    assert speaker in first and not first.startswith("Lena Kovac")


WHO_SAID = (
    " date 2025-05-06 Graz (APA) – Pastor Ida Lund said the town had lost a voice that said “kindness is the "
    "strongest power a harbour town can muster.”\n\n"
    "Mayor Lena Kovac opened the new lifeboat station on Monday.\n\n“The sea gives and the sea takes,” she said.\n"
)


@pytest.mark.parametrize("question,answer_starts", [
    # the source sentence names the speaker: it is the answer, as written
    ("Who said that kindness is the strongest power a harbour town can muster?", "Pastor Ida Lund said the town had lost"),
    # the source gives a pronoun only: the speaker it stands for is named
    ("Who said that the sea gives and the sea takes?", "Lena Kovac"),
])
def test_who_said_p_is_answered_with_the_sentence_naming_the_speaker(tmp_path, question, answer_starts):
    assert store_of(tmp_path, WHO_SAID, "Graz mourns").ask(question).answer.startswith(answer_starts)


SALE = (
    " date 2026-03-05 Tarvel – Ivo Vane, the chief executive of Acme Rail, said the company would hire two "
    "hundred engineers next year.\n\n"
    "The sale of the freight unit to Morrow Lines was announced on Tuesday.\n"
)


def test_an_announcement_x_s_words_do_not_hold_is_told_in_the_article_s_own_voice(tmp_path):
    newsbot = store_of(tmp_path / "store", SALE, "Acme Rail to hire engineers")

    when = newsbot.ask("When did Ivo Vane announce the sale of the freight unit?")
    which = newsbot.ask("According to Ivo Vane, which company bought the freight unit?")

    assert "3 March 2026" in when.answer and when.citations
    # "According to X" asks for X's words, which hold nothing on it: the article's own voice does not stand in.
    assert which.answer.startswith("I have nothing from Ivo Vane about") and not which.citations
    assert when.answer.startswith("I have nothing from Ivo Vane about") and "The articles themselves say:" in when.answer
    # Asked for X's words, X's words only: nobody else's sentence answers for them.
    assert newsbot.ask("What did Ivo Vane say about the sale of the freight unit?").answer.startswith(
        "I have nothing from Ivo Vane about")


TOWING = (
    " date 2026-03-05 Tarvel – Mayor Ada Holm said the old town was choking on traffic.\n\n"
    "Councillor Tomas Brill said 400 cars had been towed since the parking law came in.\n"
)


def test_a_fact_asked_as_x_s_words_is_never_answered_with_another_speaker_s(tmp_path):
    newsbot = store_of(tmp_path / "store", TOWING, "Old town parking law")

    answer = newsbot.ask("How many cars did Ada Holm say were towed?")

    assert answer.answer.startswith("I have nothing from Ada Holm about") and "400" not in answer.answer


def test_x_s_own_sentence_that_names_x_only_by_pronoun_is_shown_with_x_s_name(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-03-05 Tarvel – Ada Holm, the port chief, said the harbour fees were fair.\n\n"
        "She later opened the new ferry terminal, which will take cruise ships from May.\n"
    ), "Port chief defends fees")

    answer = newsbot.ask("What did Ada Holm say about the ferry terminal?")

    assert "Ada Holm: She later opened the new ferry terminal" in answer.answer
    assert answer.citations[0].quote.startswith("She later opened")  # the quote stays verbatim


LAUNCH = (
    " date 2026-03-05 Tarvel – Ida Holm, 51, will be the first woman to lead the port authority.\n\n"
    "She has worked at the port for twenty years and now heads its ferry division.\n\n"
    "Holm said on Monday that the harbour fees were fair.\n"
)


def test_an_announcement_nothing_stored_tells_gets_no_sentence_that_only_names_x(tmp_path):
    # The article's own voice answers what was announced only when it tells of the announcement:
    # a sentence about Holm alone holds her name, the rarest words of the question, and nothing else.
    newsbot = store_of(tmp_path / "store", LAUNCH, "Port names its first woman chief")

    answer = newsbot.ask("Where did Ida Holm announce the recall of the ferry engines?")

    assert answer.answer.startswith("I have nothing from Ida Holm about") and not answer.citations


BANKER = (
    " date 2026-03-05 Tarvel – Ada Holm, head of the Orchard Savings Bank, said the harbour fees were fair.\n\n"
    "The Orchard Savings Bank lent the port authority four million euros last year.\n"
)


def test_x_s_role_is_not_a_topic_x_spoke_on(tmp_path):
    newsbot = store_of(tmp_path / "store", BANKER, "Banker defends harbour fees")

    answer = newsbot.ask("What did Ada Holm say about the Orchard Savings Bank loans?")

    # Her role names the bank; her words are about the fees.
    assert answer.answer.startswith("I have nothing from Ada Holm about") and not answer.citations
    assert "the harbour fees were fair" in newsbot.ask("What did Ada Holm say about the harbour fees?").answer


CUTS = (
    " date 2026-03-05 Tarvel – The union spoke about the Acme job cuts on Monday. Tomas Brill, the union chief, "
    "said it was the best decision the yard could have made.\n"
)


def test_close_in_meaning_is_not_on_topic_when_the_passage_never_names_what_the_topic_names(tmp_path):
    newsbot = store_of(tmp_path / "store", CUTS, "Acme to cut 900 jobs")
    assert newsbot.ingest_text(" date 2026-03-06 Lund – Morrow Lines opened a ferry route to Tarvel.\n", title="New ferry").new

    other = newsbot.ask("What did Tomas Brill say about the Morrow job cuts?")
    same = newsbot.ask("What did Tomas Brill say about the Acme job cuts?")

    # Brill's words hold none of the topic's words; the passage is close to it in meaning, but it is
    # about Acme's job cuts, and another firm's read just as close.
    assert other.answer.startswith("I have nothing from Tomas Brill about") and not other.citations
    assert "the best decision" in same.answer.split("[1]")[0]


def test_x_s_words_about_the_body_x_works_for_still_answer(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-03-05 Tarvel – Ada Holm of Acme Rail said Acme Rail would cut 900 jobs by summer.\n\n"
        "Ida Brill, mayor of Lund, said the city would not raise taxes.\n"), "Rail and city news")

    assert "would cut 900 jobs" in newsbot.ask("What did Ada Holm say about Acme Rail?").answer.split("[1]")[0]
    assert "would not raise taxes" in newsbot.ask("What did Ida Brill say about the city of Lund?").answer.split("[1]")[0]


def test_an_announcement_worded_otherwise_is_still_told_in_the_article_s_own_voice(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-03-05 Tarvel – The port authority, led by Ida Holm, on Monday unveiled a plan to sell "
        "the ferry line to Morrow Lines.\n\nHolm said on Tuesday that the harbour fees were fair.\n"), "Port news")

    answer = newsbot.ask("When did Ida Holm announce the ferry sale?").answer

    # "announce" is the asking: the article's "unveiled" tells the same event.
    assert answer.startswith("I have nothing from Ida Holm about") and "The articles themselves say:" in answer


def test_a_question_without_a_verb_gets_the_named_speaker_s_words_not_a_better_matching_other_s(tmp_path):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-03-05 Tarvel – Ada Holm said the new ferry fees were a fair price for a ferry that runs all year.\n\n"
        "Ivo Vane said the fees would drive families away.\n"), "Ferry fees rise")

    for question in ("Vane's reaction to the new ferry fees", "ivo vane on the new ferry fees"):
        answer = newsbot.ask(question).answer
        assert answer.startswith("Ivo Vane said") and "fair price" not in answer, (question, answer)


def test_x_s_words_of_another_year_do_not_answer_what_x_said_in_the_year_asked(tmp_path):
    newsbot = store_of(tmp_path / "store", " date 2013-05-06 Tarvel – Ivo Vane said the ferries would run all "
                       "winter.\n", "Ferries to run all winter")

    asked = newsbot.ask("What did Ivo Vane say about the ferries in 2009?")

    assert asked.answer.startswith("I have nothing from Ivo Vane about") and not asked.citations
    assert "run all winter" in newsbot.ask("What did Ivo Vane say about the ferries in 2013?").answer
    assert newsbot.ingest_text(" date 2009-11-02 Tarvel – Ivo Vane said the ferries would stop in May.\n",
                               title="Ferries to stop").new
    assert "stop in May" in newsbot.ask("What did Ivo Vane say about the ferries in 2009?").answer


ACME_CUTS = (
    " date 2026-03-05 Tarvel – Acme said on Monday that its Tarvel plant would close in June.\n\n"
    "The closure is part of a restructuring plan, called Tidewater, in which 900 jobs go.\n\n"
    "Union officials said 1,400 employees at three Acme sites stopped work for two hours to protest the cuts.\n"
)


@pytest.mark.parametrize("question,words", [
    ("What was Acme's restructuring plan called?", "Tidewater"),  # a thing of Acme's, not Acme's words
    ("how did Acme workers respond to the job cuts?", "stopped work"),  # people of Acme, not Acme itself
])
def test_a_name_that_only_owns_or_employs_what_is_asked_about_is_not_asked_to_speak(tmp_path, question, words):
    answer = store_of(tmp_path / "store", ACME_CUTS, "Acme to close Tarvel plant").ask(question).answer

    assert words in answer, answer
