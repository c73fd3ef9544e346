"""The BM25 index is written as sources are stored and removed, and read fresh by every process."""

from __future__ import annotations

import time

from retrieval.lexical import LexicalStore, Row

BASE = {"passages": [Row(f"base-{i}#0", f"Filler article number {i:02d} about markets and weather.") for i in range(20)]}
BASE_IDS = [f"base-{i}" for i in range(20)]


def test_added_rows_are_found_at_once(tmp_path):
    store = LexicalStore(tmp_path / "lexical.sqlite3")
    store.add(BASE_IDS, BASE)
    store.add(["new"], {"passages": [Row("new#0", "The Tarasivka clash was reported.")]})

    assert [row_id for row_id, _ in store.indexes["passages"].search("Tarasivka", 5)] == ["new#0"]
    assert store.indexes["passages"].search("weather number 03", 1)[0][0] == "base-3#0"


def test_removed_sources_are_gone_for_every_reader(tmp_path):
    writer = LexicalStore(tmp_path / "lexical.sqlite3")
    writer.add([*BASE_IDS, "gone"], {"passages": BASE["passages"] + [Row("gone#0", "Bilohorivka villagers spoke.")]})
    reader = LexicalStore(tmp_path / "lexical.sqlite3")  # another process opening the same file
    assert reader.indexes["passages"].search("Bilohorivka", 5)

    writer.remove(["gone"])

    assert writer.indexes["passages"].search("Bilohorivka", 5) == []
    assert reader.indexes["passages"].search("Bilohorivka", 5) == []
    time.sleep(0.1)  # word statistics are looked at again at most every 50 ms
    assert not reader.indexes["passages"].knows("bilohorivka")
    assert "gone" not in reader.source_ids()


def test_a_reingested_source_replaces_its_old_rows(tmp_path):
    store = LexicalStore(tmp_path / "lexical.sqlite3")
    store.add(["story"], {"passages": [Row("story#0", "The minister spoke about bridges.")]})
    store.add(["story"], {"passages": [Row("story#0", "The minister spoke about tunnels.")]})

    assert store.indexes["passages"].search("bridges", 5) == []
    assert [row_id for row_id, _ in store.indexes["passages"].search("tunnels", 5)] == ["story#0"]


def test_many_small_writes_are_merged_and_still_found(tmp_path):
    store = LexicalStore(tmp_path / "lexical.sqlite3")
    for i in range(35):  # each write is a segment; ten of a size are merged into one
        store.add([f"s{i}"], {"passages": [Row(f"s{i}#0", f"Harbour report {i} on grain word{i}")]})
    store.remove([f"s{i}" for i in range(0, 35, 2)])
    index = store.indexes["passages"]

    assert store.query("SELECT count(*) FROM passages_segments")[0][0] < 10
    assert [row_id for row_id, _ in index.search("word7", 5)] == ["s7#0"]
    assert index.search("word8", 5) == []
    assert len(index.search("harbour grain", 50)) == 17


def test_new_words_count_as_known_for_the_nothing_found_check(tmp_path):
    store = LexicalStore(tmp_path / "lexical.sqlite3")
    store.add(BASE_IDS, BASE)
    store.add(["new"], {"passages": [Row("new#0", "Nokia announced a phone.")]})
    index = store.indexes["passages"]

    assert index.knows("nokia") and not index.knows("sourdough")
    assert index.idf("nokia") > index.idf("weather") > 0 and index.max_idf() >= index.idf("nokia")


def test_engine_answers_from_an_article_added_after_the_first_question(seeded, tmp_path):
    seeded.ask("What did Peskov say?")
    article = tmp_path / "harbour.txt"
    article.write_text(" date 2025-04-09 Odesa, Ukraine — The harbour master Olena Kovalenko said on Wednesday "
                       "that grain exports through Odesa rose by a third in March.\n")
    seeded.ingest([str(article)])

    answer = seeded.ask("What did Kovalenko say about grain exports?")

    assert answer.citations[0].source_id == "harbour"
    assert "Kovalenko" in answer.answer


def test_rows_are_narrowed_by_speaker_and_day(tmp_path):
    store = LexicalStore(tmp_path / "lexical.sqlite3")
    store.add(["a", "b"], {"statements": [Row("a#s0", "x", day=10, speaker="Ann Lee"),
                                          Row("b#s0", "y", day=20, speaker="Bo Chen")]})
    store.add(["c"], {"statements": [Row("c#s0", "z", day=15, speaker="Ann Lee")]})
    index = LexicalStore(tmp_path / "lexical.sqlite3").indexes["statements"]

    assert sorted(index.rows_where(speakers=["Ann Lee"])) == ["a#s0", "c#s0"]
    assert sorted(index.rows_where(start=12, end=25)) == ["b#s0", "c#s0"]
    assert index.rows_where(speakers=["Bo Chen"], start=1, end=12) == []
    assert index.values("speaker") == ("Ann Lee", "Bo Chen")


def test_search_within_candidates_only(tmp_path):
    store = LexicalStore(tmp_path / "lexical.sqlite3")
    store.add(["a", "b"], {"statements": [Row("a#s0", "budget cuts announced"), Row("b#s0", "budget cuts debated")]})

    found = store.indexes["statements"].search("budget cuts", 5, within={"b#s0"})

    assert [row_id for row_id, _ in found] == ["b#s0"]
