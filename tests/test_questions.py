"""How newsbot reads a question: kind, speakers, dates, places, terms, pronouns.

Each test is one rule of `retrieval.questions.parse_question`, stated in its name.
"""

import datetime as dt

import pytest

from retrieval.questions import parse_question

SPEAKERS = ["Volodymyr Zelenskyy", "Dmitry Peskov", "Steve Jobs", "Will Smith", "Harry Reid"]
TUESDAY = dt.date(2025, 4, 8)  # the newest stored article's date in most tests below


def ask(text: str, speakers=SPEAKERS, ref=TUESDAY, places=("Kyiv", "Istanbul", "Washington")):
    return parse_question(text, speakers, ref, places)


# ---------------------------------------------------------------- kind

DEV_QUESTIONS = [  # benchmarks/data/questions-dev.jsonl, the non-`none` ones
    ("What did Steve Jobs say about the Beatles when Apple settled its trademark dispute with Apple Corps?", "quote"),
    ("What did Northrop Grumman's chief executive say after his company beat Boeing to the US Air Force tanker contract?", "quote"),
    ("According to Indonesia's transport minister, for how long should Indonesian airlines avoid buying aircraft from Europe?", "quote"),
    ("How did Senate Majority Leader Harry Reid react when the auto industry bailout failed in the Senate?", "quote"),
    ("What did analyst Maryann Keller say about Fiat's plan to take a majority stake in Chrysler?", "quote"),
    ("What did Steve Jobs call podcasting in his WWDC 2005 keynote?", "quote"),
    ("What did Bank of America's chief executive say was the bank's main financial challenge after its third-quarter 2009 loss?", "quote"),
    ("Who called the global market falls of October 24, 2008 carnage and said confidence was shot to ribbons?", "who"),
    ("Who warned that the protest against the Airbus job cuts was just the beginning?", "who"),
    ("Who said Apple was going to demote the PC to just be a device?", "who"),
    ("Which Airbus spokesman described the loss of Air France Flight 447 as an exceptional accident?", "who"),
    ("On what date did Boeing deliver the last 717 to AirTran Airways?", "when"),
    ("When was Rick Wagoner replaced as General Motors' chief executive?", "when"),
    ("When did the Government Accountability Office call for the Air Force tanker competition to be rerun?", "when"),
    ("Where did an Airbus A380 clip a hangar with its wingtip during push back in 2007?", "where"),
    ("Where was Apple's special event of October 12, 2005 to be held?", "where"),
    ("What contract did Airbus parent EADS win from Britain's Royal Air Force in March 2008?", "what"),
    ("By how much did Japan's economy shrink between April and June 2008?", "what"),
]


@pytest.mark.parametrize("text,kind", DEV_QUESTIONS)
def test_the_dev_questions_get_their_kind(text, kind):
    assert ask(text).kind == kind


def test_quote_shapes_say_tell_think_react_according_call():
    for text in [
        "What did Peskov tell reporters?",
        "What does Zelensky think about the talks?",
        "How did the Kremlin react to the sanctions?",
        "According to Peskov, is the deal off?",
        "What did Jobs call the iPhone?",
        "What else did he say?",
    ]:
        assert ask(text).kind == "quote", text


def test_who_when_where_shapes():
    assert ask("Which spokesman denied the report?").kind == "who"
    assert ask("What day did the talks start?").kind == "when"
    assert ask("In which city did the talks take place?").kind == "where"
    assert ask("Can you tell me where Zelensky spoke?").kind == "where"


@pytest.mark.parametrize("text", [
    "What was the date of the ferry crash?",
    "How soon will the tunnel reopen?",
    "Since when has Holm led the port board?",
    "How many years ago did the mill close?",
    "What is the date for the council vote?",
])
def test_other_ways_of_asking_for_a_time_are_when_questions(text):
    assert ask(text).kind == "when"


@pytest.mark.parametrize(("text", "kind"), [
    ("After the ferry crash, when did the boats sail again?", "when"),
    ("Before its launch, where was the tanker built?", "where"),
    ("Following the vote, who resigned?", "who"),
    ("What did Holm say, when asked about the port?", "quote"),  # the question word opens it: no opening clause
    ("In which U.S. state did the plant open?", "where"),  # a qualified place noun
    ("Which French city hosted the summit?", "where"),
    ("What did the city say about the summit?", "quote"),
    ("Which two city councillors voted against the plan?", "what"),  # people, not a place
    ("Which French city's mayor opened the summit?", "what"),
])
def test_an_opening_clause_or_a_qualified_noun_does_not_hide_the_kind(text, kind):
    assert ask(text).kind == kind


