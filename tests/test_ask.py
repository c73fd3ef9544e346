"""Asking: short answers whose every sentence is cited to verbatim source text, or an honest "nothing found"."""

from __future__ import annotations

import json
import re

from conftest import DATA, run_cli

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
    assert set(payload) == {"question", "answer", "citations", "statements"}
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
