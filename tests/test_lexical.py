"""The BM25 index keeps in step with the store: small changes in place, large ones by a rebuild."""

from __future__ import annotations

from retrieval.lexical import LexicalIndex, Row

ROWS = [Row(f"base-{i}#0", f"Filler article number {i:02d} about markets and weather.") for i in range(20)]
STAMPS = {f"base-{i}": "1" for i in range(20)}


def test_added_rows_are_found_without_a_rebuild(tmp_path):
    index = LexicalIndex(tmp_path / "bm25")
    index.rebuild(ROWS, STAMPS)

    added, removed = index.changes({**STAMPS, "new": "2"})
    assert index.update([Row("new#0", "The Tarasivka clash was reported.")], {"new": "2"}, removed)

    assert added == {"new"} and removed == set()
    assert index.ids == [row.id for row in ROWS]  # the base was not rebuilt
    assert [row_id for row_id, _ in index.search("Tarasivka", 5)] == ["new#0"]


def test_removed_sources_are_masked_and_changes_survive_a_reload(tmp_path):
    index = LexicalIndex(tmp_path / "bm25")
    index.rebuild(ROWS + [Row("gone#0", "Bilohorivka villagers spoke.")], {**STAMPS, "gone": "1"})

    _, removed = index.changes(STAMPS)
    assert index.update([], {}, removed)
    reloaded = LexicalIndex(tmp_path / "bm25")

    assert removed == {"gone"}
    assert index.search("Bilohorivka", 5) == [] and reloaded.search("Bilohorivka", 5) == []
    assert reloaded.search("weather number 03", 1)[0][0] == "base-3#0"


def test_a_reingested_source_replaces_its_old_rows(tmp_path):
    index = LexicalIndex(tmp_path / "bm25")
    index.rebuild(ROWS + [Row("story#0", "The minister spoke about bridges.")], {**STAMPS, "story": "1"})

    added, removed = index.changes({**STAMPS, "story": "2"})
    index.update([Row("story#0", "The minister spoke about tunnels.")], {"story": "2"}, removed)

    assert added == removed == {"story"}
    assert index.search("bridges", 5) == []
    assert [row_id for row_id, _ in index.search("tunnels", 5)] == ["story#0"]


def test_a_large_change_asks_for_a_rebuild(tmp_path):
    index = LexicalIndex(tmp_path / "bm25")
    index.rebuild(ROWS, STAMPS)

    many = [Row(f"new-{i}#0", "fresh text") for i in range(10)]

    assert not index.update(many, {f"new-{i}": "2" for i in range(10)}, set())


def test_new_words_count_as_known_for_the_nothing_found_check(tmp_path):
    index = LexicalIndex(tmp_path / "bm25")
    index.rebuild(ROWS, STAMPS)
    index.update([Row("new#0", "Nokia announced a phone.")], {"new": "2"}, set())

    assert index.knows("nokia") and not index.knows("sourdough")


def test_engine_answers_from_an_article_added_after_the_index_was_built(seeded, tmp_path):
    seeded.ask("What did Peskov say?")  # builds the index
    article = tmp_path / "harbour.txt"
    article.write_text(" date 2025-04-09 Odesa, Ukraine — The harbour master Olena Kovalenko said on Wednesday "
                       "that grain exports through Odesa rose by a third in March.\n")
    seeded.ingest([str(article)])

    answer = seeded.ask("What did Kovalenko say about grain exports?")

    assert answer.citations[0].source_id == "harbour"
    assert "Kovalenko" in answer.answer


def test_rows_are_narrowed_by_speaker_and_day_in_base_and_tail(tmp_path):
    index = LexicalIndex(tmp_path / "bm25")
    index.rebuild(ROWS + [Row("a#s0", "x", day=10, speaker="Ann Lee"), Row("b#s0", "y", day=20, speaker="Bo Chen")],
                  {**STAMPS, "a": "1", "b": "1"})
    index.update([Row("c#s0", "z", day=15, speaker="Ann Lee")], {"c": "2"}, set())
    reloaded = LexicalIndex(tmp_path / "bm25")

    for idx in (index, reloaded):
        assert sorted(idx.rows_where(speakers=["Ann Lee"])) == ["a#s0", "c#s0"]
        assert sorted(idx.rows_where(start=12, end=25)) == ["b#s0", "c#s0"]
        assert idx.rows_where(speakers=["Bo Chen"], start=1, end=12) == []
