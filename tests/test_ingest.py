"""Ingest: every supported format becomes answerable sources; bad input is reported and costs nothing else."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import DATA


def test_seed_format_gives_published_date_and_place(newsbot):
    report = newsbot.ingest([str(DATA / "seed.txt")])

    assert report.new == ["seed"] and report.ok
    [source] = newsbot.sources()
    assert source.published == "2025-04-08"
    assert source.place == "Kyiv, Ukraine"
    assert source.passages == report.passages > 1
    assert source.title.startswith("The Ukrainian military has captured two Chinese men")


def test_markdown_heading_is_the_title(newsbot, tmp_path):
    article = tmp_path / "budget-vote.md"
    article.write_text("# Parliament passes the budget\n\nThe parliament passed the budget on Friday, officials said.\n")

    newsbot.ingest([str(article)])

    [source] = newsbot.sources()
    assert (source.source_id, source.title) == ("budget-vote", "Parliament passes the budget")


def test_html_file_keeps_main_text_title_and_date(newsbot):
    newsbot.ingest([str(DATA / "indonesia.html")])

    [source] = newsbot.sources()
    assert source.title == "Indonesia's transport minister tells airlines not to buy European aircraft due to EU ban"
    assert source.published == "2007-12-20"
    passages = newsbot.store.passages.get(include=["documents"])["documents"]
    assert any("Djamal" in p for p in passages)
    assert not any("Subscribe to our newsletter" in p for p in passages)


def test_url_is_fetched_and_identified_by_a_slug(newsbot, http_server):
    report = newsbot.ingest([f"{http_server}/indonesia.html"])

    assert report.ok, report.failed
    [source] = newsbot.sources()
    port = http_server.rsplit(":", 1)[1]
    assert re.fullmatch(rf"127-0-0-1-{port}-indonesia-html-[0-9a-f]{{8}}", source.source_id)
    assert source.url == f"{http_server}/indonesia.html"


def test_jsonl_uses_each_record_id_and_metadata(newsbot):
    report = newsbot.ingest([str(DATA / "corpus-sample.jsonl")])

    assert sorted(report.new) == ["17654", "61389", "7724"]
    by_id = {s.source_id: s for s in newsbot.sources()}
    assert by_id["7724"].published == "2007-02-06"
    assert by_id["7724"].url.startswith("https://en.wikinews.org/wiki/")


def test_directory_is_read_recursively_skipping_readmes(newsbot, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("Markets rose on Monday, traders said.\n")
    (tmp_path / "a" / "b" / "two.md").write_text("# Rain\n\nIt rained all week in Lisbon, forecasters said.\n")
    (tmp_path / "a" / "README.md").write_text("# About this folder\n\nNot an article.\n")
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "a" / ".notes.txt").write_text("Private notes, said nobody.\n")

    report = newsbot.ingest([str(tmp_path / "a")])

    assert sorted(report.new) == ["one", "two"] and report.ok
    skipped = {Path(s.origin).name: s.reason for s in report.skipped}
    assert sorted(skipped) == [".notes.txt", "README.md", "photo.jpg"]
    assert skipped["photo.jpg"].startswith("not an article file (.jpg")
    assert "3 files skipped" in report.summary()


def test_reingesting_reports_already_present_and_duplicates_nothing(newsbot):
    first = newsbot.ingest([str(DATA / "seed.txt"), str(DATA / "corpus-sample.jsonl")])
    stored = newsbot.store.passages.count()

    again = newsbot.ingest([str(DATA / "seed.txt"), str(DATA / "corpus-sample.jsonl")])

    assert len(first.new) == 4
    assert again.new == [] and sorted(again.already_present) == ["17654", "61389", "7724", "seed"]
    assert newsbot.store.passages.count() == stored
    assert len(newsbot.sources()) == 4


def test_same_name_different_text_gets_its_own_id_and_same_text_is_present_whatever_its_name(newsbot, tmp_path):
    for folder, text in (("a", "The port reopened on Monday, the harbour master said."),
                         ("b", "Rain closed the mountain pass on Tuesday, police said.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.md").write_text(text)
    (tmp_path / "copy-of-a.txt").write_text("The port reopened on Monday,  the harbour master said.\n")

    first = newsbot.ingest([str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "copy-of-a.txt")])
    again = newsbot.ingest([str(tmp_path / "b"), str(tmp_path / "a")])

    assert len(first.new) == 2 and first.new[0] == "index" and first.new[1].startswith("index-")
    assert first.already_present == ["index"]  # the copy, under another name
    assert sorted(again.already_present) == sorted(first.new) and not again.new
    texts = {s.source_id: s.title for s in newsbot.sources()}
    assert len(texts) == 2 and "Rain closed the mountain pass on Tuesday, police said" in texts.values()


def test_remove_deletes_the_source_its_passages_and_statements(seeded):
    assert seeded.remove("seed")

    assert "seed" not in {s.source_id for s in seeded.sources()}
    assert not seeded.store.passages.get(where={"source_id": "seed"})["ids"]
    assert not seeded.store.statements.get(where={"source_id": "seed"})["ids"]
    assert not seeded.ask("What did Zelenskyy say about Chinese soldiers?").citations
    assert not seeded.remove("seed")


# -- bad input ----------------------------------------------------------------------------


def test_missing_path_is_reported_and_the_rest_ingested(newsbot, tmp_path):
    report = newsbot.ingest([str(tmp_path / "nowhere.txt"), str(DATA / "seed.txt")])

    assert report.new == ["seed"]
    assert [(f.origin, f.reason) for f in report.failed] == [(str(tmp_path / "nowhere.txt"), "no such file or directory")]


def test_empty_and_binary_files_are_refused(newsbot, tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    report = newsbot.ingest([str(tmp_path / "empty.txt"), str(tmp_path / "image.txt")])

    reasons = {f.origin.rsplit("/", 1)[1]: f.reason for f in report.failed}
    assert reasons == {"empty.txt": "empty file", "image.txt": "not a text file (binary or not UTF-8)"}
    assert newsbot.sources() == []


def test_bad_jsonl_lines_are_reported_by_number_and_the_others_ingested(newsbot, tmp_path):
    lines = (DATA / "corpus-sample.jsonl").read_text().splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([lines[0], "{not json", json.dumps({"id": "x", "title": "No text"}), lines[1]]) + "\n")

    report = newsbot.ingest([str(broken)])

    assert sorted(report.new) == ["17654", "7724"]
    assert [(f.origin, f.reason) for f in report.failed] == [
        (f"{broken} line 2", "bad JSON: Expecting property name enclosed in double quotes at column 2"),
        (f"{broken} line 3", 'no "text" field, or it is empty'),
    ]


def test_url_errors_are_reported(newsbot, http_server):
    report = newsbot.ingest([f"{http_server}/missing.html", f"{http_server}/slow", "http//not a url"])

    reasons = [f.reason for f in report.failed]
    assert reasons[0] == "HTTP 404 Not Found"
    assert reasons[1].startswith("timed out")
    assert reasons[2] == "not a valid http:// or https:// URL"
    assert newsbot.sources() == []


def test_malformed_urls_get_a_clear_message(newsbot):
    report = newsbot.ingest(["http://[::1", "https://", "ftp://example.org/a.txt"])

    assert [f.reason for f in report.failed] == ["not a valid http:// or https:// URL"] * 3


def test_pasted_texts_in_other_scripts_get_their_own_ids(newsbot):
    first = newsbot.ingest_text("Президент заявив, що переговори тривають.")
    second = newsbot.ingest_text("Міністр сказав, що порт відкриють.")

    assert len(first.new) == len(second.new) == 1 and first.new != second.new
    assert len(newsbot.sources()) == 2


def test_non_english_text_is_stored_without_invented_statements(newsbot):
    report = newsbot.ingest_text("Le ministre a déclaré que le port rouvrira en mars, selon le journal.")

    assert report.ok and report.statements == 0


def test_windows_and_utf16_text_files_are_read(newsbot, tmp_path):
    (tmp_path / "cp1252.txt").write_bytes("Café owner Zoë Brandt said prices would rise.".encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes("Café owner Zoë Brandt said prices would fall.".encode("utf-16"))

    report = newsbot.ingest([str(tmp_path / "cp1252.txt"), str(tmp_path / "utf16.txt")])

    assert report.ok and sorted(report.new) == ["cp1252", "utf16"]
    assert all("Zoë" in s.title for s in newsbot.sources())


def test_unsupported_extension_is_refused(newsbot, tmp_path):
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")

    [failure] = newsbot.ingest([str(tmp_path / "sheet.xlsx")]).failed

    assert "unsupported file type .xlsx" in failure.reason


def test_an_upload_over_the_size_limit_is_refused_before_reading(tmp_path):
    from config import Settings
    from retrieval import Newsbot

    small = Newsbot(Settings(_env_file=None, data_dir=tmp_path / "store", max_source_bytes=100))

    [failure] = small.ingest_bytes(b"The minister said so. " * 10, "long.txt").failed

    assert failure.reason == "too large (220 bytes; the limit is 100)"
    assert small.sources() == []