def test_a_name_asked_to_speak_is_the_speaker_even_when_no_stored_speaker_has_it():
    question = ask("What did Ivo Vane say about the ferry?")

    assert question.speakers == ["Ivo Vane"] and question.speaker_as_asked and question.terms == ["ferry"]
    assert ask("What did the finance minister say?").speakers == []  # a description, not a name
    assert ask("What did President Ivo Vane say?").speakers == ["Ivo Vane"]  # a title before the name
    assert ask("What did Lena Chapman say?").speakers == ["Lena Chapman"]  # a surname the title list holds


def test_a_name_followed_by_a_title_is_whom_the_speaker_works_for_not_the_speaker():
    question = ask("What did the Harbour Board chairman say about the fees?")

    assert question.speakers == [] and not question.speaker_as_asked and "chairman" in question.roles


def test_a_plain_question_is_what():
    assert ask("How many jobs did Airbus cut?").kind == "what"


# ---------------------------------------------------------------- speakers


def test_full_name_and_surname_alone_match_case_insensitively():
    assert ask("What did Dmitry Peskov say?").speakers == ["Dmitry Peskov"]
    assert ask("what did peskov say?").speakers == ["Dmitry Peskov"]


def test_zelensky_matches_the_stored_zelenskyy_and_so_do_other_spellings():
    for name in ["Zelensky", "Zelenskiy", "Zelenski", "ZELENSKYY", "Volodymyr Zelensky"]:
        assert ask(f"What did {name} say?").speakers == ["Volodymyr Zelenskyy"], name


def test_a_possessive_still_names_the_speaker():
    assert ask("What was Zelenskyy's reaction?").speakers == ["Volodymyr Zelenskyy"]


def test_a_small_typo_in_a_long_surname_still_matches():
    assert ask("What did Zelenksy say?").speakers == ["Volodymyr Zelenskyy"]
    assert ask("What did Peskow say?").speakers == ["Dmitry Peskov"]


def test_a_surname_shared_by_two_speakers_returns_both():
    speakers = ["Steve Jobs", "Laurene Jobs"]
    assert ask("What did Jobs say?", speakers).speakers == ["Steve Jobs", "Laurene Jobs"]
    assert ask("What did Steve Jobs say?", speakers).speakers == ["Steve Jobs"]


def test_another_first_name_before_a_stored_surname_is_someone_else():
    speakers = ["Laurene Vane", "Tomas Brandt", "Tomas Lind"]
    other = ask("What did Tomas Vane say about the merger?", speakers)
    assert other.speakers == ["Tomas Vane"] and other.speaker_as_asked  # asked as written, not Laurene's words
    assert ask("What did Vane say about the merger?", speakers).speakers == ["Laurene Vane"]
    assert ask("What did Senator Vane say about the merger?", speakers).speakers == ["Laurene Vane"]
    assert ask("What did Laurene Vane say about the merger?", speakers).speakers == ["Laurene Vane"]


def test_everyday_words_do_not_match_speakers():
    assert ask("Who will win the election?").speakers == []  # not Will Smith
    assert ask("How many jobs did Airbus cut?").speakers == []  # not Steve Jobs
    assert ask("What did Jobs say about the iPod?").speakers == ["Steve Jobs"]
    # all in lower case, a function word is a word, whatever the extractor once took for a speaker
    assert ask("which harbour chief said the fees would rise", ["The", "Ida Holm"]).speakers == []


def test_several_speakers_come_in_order_of_mention():
    assert ask("When did Peskov and Zelensky meet?").speakers == ["Dmitry Peskov", "Volodymyr Zelenskyy"]


def test_in_what_did_x_say_about_y_only_x_is_the_speaker():
    question = ask("What did Peskov say about Zelensky?")

    assert question.speakers == ["Dmitry Peskov"]
    assert "zelensky" in question.terms


def test_a_role_is_asked_with_its_synonyms_and_the_employer_is_not_the_speaker():
    question = ask("What did Peskov's spokesman say?")

    assert question.roles == ["spokesman", "spokeswoman", "spokesperson"]
    assert question.speakers == []


# ---------------------------------------------------------------- dates


def day(text, ref=TUESDAY):
    q = ask(text, ref=ref)
    return q.date_from, q.date_to


def test_on_monday_in_a_question_asked_about_a_tuesday_dated_store_means_the_day_before():
    assert day("What did Peskov say on Monday?") == (dt.date(2025, 4, 7),) * 2


