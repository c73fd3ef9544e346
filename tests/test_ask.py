"""Asking: short answers whose every sentence is cited to verbatim source text, or an honest "nothing found"."""

from __future__ import annotations

import json
import re

import pytest

from conftest import DATA, run_cli, store_of

from config import Settings
from retrieval import Newsbot

SEED_TEXT = (DATA / "seed.txt").read_text()
CORPUS_TEXTS = {a["id"]: a["text"] for a in map(json.loads, (DATA / "corpus-sample.jsonl").read_text().splitlines())}


def _source_text(source_id: str) -> str:
    return SEED_TEXT if source_id == "seed" else CORPUS_TEXTS[source_id]


def assert_well_cited(answer):
    """Every sentence ends with [n] citations and every quote is verbatim in its source."""
    assert answer.citations
    numbers = {c.n for c in answer.citations}
    sentences = [s for s in re.split(r"(?<=\])\s+", answer.answer.strip()) if s]
    for sentence in sentences:
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", sentence)}
        assert cited and cited <= numbers, sentence
    for citation in answer.citations:
        assert citation.quote in _source_text(citation.source_id)
    assert len(answer.answer.split()) <= 120


def test_a_question_about_the_seed_gets_a_cited_answer(seeded):
    answer = seeded.ask("What did Zelenskyy say about Chinese soldiers?")

    assert_well_cited(answer)
    assert "Zelenskyy" in answer.answer
    assert answer.citations[0].source_id == "seed"
    assert answer.citations[0].published == "2025-04-08" and answer.citations[0].place == "Kyiv, Ukraine"


def test_who_question_names_the_speaker(seeded):
    answer = seeded.ask("Who said Apple was going to demote the PC to just be a device?")

    assert_well_cited(answer)
    assert "Jobs" in answer.answer


def test_nothing_stored_on_the_subject_means_no_guess(seeded):
    answer = seeded.ask("What did Nokia's chief executive say about the smartphone partnership with Microsoft?")

    assert answer.citations == [] and answer.statements == []
    assert answer.answer.startswith("I found nothing on that")


def test_an_unrelated_question_finds_nothing(seeded):
    answer = seeded.ask("What is the recipe for a good sourdough bread?")

    assert answer.citations == []


def test_an_empty_store_finds_nothing(newsbot):
    assert newsbot.ask("What did Zelenskyy say?").citations == []


def test_ask_json_has_the_documented_shape_in_a_second_process(seeded_dir):
    result = run_cli("ask", "--json", "What did Steve Jobs say about the Beatles?", data_dir=seeded_dir)

    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"question", "answer", "citations", "statements", "composer", "dropped"}
    assert payload["composer"] == "extractive" and payload["dropped"] == []  # no NEWSBOT_LLM: extractive
    assert payload["question"] == "What did Steve Jobs say about the Beatles?"
    citation = payload["citations"][0]
    assert set(citation) == {"n", "source_id", "title", "url", "published", "place", "quote"}
    assert citation["source_id"] == "7724" and citation["published"] == "2007-02-06"
    assert "love the Beatles" in payload["answer"]
    for statement in payload["statements"]:
        assert set(statement) == {"speaker", "role", "content", "kind", "date", "place", "citation"}


def test_cli_ingest_sources_and_remove_across_processes(tmp_path):
    data_dir = tmp_path / "store"
    bad = tmp_path / "empty.txt"
    bad.write_text("")

    ingest = run_cli("ingest", str(DATA / "seed.txt"), str(bad), data_dir=data_dir)
    listed = run_cli("sources", "--json", data_dir=data_dir)
    removed = run_cli("remove", "seed", data_dir=data_dir)
    missing = run_cli("remove", "seed", data_dir=data_dir)

    assert ingest.returncode == 1  # something failed: the empty file
    assert "1 new, 0 already present, 1 failed" in ingest.stdout
    assert f"failed: {bad}: empty file" in ingest.stderr
    [source] = json.loads(listed.stdout)
    assert set(source) == {"source_id", "title", "url", "published", "place", "passages", "statements"}
    assert (source["source_id"], source["published"], source["place"]) == ("seed", "2025-04-08", "Kyiv, Ukraine")
    assert source["statements"] > 5
    assert removed.returncode == 0 and missing.returncode == 1


