"""What one engine writes, another engine on the same store sees, without restarting."""

from __future__ import annotations

from conftest import DATA

from config import Settings
from retrieval import Newsbot, store


def test_a_running_engine_sees_another_engines_remove_and_ingest(seeded, monkeypatch, tmp_path):
    monkeypatch.setattr(store, "_CATALOG_TTL_S", 0.0)  # don't wait for the re-check interval
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
    # An ingest that died after writing rows but before the source record:
    newsbot.store.sources.delete(ids=["seed"])

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