def test_on_monday_when_the_store_is_monday_dated_means_that_very_day():
    assert day("What did Peskov say on Monday?", ref=dt.date(2025, 4, 7)) == (dt.date(2025, 4, 7),) * 2


def test_yesterday_and_today_count_from_the_reference_date():
    assert day("What did Peskov say yesterday?") == (dt.date(2025, 4, 7),) * 2
    assert day("What did Peskov say today?") == (TUESDAY, TUESDAY)


def test_last_week_is_the_previous_monday_to_sunday_week():
    assert day("What did Peskov say last week?") == (dt.date(2025, 3, 31), dt.date(2025, 4, 6))


def test_this_week_runs_from_monday_to_the_reference_date():
    assert day("What did Peskov say this week?") == (dt.date(2025, 4, 7), TUESDAY)


def test_last_month_is_the_previous_calendar_month():
    assert day("What did Peskov say last month?") == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def test_a_month_and_year_is_the_whole_month_and_a_year_the_whole_year():
    assert day("What happened in March 2008?") == (dt.date(2008, 3, 1), dt.date(2008, 3, 31))
    assert day("What happened in 2008?") == (dt.date(2008, 1, 1), dt.date(2008, 12, 31))


@pytest.mark.parametrize("text", ["on March 4, 2008", "on 4 March 2008", "on 2008-03-04", "on Mar. 4th, 2008"])
def test_a_full_date_is_a_single_day(text):
    assert day(f"What did Peskov say {text}?") == (dt.date(2008, 3, 4),) * 2


def test_between_two_months_is_a_range():
    assert day("By how much did Japan's economy shrink between April and June 2008?") == (
        dt.date(2008, 4, 1),
        dt.date(2008, 6, 30),
    )


def test_since_leaves_the_end_open():
    assert day("What has Peskov said since 2007?") == (dt.date(2007, 1, 1), None)


def test_a_date_inside_an_event_description_still_sets_the_range():
    text = "Who called the global market falls of October 24, 2008 carnage?"
    assert day(text) == (dt.date(2008, 10, 24),) * 2


def test_no_date_words_means_no_range():
    assert day("Who said Apple was going to demote the PC to just be a device?") == (None, None)
    assert day("What did Boeing say about the 747-8 and its 0.9% margin?") == (None, None)


# ---------------------------------------------------------------- places


def test_known_places_match_as_whole_words_case_insensitively():
    assert ask("What did Zelensky say in kyiv and Istanbul?").places == ["Kyiv", "Istanbul"]
    assert ask("What did the Kyivan press say?").places == []


def test_major_places_are_built_in():
    assert ask("What did Britain's minister say in New York?").places == ["Britain", "New York"]


# ---------------------------------------------------------------- terms


def test_terms_are_lower_case_content_words_without_question_speaker_or_date_words():
    q = ask("What did Zelensky say about the Black Sea grain deal on Monday?")
    assert q.terms == ["black", "sea", "grain", "deal"]


def test_terms_keep_numbers_and_hyphenated_words():
    assert ask("What did Boeing say when the 747-8 made its first flight?").terms == [
        "boeing",
        "747-8",
        "first",
        "flight",
    ]
    assert "0.9%" in ask("Who said growth would slow to 0.9%?").terms


# ---------------------------------------------------------------- pronoun


def test_a_pronoun_subject_with_no_speaker_is_flagged_for_the_caller():
    assert ask("What else did he say?").pronoun is True
    assert ask("What did she tell them about Kyiv?").pronoun is True


def test_no_pronoun_flag_when_a_speaker_or_antecedent_is_named():
    assert ask("What did Zelensky say in his speech?").pronoun is False
    q = ask("What did Northrop Grumman's chief executive say after his company beat Boeing?")
    assert q.pronoun is False


def test_a_question_about_words_is_told_from_one_about_an_event():
    assert ask("When did Peskov announce the talks?").about_words
    assert ask("According to the minister, how long will the ban last?").about_words
    assert not ask("When was Wagoner replaced?").about_words


def test_an_everyday_word_is_not_stretched_to_a_similar_surname():
    known = ["Ron Sugar", "Dmitry Peskov"]

    assert parse_question("What did Sugar say about the tanker?", known_speakers=known).speakers == ["Ron Sugar"]
    assert parse_question("What did Peskow say?", known_speakers=known).speakers == ["Dmitry Peskov"]  # a typo
    assert parse_question("What did Sugars Ltd report?", known_speakers=known).speakers == []  # a word, not a typo