def test_chat_answers_each_line_and_ends_at_end_of_input(seeded_dir):
    questions = "What did Zelenskyy say about Chinese soldiers?\nwhat else did he say?\n"

    result = run_cli("chat", data_dir=seeded_dir, stdin=questions)

    assert result.returncode == 0, result.stderr
    first, follow_up = [block for block in result.stdout.split("\n\n") if "[1]" in block and "said" in block][:2]
    assert "Zelenskyy" in first and "Zelenskyy" in follow_up
    assert first.split(" [1]")[0] != follow_up.split(" [1]")[0]  # something new, not the same again


def test_a_follow_up_with_nothing_new_says_so(seeded):
    first = seeded.ask("What did Peskov say about Istanbul?")

    follow_up = seeded.ask("What else did he say?", previous=first)

    assert follow_up.answer == "That is all I have from Dmitry Peskov."
    assert follow_up.citations == []


def test_extract_json_gives_offsets_into_the_file_as_read(tmp_path):
    article = tmp_path / "café.txt"
    text = 'Zoë Brandt, who owns the Café Élysée, said on Monday: "We open at seven."\n\nShe added that prices would rise.\n'
    article.write_text(text, encoding="utf-8")

    result = run_cli("extract", str(article), "--json", data_dir=tmp_path / "unused")

    assert result.returncode == 0, result.stderr
    statements = json.loads(result.stdout)["statements"]
    assert [s["content"] for s in statements] == ["We open at seven.", "that prices would rise"]  # the clause keeps its "that"
    for s in statements:
        assert text[slice(*s["content_span"])] == s["content"]
        assert text[slice(*s["speaker_span"])] in ("Zoë Brandt", "She")
        assert text[slice(*s["cue_span"])] == s["cue"]
    assert statements[0]["speaker_id"] == statements[1]["speaker_id"] == "Zoë Brandt"


def test_extract_reports_an_unreadable_file(tmp_path):
    broken = tmp_path / "latin1.txt"
    broken.write_bytes("Caf\xe9 owner said so.".encode("latin-1"))

    result = run_cli("extract", str(broken), "--json", data_dir=tmp_path / "unused")

    assert result.returncode == 1
    assert "cannot be read as UTF-8 text" in result.stderr


TWO_SPEAKERS = (
    " date 2025-05-06 Graz, Austria — Mayor Lena Kovac said on Monday that the new tram line to the airport "
    "would cut commuting times for thousands of people in the southern districts.\n\n"
    "Tomas Brandt, the leader of the transport union, said the tram line to the airport was badly planned "
    "and would cost drivers their jobs.\n\n"
    '"The tram line is a gift to the suburbs and to every family that cannot afford a car," Kovac told '
    "reporters at the city hall.\n\n"
    "Kovac also said the city budget would grow by four percent next year, with most of the increase going "
    "to schools.\n"
)


@pytest.fixture(scope="module")
def two_speakers(tmp_path_factory) -> Newsbot:
    return store_of(tmp_path_factory.mktemp("two-speakers"), TWO_SPEAKERS, "Graz tram line to open")


def test_what_x_said_is_answered_with_x_words_even_when_another_speaker_matches_better(two_speakers):
    answer = two_speakers.ask("What did Brandt say about the tram line to the airport?")

    assert "badly planned" in answer.answer
    assert "commuting" not in answer.answer and "gift to the suburbs" not in answer.answer
    assert {s.speaker for s in answer.statements} == {"Tomas Brandt"}


def test_a_direct_quote_on_the_topic_beats_a_reported_aside(two_speakers):
    answer = two_speakers.ask("What did Kovac say about the tram line?")

    assert answer.statements[0].kind == "direct" and "Kovac" in answer.statements[0].speaker
    assert answer.answer.split("[1]")[0].count('"The tram line is a gift to the suburbs') == 1


def test_when_x_said_nothing_on_the_topic_the_answer_says_so_and_offers_x_words(two_speakers):
    answer = two_speakers.ask("What did Tomas Brandt say about the city budget?")

    assert answer.answer.startswith("I have nothing from Tomas Brandt about the city budget.")
    # offered, not shown: a cited statement on something else would read as an answer
    assert not answer.citations and "four percent" not in answer.answer
    assert "“What did Tomas Brandt say?”" in answer.answer
    assert "badly planned" in two_speakers.ask("What did Tomas Brandt say?").answer


