"""What one engine writes, another engine on the same store sees, without restarting."""

from __future__ import annotations

from conftest import DATA

from config import Settings
from retrieval import Newsbot


def test_a_running_engine_sees_another_engines_remove_and_ingest(seeded, tmp_path):
    assert seeded.ask("What did Peskov say?").citations
    other = Newsbot(Settings(_env_file=None, data_dir=seeded.settings.data_dir))
    replacement = tmp_path / "harbour.txt"
    replacement.write_text(" date 2025-04-09 Odesa, Ukraine — The harbour master Olena Kovalenko said on "
                           "Wednesday that grain exports through Odesa rose by a third in March.\n")

    other.remove("seed")  # the same number of sources afterwards: a count would not notice
    other.ingest([str(replacement)])

    assert not seeded.ask("What did Peskov say?").citations
    assert seeded.ask("What did Kovalenko say about grain?").citations[0].source_id == "harbour"


def test_an_interrupted_ingest_leaves_nothing_visible_and_is_redone(newsbot):
    newsbot.ingest([str(DATA / "seed.txt")])
    # An ingest that died after writing rows but before listing the source and writing its record:
    newsbot.store.sources.delete(ids=["seed"])
    newsbot.store.lexical.unlist_sources(["seed"])

    assert newsbot.sources() == []
    assert not newsbot.ask("What did Peskov say?").citations

    report = newsbot.ingest([str(DATA / "seed.txt")])

    assert report.new == ["seed"]
    assert newsbot.store.passages.count() == report.passages


def test_questions_asked_at_once_after_a_change_all_get_answers(seeded, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    article = tmp_path / "harbour.txt"
    article.write_text(" date 2025-04-09 Odesa, Ukraine — The harbour master Olena Kovalenko said on Wednesday "
                       "that grain exports through Odesa rose by a third in March.\n")
    seeded.ingest([str(article)])  # the next questions must bring the BM25 index in step first

    questions = ["What did Kovalenko say about grain?", "What did Peskov say about Istanbul?"] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(seeded.ask, questions))

    assert all(a.citations for a in answers)
    assert {a.citations[0].source_id for a in answers} == {"harbour", "seed"}


def test_a_store_opened_with_a_new_bm25_file_lists_and_answers_what_chroma_holds(tmp_path):
    """A store written before the catalog lived in the BM25 file, or whose file was lost."""
    settings = Settings(_env_file=None, data_dir=tmp_path)
    Newsbot(settings).ingest([str(DATA / "seed.txt")])
    settings.lexical_file.unlink()
    for leftover in settings.lexical_file.parent.glob(settings.lexical_file.name + "-*"):
        leftover.unlink()  # the WAL beside it

    reopened = Newsbot(settings)

    assert [s.source_id for s in reopened.sources()] == ["seed"]
    answer = reopened.ask("What did Peskov say about Istanbul?")
    assert answer.citations and answer.citations[0].source_id == "seed"
    assert reopened.store.lexical.listed_ids() == {"seed"}