def test_the_worlds_places_come_from_data():
    assert ask("What did the mayor of Porto Alegre say in Ulan Bator?").places == ["Porto Alegre", "Ulan Bator"]
    assert ask("What did the Holland coach say?").places == ["Holland"]  # a country under another name
    assert ask("Was the service nice in the city?").places == []  # a place name only where it is capitalised


def test_a_full_name_also_finds_the_other_stored_forms_of_that_person():
    speakers = ["Ada Brill", "ADA BRILL", "Mayor Ada Brill", "Ada K. Brill", "Tom Brill", "Ada Brillo"]

    found = ask("What did Ada Brill say about the budget?", speakers).speakers

    assert found[0] == "Ada Brill"  # the form as asked, not a headline's capitals
    assert set(found) == {"Ada Brill", "ADA BRILL", "Mayor Ada Brill", "Ada K. Brill"}  # not Tom Brill


@pytest.mark.parametrize("question,role", [
    ("What did the Larks' manager say about the tour?", "manager"),
    ("How did the manager of Harbour Records react?", "manager"),
    ("What did a press officer for Ada Brill say?", "officer"),
])
def test_a_name_that_owns_a_title_is_its_employer_not_the_speaker(question, role):
    parsed = parse_question(question, known_speakers=["The Larks", "Harbour Records", "Ada Brill"])

    assert parsed.speakers == [] and role in parsed.roles


def test_a_title_after_a_verb_of_saying_is_not_the_names():
    parsed = parse_question("Did Ada Brill tell the minister about the levy?", known_speakers=["Ada Brill"])

    assert parsed.speakers == ["Ada Brill"]


def test_a_question_without_a_verb_asks_for_the_words_of_the_stored_speaker_it_opens_with():
    speakers = ["Ivo Vane", "Ada Brill"]

    reaction = ask("Brill's reaction to Vane's exit", speakers)
    on = ask("ivo vane on the merger with acme", speakers)

    assert reaction.kind == "quote" and reaction.speakers == ["Ada Brill"] and "exit" in reaction.terms
    assert on.kind == "quote" and on.speakers == ["Ivo Vane"] and "merger" in on.terms
    # not a speaker before it: a topic, not someone's words
    assert ask("Sanctions on the port", speakers).kind == "what"
    assert ask("The union's reaction to the cuts", speakers).speakers == []


def test_only_a_name_s_last_word_stands_for_it_not_a_description_s():
    speakers = ["new routes to the harbour", "Ada R. Brill", "Martin Luther King Jr.", "Mary Ellen Williams"]

    assert ask("What did the harbour master say?", speakers).speakers == []
    assert ask("What did Brill say?", speakers).speakers == ["Ada R. Brill"]
    assert ask("What did King say?", speakers).speakers == ["Martin Luther King Jr."]
    assert ask("What did Williams say?", speakers).speakers == ["Mary Ellen Williams"]


def test_which_noun_said_asks_who_and_why_did_x_say_asks_for_x_s_words():
    speakers = ["Ivo Vane", "Ada Brill"]

    assert ask("Which currency strategist said Vane sounded bullish?", speakers).kind == "who"
    why = ask("Why did Acme's chief executive say the firm stuck with Brill?", speakers)
    assert why.kind == "quote" and why.speakers == []  # Brill is what was said, not who said it


def test_a_name_before_a_role_some_words_on_is_the_employer_not_the_speaker():
    speakers = ["Acme", "Ida Holm"]

    program = ask("What did Acme's 900 program manager say about the launch?", speakers)
    chief = ask("What did the Acme Harbour Lines CEO say about the fees?", speakers)
    told = ask("Can you tell me what Acme's manager said after the sale?", speakers)

    assert program.speakers == [] and "manager" in program.roles
    assert chief.speakers == [] and chief.employer == "Acme Harbour Lines"
    assert told.kind == "quote" and told.speakers == [] and "manager" in told.roles
    assert ask("What spokesman said the plant would close?", speakers).kind == "who"


def test_a_name_asked_to_speak_in_a_question_typed_in_lower_case_is_read_as_a_name():
    question = ask("what did ivo brandvoort say about the ferry", [])

    assert question.speakers == ["Ivo Brandvoort"] and question.speaker_as_asked
    for description in ("what did the union say", "what did acme officials say", "what did the finance minister say",
                        "what did rival chipmakers say", "what did market watchers say"):
        assert ask(description, []).speakers == [], description