LAYOFFS = (
    " date 2026-04-14 Linz, Austria — Mayor Lena Kovac said on Tuesday that the airline's plan to shed 400 staff at "
    "the airport was a heavy blow to families in the region.\n\n"
    "The airline's chief executive, Tomas Brandt, said the cuts were needed to keep flying from Linz.\n"
)


def test_x_words_on_the_topic_in_other_words_answer_what_x_said(tmp_path):
    # "layoffs" and "hurting" are not her words, "the airport" is: one word shared, and close in meaning
    newsbot = store_of(tmp_path, LAYOFFS, "Airline to cut Linz jobs")

    answer = newsbot.ask("What did Kovac say about layoffs hurting the airport?")

    assert "shed 400 staff" in answer.answer and answer.citations, answer.answer
    assert not newsbot.ask("What did Kovac say about the cathedral roof?").citations
    # the place she spoke in is where, not what: her words there on something else are no answer
    assert not newsbot.ask("What did Kovac say about the harvest in Linz?").citations


NAMES = (
    " date 2025-09-02 Oslo, Norway — Norway's fisheries minister Kari Dahl said on Tuesday that salmon exports "
    "to Asia rose by a third this summer, helped by the new XR-7 cooling containers built in Bergen.\n\n"
    '"The Apple Orchard fund will pay for two more cold stores," Dahl told reporters at the harbour.\n'
)


@pytest.fixture(scope="module")
def names(tmp_path_factory) -> Newsbot:
    return store_of(tmp_path_factory.mktemp("names"), NAMES, "Salmon exports to Asia up by a third")


@pytest.mark.parametrize("question", [
    "What did the Norwegian minister say about salmon exports?",  # the demonym of a stored country
    "What are the XR-7 containers?",  # a code the articles hold
    "What will the Apple Orchard fund pay for?",  # a name of several words the articles hold
    "What will the Orchard Fund of Apple pay for?",  # its words in one sentence, in another order
])
def test_names_the_store_knows_in_another_form_are_answered(names, question):
    assert names.ask(question).found


@pytest.mark.parametrize(("question", "unknown"), [
    ("What did the minister say about the XR-9 containers?", "XR-9"),  # another code, same words around it
    ("What did the minister say about the A-12 MKII?", "A-12 MKII"),
    ("What did the minister say about the Bergen Orchard?", "Bergen Orchard"),  # both words stored, apart
])
def test_codes_and_names_nothing_stored_mentions_get_nothing_found(names, question, unknown):
    answer = names.ask(question)

    assert not answer.found and answer.answer.endswith(f"Nothing stored mentions {unknown}.")


def test_a_number_written_without_its_thousands_separator_is_one_the_store_knows(tmp_path):
    newsbot = store_of(tmp_path, " date 2025-09-02 Bergen – The harbour shipped 4,000 crates of salmon on Monday.\n", "Salmon")

    assert newsbot.ask("When did the harbour ship 4000 crates of salmon?").found


@pytest.mark.parametrize("title", ["Mayor", "Chairwoman", "Ambassador", "Rabbi", "Prof.", "Congresswoman"])
def test_a_title_the_articles_never_use_still_introduces_a_stored_name(names, title):
    # The articles call Dahl "fisheries minister"; a question may call her by any title.
    answer = names.ask(f"What did {title} Kari Dahl say about salmon exports?")

    assert answer.found and "rose by a third" in answer.answer


def test_a_stored_surname_with_another_first_name_is_someone_else(names):
    answer = names.ask("What did Lars Dahl say about salmon exports?")

    assert not answer.found and answer.answer.endswith("Nothing stored mentions Lars.")


UNSTORED = (
    " date 2026-04-14 Linz, Austria — The harbour master, Ivo Vane, was praised by the council for the new pier.\n\n"
    "Mayor Lena Kovac said the night ferry would run daily from May.\n\n"
    "Ruth Lind on Monday sent the council a plan for a second ferry.\n"
)


def test_a_name_that_never_speaks_gets_nothing_from_them_not_another_person_s_words(tmp_path):
    # Vane is mentioned but says nothing; Lind is no speaker the extractor stored, but acts in her sentence
    newsbot = store_of(tmp_path / "store", UNSTORED, "Night ferry to run daily")

    answer = newsbot.ask("What did Ivo Vane say about the night ferry?")

    assert answer.answer == "I have nothing from Ivo Vane about the night ferry." and not answer.citations
    assert "second ferry" in newsbot.ask("What did Ruth Lind say about the ferry?").answer


