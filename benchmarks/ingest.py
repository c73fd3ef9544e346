"""Ingest throughput on the bundled corpus, beside the embedding function's own.

Ingests seeds/wikinews-timeline/articles.jsonl and seeds/000_1a1aba74b835feda.txt
into a fresh temporary data dir twice — with statement extraction and without —
and embeds the same passage texts (`retrieval.ingestion.passage_text`, as the
engine does) with the embedding function alone. Prints passages per second of
each and the ratio ingest / embedding-only.

One-off model loads (the ONNX session, the spaCy pipeline) happen before the
clocks start and are printed separately: the figures are steady-state throughput.

    .venv/bin/python benchmarks/ingest.py           # the whole corpus
    .venv/bin/python benchmarks/ingest.py --smoke   # 5 articles, a few seconds
    .venv/bin/python benchmarks/ingest.py --rounds 3  # the median of three alternating rounds
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import Settings  # noqa: E402
from retrieval import embeddings  # noqa: E402
from retrieval import sources as loaders  # noqa: E402
from retrieval.fetching import FetchLimits  # noqa: E402
from retrieval.ingestion import passage_text  # noqa: E402
from retrieval.models import Article  # noqa: E402
from retrieval.newsbot import Newsbot  # noqa: E402
from retrieval.passages import PassageSplitter  # noqa: E402

CORPUS = ROOT / "seeds" / "wikinews-timeline" / "articles.jsonl"
SEED = ROOT / "seeds" / "000_1a1aba74b835feda.txt"


def targets(work: Path, smoke: bool) -> list[str]:
    if not smoke:
        return [str(CORPUS), str(SEED)]
    subset = work / "subset.jsonl"
    lines = [line for line in CORPUS.read_text("utf-8").splitlines() if line.strip()][:4]
    subset.write_text("\n".join(lines) + "\n", "utf-8")
    return [str(subset), str(SEED)]  # 4 corpus articles + the seed file = 5 articles


def passage_texts(paths: list[str], settings: Settings) -> list[str]:
    splitter = PassageSplitter(settings.passage_chars)
    texts = []
    for path in paths:
        for item in loaders.load(path, FetchLimits.of(settings)):
            if isinstance(item, Article):
                texts += [passage_text(p) for p in splitter.split(item)]
    return texts


def ingest(paths: list[str], data_dir: Path, extract: bool) -> tuple[float, int, int, float]:
    """(seconds, passages, statements, model load seconds) of one ingest into a fresh data dir."""
    bot = Newsbot(Settings(data_dir=data_dir, extract_statements=extract))
    t0 = time.perf_counter()
    if extract:
        bot.extract('"It is late," Ann Smith said on Monday.')  # loads the spaCy pipeline
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = bot.ingest(paths)
    seconds = time.perf_counter() - t0
    if report.failed or not report.passages:
        raise SystemExit(f"ingest failed: {report.summary()}")
    return seconds, report.passages, report.statements, load_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="5 articles, a few seconds")
    parser.add_argument("--rounds", type=int, default=1, help="alternate embedding-only and ingest N times; the median ratio")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsbot-ingest-bench-"))
    try:
        paths = targets(work, args.smoke)
        settings = Settings(data_dir=work / "unused")
        t0 = time.perf_counter()
        embedder = embeddings.shared(settings.embedding_batch_size, settings.embedding_threads)
        embedder(["warm up the session."])
        model_s = time.perf_counter() - t0

        texts = passage_texts(paths, settings)
        # Rounds alternate embedding-only and ingest-with-extraction, so that a slow spell of a
        # shared machine lands on both sides of a ratio; the median round is reported.
        rounds = []
        for r in range(args.rounds):
            t0 = time.perf_counter()
            embedder(texts)
            embed_s = time.perf_counter() - t0
            with_s, passages, statements, spacy_s = ingest(paths, work / f"with-extraction-{r}", extract=True)
            rounds.append((with_s, embed_s))
        without_s, passages_plain, _, _ = ingest(paths, work / "without-extraction", extract=False)
        assert passages == passages_plain == len(texts), (passages, passages_plain, len(texts))

        rounds.sort(key=lambda we: we[1] / we[0])  # by ratio ingest / embedding-only
        with_s, embed_s = rounds[len(rounds) // 2]
        embed_rate = len(texts) / embed_s
        with_rate = passages / with_s
        without_rate = passages / without_s
        articles = "5 articles" if args.smoke else "the whole bundled corpus"
        print(f"corpus: {articles}, {passages} passages, {statements} statements "
              f"(model loads, not counted: ONNX {model_s:.1f} s, spaCy {spacy_s:.1f} s)")
        print(f"ingest with statement extraction:    {with_rate:7.1f} passages/s  ({with_s:.1f} s)")
        print(f"ingest without statement extraction: {without_rate:7.1f} passages/s  ({without_s:.1f} s)")
        print(f"embedding function only:             {embed_rate:7.1f} passages/s  ({embed_s:.1f} s)")
        print(f"ratio ingest / embedding-only:       {with_rate / embed_rate:6.0%} with extraction, "
              f"{without_rate / embed_rate:.0%} without")
        if len(rounds) > 1:
            print(f"  with extraction, {len(rounds)} rounds: " + ", ".join(f"{e / w:.0%}" for w, e in rounds) + " (median shown above)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
