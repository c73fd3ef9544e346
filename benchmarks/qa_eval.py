"""Development-question evaluation on the bundled Wikinews corpus.

Runs the questions of benchmarks/data/questions-dev.jsonl through the engine and
prints the pass rate by the scoring rule of seeds/wikinews-timeline/README.md, per
question type, with citation precision (share of quotes found verbatim in an
article) and retrieval figures (recall@5 and MRR of the passage holding the evidence).

    .venv/bin/python benchmarks/qa_eval.py            # reuses benchmarks/.cache/qa-store
    .venv/bin/python benchmarks/qa_eval.py --fresh    # re-ingests first
    .venv/bin/python benchmarks/qa_eval.py --smoke    # 3 questions over 3 articles, for the test suite

PolNeAR who-said-what questions (made by /work/shared/tools/polnear_qa.py into OUT; the
corpus has no license, so they are generated locally, never committed), same scoring rule,
over a fresh store of OUT/articles.jsonl:

    python3 /work/shared/tools/polnear_qa.py --polnear DIR --split dev --out-dir OUT
    .venv/bin/python benchmarks/qa_eval.py --questions-dir OUT
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import Settings  # noqa: E402
from retrieval import Answer, Newsbot  # noqa: E402
from retrieval.questions import parse_question  # noqa: E402

CORPUS = ROOT / "seeds" / "wikinews-timeline" / "articles.jsonl"
SEED = ROOT / "seeds" / "000_1a1aba74b835feda.txt"
QUESTIONS = ROOT / "benchmarks" / "data" / "questions-dev.jsonl"


def normalise(text: str) -> str:
    text = re.sub(r"[“”„‟″]", '"', text)
    text = re.sub(r"[‘’‚‛′]", "'", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def date_forms(iso: str) -> list[str]:
    day = dt.date.fromisoformat(iso)
    return [iso, f"{day:%B} {day.day}, {day.year}", f"{day.day} {day:%B %Y}", f"{day:%b}. {day.day}, {day.year}"]


def score(question: dict, answer: Answer, articles: dict[str, dict]) -> tuple[bool, str]:
    """(passed, reason it failed) by the corpus README's rule."""
    if len(answer.answer.split()) > 120:
        return False, "answer over 120 words"
    if question["type"] == "none":
        return (not answer.citations), "cited something for a question with no answer"
    gold = [articles[d] for d in question["doc_ids"]]
    if not any(_cites(c, g) for c in answer.citations for g in gold):
        return False, "no citation of the right article"
    said = normalise(answer.answer + " " + " ".join(s.content for s in answer.statements[:5]))
    if not all(normalise(t) in said for t in question["all_terms"]):
        return False, f"missing terms {question['all_terms']}"
    if question["any_terms"] and not any(normalise(t) in said for t in question["any_terms"]):
        return False, f"none of {question['any_terms']}"
    if question["speaker"]:
        speakers = normalise(answer.answer + " " + " ".join(s.speaker for s in answer.statements))
        if not any(normalise(v) in speakers for v in question["speaker"]):
            return False, f"speaker {question['speaker']} not named"
    if question["type"] == "when" and question["date"]:
        iso = question["date"]
        dated = any(s.date == iso for s in answer.statements) or any(
            c.published == iso and any(_cites(c, g) for g in gold) for c in answer.citations
        )
        text = normalise(answer.answer)
        if not dated and not any(normalise(f) in text for f in date_forms(iso)):
            return False, f"date {iso} not given"
    return True, ""


def _cites(citation, article: dict) -> bool:
    if citation.source_id == article["id"] or citation.url == article["url"] or citation.title == article["title"]:
        return True
    return len(citation.quote) >= 20 and normalise(citation.quote) in normalise(article["text"])