def test_a_name_followed_by_a_title_asks_for_the_title_holder_s_words(tmp_path):
    article = (" date 2026-04-14 Linz, Austria — The Harbour Board's chairman, Tomas Brill, said on Monday that "
               "mooring fees would rise by a tenth in June.\n\n"
               "The Harbour Board owns the two piers and the old customs house.\n")
    newsbot = store_of(tmp_path / "store", article, "Mooring fees to rise")

    answer = newsbot.ask("What did the Harbour Board chairman say about mooring fees?")

    assert "rise by a tenth" in answer.answer and answer.citations


NICKNAMES = (
    " date 2025-10-07 Porto, Portugal — Katherine Vane, the port chief, said the night ferry would run daily from May.\n\n"
    "Kate Holm, who leads the dockers' union, said the union would not strike this year.\n\n"
    "Trish Brill, who runs the fish market, said the market would move to the old quay.\n\n"
    "Patsy Lund said the quay needed new lights.\n"
)


@pytest.mark.parametrize("asked", ["Kate Vane", "Katy Vane"])
def test_a_first_name_by_its_nickname_is_the_same_person(tmp_path, asked):
    # "kate" is a stored first name (Kate Holm's), so a first name before "Vane" must be Vane's own
    newsbot = store_of(tmp_path / "store", NICKNAMES, "Night ferry to run daily")

    answer = newsbot.ask(f"What did {asked} say about the night ferry?")

    assert "run daily" in answer.answer and answer.citations, answer.answer
    assert not newsbot.ask("What did Tomas Vane say about the night ferry?").found


def test_two_nicknames_of_one_full_name_are_two_people(tmp_path):
    # "Trish" and "Patsy" are both short for Patricia: Patsy Brill is not Trish Brill
    newsbot = store_of(tmp_path / "store", NICKNAMES, "Night ferry to run daily")

    assert not newsbot.ask("What did Patsy Brill say about the fish market?").citations


RELATIONS = (
    " date 2025-10-07 Porto, Portugal — Harbour Line will buy four electric ferries for the estuary, "
    "the company's chief executive, Marta Oliveira, said on Monday.\n\n"
    "Oliveira said the ferries would cut the line's fuel bill by half and that Harbour Line would hire forty crew.\n"
)


def test_a_role_question_gets_the_sentence_that_says_who_holds_the_role(tmp_path):
    newsbot = store_of(tmp_path / "store", RELATIONS, "Harbour Line buys electric ferries")

    answer = newsbot.ask("Who is Harbour Line's CEO?")

    assert answer.answer.startswith("Harbour Line will buy four electric ferries") and "Marta Oliveira" in answer.answer


def test_who_was_there_and_where_stay_in_a_rendered_statement(tmp_path):
    article = (" date 2025-03-04 Oslo, Norway — The finance minister, Kari Dahl, said at a briefing alongside the "
               "visiting Dutch foreign minister that the two countries would share the cost of the new ferry, "
               "which will carry 400 cars.\n")
    newsbot = store_of(tmp_path / "store", article, "Norway and the Netherlands to share ferry cost")

    answer = newsbot.ask("Who was with Kari Dahl when she spoke about the ferry?")

    assert "said at a briefing alongside the visiting Dutch foreign minister" in answer.answer
    assert "which will carry 400 cars." in answer.answer  # the clause runs to its end


def test_a_question_about_another_period_is_not_answered_with_this_one(two_speakers):
    assert two_speakers.ask("What did Kovac say in May 2025 about the tram line?").found

    answer = two_speakers.ask("What did Kovac say in 2031 about the tram line?")

    assert not answer.found and answer.answer.startswith("I have nothing from Lena Kovac about")
    assert "commuting" not in answer.answer and "suburbs" not in answer.answer  # none of her 2025 words


def test_a_name_with_a_place_after_of_must_be_stored_as_a_name(names):
    answer = names.ask("What did the minister say about the Bank of Asia?")  # "Asia" is stored, the bank is not

    assert not answer.found and answer.answer.endswith("Nothing stored mentions Bank Asia.")


OTHERS_ON_X = (
    " date 2025-05-06 Graz, Austria — Mayor Lena Kovac said on Monday that the new tram line to the airport "
    "would cut commuting times for thousands of people.\n\n"
    "Union leaders say Kovac's ring road plan will cost hundreds of drivers their jobs.\n\n"
    '"The tram line is a gift to the suburbs," Kovac said, adding that the school budget would grow by four '
    "percent next year.\n"
)


@pytest.fixture(scope="module")
def others_on_x(tmp_path_factory) -> Newsbot:
    return store_of(tmp_path_factory.mktemp("others-on-x"), OTHERS_ON_X, "Graz tram line to open")


def test_a_sentence_about_x_s_plan_in_others_words_is_not_what_x_said(others_on_x):
    answer = others_on_x.ask("What did Kovac say about the ring road?")

    assert answer.answer.startswith("I have nothing from Lena Kovac about")
    assert "cost hundreds of drivers" not in answer.answer


def test_of_two_statements_in_one_sentence_the_one_on_the_topic_is_shown(others_on_x):
    answer = others_on_x.ask("What did Kovac say about the school budget?")

    assert "four percent" in answer.answer.split("[1]")[0]
    assert "gift to the suburbs" not in answer.answer


ABOUT_X = (
    " date 2025-05-06 Graz (APA) – Mayor Lena Kovac on Tuesday sent the council a plan for a new ferry across "
    "the river.\n\n"
    "Kovac was also praised for the new bike lanes along the river.\n\n"
    "Tomas Brandt, the leader of the transport union, said Kovac had ignored the bus drivers for years.\n\n"
    "Councillor Ada Brill said on Tuesday that the tram depot must move out of the old town.\n\n"
    "Kovac told reporters that the city hall would stay open on Sundays.\n"
)


@pytest.fixture(scope="module")
def about_x(tmp_path_factory) -> Newsbot:
    return store_of(tmp_path_factory.mktemp("about-x"), ABOUT_X, "Graz ferry plan")


@pytest.mark.parametrize("question,others_words", [
    ("What did Kovac say about the bus drivers?", "ignored the bus drivers"),  # Brandt's words about her
    ("What did Kovac say about the bike lanes?", "praised for the new bike lanes"),  # done to her, not said
])
def test_a_sentence_that_only_mentions_x_is_not_what_x_said(about_x, question, others_words):
    answer = about_x.ask(question)

    assert answer.answer.startswith("I have nothing from Lena Kovac about")
    assert others_words not in answer.answer


def test_a_sentence_in_which_x_acts_on_the_topic_answers_what_x_said(about_x):
    answer = about_x.ask("What did Lena Kovac say about the ferry?")

    assert "new ferry across the river" in answer.answer
    assert "Brandt" not in answer.answer and "Brill" not in answer.answer


FERRY_TOP = (
    " date 2025-05-06 Graz (APA) – A ferry across the river will start in May, the city said on Tuesday.\n\n"
    "Mayor Lena Kovac on Tuesday sent the council a plan for the ferry across the river.\n\n"
    "From May, the ferry will carry 40 passengers and ten bicycles across the river.\n"
)
FERRY_LOWER = (
    " date 2025-05-07 Graz (APA) – The bus depot in the north of the city will close.\n\n"
    "Drivers were told on Wednesday.\n\n"
    "Kovac on Wednesday sent the council a plan for children to cross the river by ferry for free from May.\n"
)


def test_x_words_in_the_top_article_beat_x_words_further_down_that_share_more_of_the_question(tmp_path):
    newsbot = Newsbot(Settings(_env_file=None, data_dir=tmp_path, passages_per_answer=1))
    assert newsbot.ingest_text(FERRY_TOP, title="A ferry for Graz").new
    assert newsbot.ingest_text(FERRY_LOWER, title="Graz bus depot to close").new

    answer = newsbot.ask("What did Kovac say about the ferry across the river from May?")

    assert "plan for the ferry across the river" in answer.answer
    assert "for free" not in answer.answer
    # further down is still read when the top holds nothing of X's on the topic
    assert "for free" in newsbot.ask("What did Kovac say about children?").answer


def test_a_statement_is_judged_by_the_words_its_answer_shows_not_by_its_sentence(tmp_path):
    # Holm's quote shares a sentence with the words asked about, but they are Ruiz's: "The ferry will
    # run daily" alone would answer nothing.
    bot = store_of(
        tmp_path / "store",
        ' date 2025-06-03 Porto, Portugal — "The ferry will run daily," Mayor Marta Holm said at the old '
        "stone pier, which harbour master Tomas Ruiz has called unsafe for heavy trucks.\n",
        "Ferry and pier",
    )
    answer = bot.ask("Who said that the stone pier was unsafe for trucks?")

    first = answer.answer.split("[1]")[0]
    assert "Ruiz" in first and "unsafe" in first, answer.answer