def evidence_rank(newsbot: Newsbot, question: dict, articles: dict[str, dict]) -> int | None:
    """1-based rank of the first retrieved passage holding most of the evidence, None if not in the top 10."""
    if not question.get("evidence"):  # polnear_qa.py questions carry none
        return None
    evidence = set(re.findall(r"\w+", question["evidence"].lower()))
    visible = newsbot.store.catalog().source_ids
    parsed = parse_question(question["q"], known_speakers=newsbot.searcher.speakers)
    ranked = newsbot.searcher.search(parsed, visible)
    for rank, (passage, _) in enumerate(ranked.passages, start=1):
        words = set(re.findall(r"\w+", passage.text.lower()))
        if passage.source_id in question["doc_ids"] and len(evidence & words) >= 0.5 * len(evidence):
            return rank
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="re-ingest the corpus into the cached store")
    parser.add_argument("--smoke", action="store_true", help="a few questions over a few articles")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every answer")
    parser.add_argument("--questions-dir", type=Path, help="questions.jsonl and articles.jsonl from polnear_qa.py")
    args = parser.parse_args()

    qfile, cfile = (args.questions_dir / "questions.jsonl", args.questions_dir / "articles.jsonl") if args.questions_dir else (QUESTIONS, CORPUS)
    questions = [json.loads(line) for line in qfile.read_text().splitlines() if line.strip()]
    articles = {a["id"]: a for a in map(json.loads, cfile.read_text().splitlines())}
    if args.questions_dir:
        data_dir = Path(tempfile.mkdtemp(prefix="qa-polnear-"))
        targets = [str(cfile)]
    elif args.smoke:
        questions = [q for q in questions if q["id"] in {"wn-dev-001", "wn-dev-010", "wn-dev-019"}]
        data_dir = Path(tempfile.mkdtemp(prefix="qa-smoke-"))
        subset = data_dir / "subset.jsonl"
        keep = {d for q in questions for d in q["doc_ids"]}
        subset.write_text("".join(json.dumps(articles[d]) + "\n" for d in keep))
        targets = [str(subset)]
    else:
        data_dir = ROOT / "benchmarks" / ".cache" / "qa-store"
        if args.fresh:
            shutil.rmtree(data_dir, ignore_errors=True)
        targets = [str(CORPUS), str(SEED)]
    newsbot = Newsbot(Settings(data_dir=data_dir))
    started = time.perf_counter()
    report = newsbot.ingest(targets)
    print(f"ingest: {report.summary()} in {time.perf_counter() - started:.1f} s")

    by_type: dict[str, list[bool]] = defaultdict(list)
    quotes = verbatim = 0
    ranks: list[int | None] = []
    latencies = []
    for q in questions:
        started = time.perf_counter()
        answer = newsbot.ask(q["q"])
        latencies.append(time.perf_counter() - started)
        passed, why = score(q, answer, articles)
        by_type[q["type"]].append(passed)
        for c in answer.citations:
            quotes += 1
            verbatim += any(normalise(c.quote) in normalise(a["text"]) for a in articles.values()) or c.source_id.startswith("000")
        if q["type"] != "none":
            ranks.append(evidence_rank(newsbot, q, articles))
        if args.verbose or not passed:
            mark = "PASS" if passed else f"FAIL ({why})"
            print(f"\n{q['id']} [{q['type']}] {mark}\n  Q: {q['q']}\n  A: {answer.answer}")
            for c in answer.citations:
                print(f"  [{c.n}] {c.source_id} {c.title}")

    total = sum(sum(v) for v in by_type.values())
    count = sum(len(v) for v in by_type.values())
    print(f"\npass rate: {total}/{count} = {total / count:.0%}")
    for kind in sorted(by_type):
        print(f"  {kind:6s} {sum(by_type[kind])}/{len(by_type[kind])}")
    print(f"citation precision: {verbatim}/{quotes} = {verbatim / max(quotes, 1):.2f}")
    found = [r for r in ranks if r]
    print(f"evidence passage recall@5: {sum(r <= 5 for r in found) / max(len(ranks), 1):.2f}, "
          f"MRR: {sum(1 / r for r in found) / max(len(ranks), 1):.3f}")
    latencies.sort()
    print(f"answer latency p50: {latencies[len(latencies) // 2] * 1000:.0f} ms")
    if args.smoke or args.questions_dir:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