DAM_BURST = (
    " date 2026-06-02 Kelmore – Water from the burst Kelmore dam flooded three villages overnight, and "
    "rescuers were still searching for missing residents.\n"
)
DAM_PLANNED = (
    " date 2026-06-02 Kelmore – Villagers say the Kelmore dam project will flood their valley when the dam "
    "is finished; it won a planning vote on Tuesday.\n"
)


def test_of_two_articles_sharing_the_question_words_the_one_about_what_is_asked_answers(tmp_path):
    # The planned dam's sentence holds as many of the question's words as the burst dam's ("villagers",
    # "flood", "the dam" twice), but is about something else: closeness in meaning decides.
    newsbot = Newsbot(Settings(_env_file=None, data_dir=tmp_path))
    assert newsbot.ingest_text(DAM_BURST, title="Dam bursts").new
    assert newsbot.ingest_text(DAM_PLANNED, title="Dam project approved").new

    answer = newsbot.ask("How many villages were flooded when the Kelmore dam failed?")

    assert answer.answer.startswith("Water from the burst Kelmore dam flooded three villages"), answer.answer
    # closeness in meaning never makes an answer of a question whose words nothing stored holds
    assert not newsbot.ask("Why did the Kelmore orchestra cancel its tour?").citations


FILINGS = (
    " date 2026-03-05 Tarvel – Acme Motors filed for bankruptcy protection on Monday in a federal court in Tarvel. "
    "The carmaker owes its lenders four billion euros and will keep its plants open while it restructures, "
    "a lawyer for the company told the court, and its dealers will go on selling cars and servicing them. "
    "Workers at its three plants were told on Monday morning that their jobs were safe for now, and the "
    "union said it would watch the talks with lenders closely.\n\n"
    "The company was founded in 1931 and sold 900,000 cars last year. Its rival Morrow Cars sold its truck "
    "unit to a fund on Friday, and it expects to close two plants.\n"
)


def test_a_question_naming_what_the_closest_article_never_mentions_gets_nothing_found(tmp_path):
    newsbot = store_of(tmp_path, FILINGS, "Carmaker files for bankruptcy")
    assert newsbot.ingest_text(" date 2026-03-01 Lund – Brill opened a car plant in Lund. Ada Holm said the plant "
                               "would hire 300 workers.\n", title="Brill plant").new

    other = newsbot.ask("When did Brill file for bankruptcy protection?")  # the store knows Brill

    assert not other.found and other.answer.endswith("The closest article does not mention Brill.")
    # a stored speaker's name too: Holm's words are elsewhere, the filing article never names her
    assert newsbot.ask("When did Ada Holm file for bankruptcy protection?").answer.endswith("does not mention Ada Holm.")
    assert newsbot.ask("When did Acme Motors file for bankruptcy protection?").found
    # an acronym, a company suffix or a first name the article writes otherwise, and a question on two things
    assert newsbot.ask("When did AM file for bankruptcy protection?").found
    assert newsbot.ask("When did Acme Motors Inc. file for bankruptcy protection?").found
    assert newsbot.ask("How many jobs will Acme cut, and did Brill file for bankruptcy protection?").found
    # a name the article gives only in another passage still counts
    assert "Friday" in newsbot.ask("When did Acme's rival Morrow Cars sell its truck unit?").answer


@pytest.mark.parametrize("question,found", [
    ("When did the Acme 520-8 make its first flight?", False),  # another model's first flight is no answer
    ("When did the Acme 410-800 make its first flight?", True),
    ("When did the Acme 410-800s make their first flight?", True),  # the plural is the code
])
def test_a_model_code_asked_about_must_be_the_one_the_answer_is_about(tmp_path, question, found):
    newsbot = store_of(tmp_path / "store", (
        " date 2026-06-02 Dunmore – Acme's 410-800 made its first test flight on Tuesday over the bay.\n\n"
        "The freighter line will close next year.\n"), "Acme 410-800 flies")
    assert newsbot.ingest_text(" date 2026-01-10 Dunmore – Acme will paint its 520-8 fleet blue.\n", title="Blue jets").new

    answer = newsbot.ask(question)

    assert answer.found == found, answer.answer
    if not found:
        assert answer.answer.endswith("The closest article does not mention 520-8."), answer.answer
