"""Answer latency, filtered latency, ingest throughput and memory at 1k, 10k and 100k passages.

For each size, a store of synthetic articles is built from real corpus text
(benchmarks/synthetic_store.py says how; its vectors are mixtures of real model outputs).

Built stores are cached under benchmarks/.cache/scale-<size>/ (--rebuild to redo).
Each size is built and measured in its own child process, so the resident memory
reported is that of one engine holding one store.

Per size it prints: answer latency p50/p95 over a fixed question set
(benchmarks/data/questions-dev.jsonl, in-process, warm `Newsbot.ask`); the floor
for the same questions (query embedding + exact numpy top-k over the same passage
vectors held in one matrix); speaker- and date-filtered question latency; ingest
throughput of ~200 new real-text passages through `Newsbot.ingest` (statement
extraction on) beside the embedding function's own on the same passages; and the
process RSS after the questions. Also Chroma's own HNSW query time with and
without a `where` filter, and build times.

    .venv/bin/python benchmarks/scale.py                      # 1k, 10k, 100k
    .venv/bin/python benchmarks/scale.py --sizes 1000,10000
    .venv/bin/python benchmarks/scale.py --json               # one JSON object on stdout
    .venv/bin/python benchmarks/scale.py --profile            # cProfile of ask at the largest size
    .venv/bin/python benchmarks/scale.py --smoke              # a 300-passage store, a few seconds
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if "--child" in sys.argv:
    # Two cores, and ONNX already runs two threads that spin after each run: OpenBLAS threads
    # fighting them made the floor's matrix-vector product ~8x slower (8 ms vs 0.9 ms at 10k).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from synthetic_store import CACHE, SEED, TOPICS, build, corpus_records, log  # noqa: E402

QUESTIONS = ROOT / "benchmarks" / "data" / "questions-dev.jsonl"
INGEST_PASSAGES = 200
FLOOR_K = 40  # the pool size the engine asks each retriever for

def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ingest_batch(limit: int) -> tuple[bytes, list]:
    """Corpus articles (renamed so they are new) until `limit` passages, as JSONL, and their passages."""
    from retrieval.models import Article
    from retrieval.passages import PassageSplitter

    splitter = PassageSplitter(700)
    lines, passages = [], []
    stamp = int(time.time())
    for r in corpus_records():
        r = dict(r, id=f"scale-ingest-{stamp}-{r['id']}")
        article = Article(source_id=r["id"], title=r["title"], text=r["text"].strip(), url=r.get("url", ""))
        passages += splitter.split(article)
        lines.append(json.dumps(r))
        if len(passages) >= limit:
            break
    return "\n".join(lines).encode(), passages


def filtered_questions(info: dict, n: int) -> tuple[list[str], list[str]]:
    rng = random.Random(SEED + 7)
    speakers = info["speakers"]
    by_speaker = [f"What did {speakers[i % len(speakers)]} say about {rng.choice(TOPICS)}?" for i in range(n)]
    months = ["January", "March", "May", "July", "September", "November"]
    by_date = [f"What happened with {rng.choice(TOPICS)} in {rng.choice(months)} {rng.randint(2004, 2023)}?"
               for _ in range(n)]
    return by_speaker, by_date


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def measure(dest: Path, smoke: bool, profile: bool, repeat: int) -> dict:
    import psutil

    from config import Settings
    from retrieval.newsbot import Newsbot

    info = json.loads((dest / "build.json").read_text())
    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text("utf-8").splitlines() if line.strip()]
    n_filtered = 10
    if smoke:
        questions, n_filtered, repeat = questions[:5], 3, 1
    by_speaker, by_date = filtered_questions(info, n_filtered)
    proc = psutil.Process()

    t0 = time.perf_counter()
    bot = Newsbot(Settings(data_dir=dest, extract_statements=True))
    open_s = time.perf_counter() - t0
    for source in bot.sources():  # a measurement that died half-way leaves its ingest batch behind
        if source.source_id.startswith("scale-ingest-"):
            bot.remove(source.source_id)
    t0 = time.perf_counter()
    bot.ask(questions[0])  # warms every path
    first_s = time.perf_counter() - t0
    for q in questions[1:3] + by_speaker[:1] + by_date[:1]:
        bot.ask(q)

    answer_ms = [ms for _ in range(repeat) for ms in timed(bot.ask, questions)]
    speaker_ms = timed(bot.ask, by_speaker * repeat)
    date_ms = timed(bot.ask, by_date * repeat)
    gc.collect()
    rss_mb = proc.memory_info().rss / 2**20

    profile_text = ""
    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for q in questions + by_speaker:
            bot.ask(q)
        prof.disable()
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out).sort_stats("cumulative")
        stats.print_stats(40)
        out.write("\n--- by internal time ---\n")
        stats.sort_stats("tottime").print_stats(25)
        profile_text = out.getvalue()

    # Chroma's own HNSW query, unfiltered and with a `where` filter, for reference.
    embedder = bot.embedder
    qvec = np.asarray(embedder.embed_query([questions[0]])[0], dtype=np.float32)
    lo, hi = dt.date(2008, 3, 1).toordinal(), dt.date(2008, 3, 31).toordinal()
    chroma = {
        "passages_ms": timed(lambda _: bot.store.passages.query(query_embeddings=[qvec], n_results=FLOOR_K,
                                                                 include=["distances"]), range(10)),
        "passages_where_date_ms": timed(lambda _: bot.store.passages.query(
            query_embeddings=[qvec], n_results=FLOOR_K, include=["distances"],
            where={"$and": [{"published_ord": {"$gte": lo}}, {"published_ord": {"$lte": hi}}]}), range(5)),
        "statements_where_speaker_ms": timed(lambda _: bot.store.statements.query(
            query_embeddings=[qvec], n_results=10, include=["distances"],
            where={"speaker_id": info["speakers"][0]}), range(5)),
    }
    chroma = {k: percentile(v, 50) for k, v in chroma.items()}

    # The floor: query embedding + exact top-k over the same passage vectors in one numpy matrix.
    matrix = np.load(dest / "passage-vectors.npy")
    k = min(FLOOR_K, len(matrix) - 1)

    def floor(q: str) -> None:
        v = np.asarray(embedder.embed_query([q])[0], dtype=np.float32)
        scores = matrix @ v
        top = np.argpartition(-scores, k)[:k]
        top[np.argsort(-scores[top])]

    floor(questions[0])
    floor_ms = [ms for _ in range(repeat) for ms in timed(floor, questions)]
    embed_ms = [ms for _ in range(repeat) for ms in timed(lambda q: embedder.embed_query([q]), questions)]

    # Ingest of ~200 new real-text passages, statement extraction on, beside embedding only.
    data, passages = ingest_batch(20 if smoke else INGEST_PASSAGES)
    t0 = time.perf_counter()
    bot.extract('"It is late," Ann Smith said on Monday.')  # loads spaCy once per process: not counted
    extractor_s = time.perf_counter() - t0
    texts = [f"{p.title}. {p.text}" for p in passages]
    t0 = time.perf_counter()
    embedder(texts)
    embed_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = bot.ingest_bytes(data, "batch.jsonl")
    ingest_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    embedder(texts)  # again after: on a shared machine the mean of both is fairer to the ratio
    embed_s = (embed_s + time.perf_counter() - t0) / 2
    assert report.passages == len(passages) and not report.failed, report.summary()
    t0 = time.perf_counter()
    bot.ask(questions[1])  # the first question after an ingest: should cost what any other does
    after_ingest_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for source_id in report.new:
        bot.remove(source_id)
    remove_s = time.perf_counter() - t0
    bot.ask(questions[1])  # and back to the cached store's contents
    peak_mb = proc.memory_info().rss / 2**20

    return {
        "figures": {
            "answer_p50_ms": round(percentile(answer_ms, 50), 1),
            "answer_p95_ms": round(percentile(answer_ms, 95), 1),
            "floor_p50_ms": round(percentile(floor_ms, 50), 1),
            "filtered_p50_ms": round(percentile(speaker_ms + date_ms, 50), 1),
            "ingest_per_s": round(report.passages / ingest_s, 1),
            "embed_only_per_s": round(len(texts) / embed_s, 1),
            "rss_mb": round(rss_mb),
        },
        "details": {
            "speaker_p50_ms": round(percentile(speaker_ms, 50), 1),
            "date_p50_ms": round(percentile(date_ms, 50), 1),
            "floor_p95_ms": round(percentile(floor_ms, 95), 1),
            "query_embed_p50_ms": round(percentile(embed_ms, 50), 1),
            "chroma_query_p50_ms": {k: round(v, 1) for k, v in chroma.items()},
            "open_s": round(open_s, 2),
            "first_answer_s": round(first_s, 2),
            "ingest_passages": report.passages,
            "ingest_statements": report.statements,
            "ingest_s": round(ingest_s, 1),
            "spacy_load_s": round(extractor_s, 1),
            "first_answer_after_ingest_s": round(after_ingest_s, 2),
            "remove_s": round(remove_s, 2),
            "removed_sources": len(report.new),
            "peak_rss_mb": round(peak_mb),
            "questions": len(questions) * repeat,
        },
        "build": {k: v for k, v in info.items() if k != "speakers"},
        "profile": profile_text,
    }


# ---------------------------------------------------------------------------- driver


def child(args) -> None:
    dest = Path(args.dest)
    if args.child == "build":
        print(json.dumps(build(args.size, dest, 300 if args.smoke else None)))
    else:
        print(json.dumps(measure(dest, args.smoke, args.profile, args.repeat)))


def run_child(kind: str, size: int, dest: Path, args, profile: bool = False, env: dict | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--size", str(size), "--dest", str(dest),
           "--repeat", str(args.repeat)]
    cmd += ["--smoke"] * args.smoke + ["--profile"] * profile
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"{kind} at {size} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report_size(size: int, result: dict) -> str:
    f, d, b = result["figures"], result["details"], result["build"]
    c = d["chroma_query_p50_ms"]
    floor = f["floor_p50_ms"] or 1e-9
    lines = [
        f"== {size:,} passages ({b['articles']:,} articles, {b['statements']:,} statements)",
        f"  answer latency          p50 {f['answer_p50_ms']:8.1f} ms   p95 {f['answer_p95_ms']:8.1f} ms"
        f"   ({d['questions']} asks, warm)   = {f['answer_p50_ms'] / floor:.1f}x floor",
        f"  floor (embed + numpy)   p50 {f['floor_p50_ms']:8.1f} ms   p95 {d['floor_p95_ms']:8.1f} ms"
        f"   (query embedding alone p50 {d['query_embed_p50_ms']:.1f} ms)",
        f"  filtered questions      p50 {f['filtered_p50_ms']:8.1f} ms   = {f['filtered_p50_ms'] / floor:.1f}x floor"
        f"   (speaker p50 {d['speaker_p50_ms']:.1f} ms, date p50 {d['date_p50_ms']:.1f} ms)",
        f"  ingest (extraction on)  {f['ingest_per_s']:8.1f} passages/s   embedding only {f['embed_only_per_s']:.1f}"
        f" passages/s   = {f['ingest_per_s'] / f['embed_only_per_s']:.0%}"
        f"   ({d['ingest_passages']} passages, {d['ingest_statements']} statements, {d['ingest_s']} s)",
        f"  resident memory         {f['rss_mb']:8d} MB after questions   (peak after ingest {d['peak_rss_mb']} MB)",
        f"  chroma HNSW query p50   {c['passages_ms']:.1f} ms; with where published_ord range "
        f"{c['passages_where_date_ms']:.1f} ms; statements where speaker_id {c['statements_where_speaker_ms']:.1f} ms",
        f"  other: open {d['open_s']} s, first answer {d['first_answer_s']} s, first answer after ingest "
        f"{d['first_answer_after_ingest_s']} s, spaCy load {d['spacy_load_s']} s",
        f"  upkeep: remove a source {d['remove_s'] / max(d['removed_sources'], 1):.2f} s ({d['removed_sources']} removed in "
        f"{d['remove_s']} s); first answer after ingest {d['first_answer_after_ingest_s'] * 1000:.0f} ms (p50 "
        f"{f['answer_p50_ms']:.0f} ms); ingest {f['ingest_per_s'] / f['embed_only_per_s']:.0%} of embedding-only",
        f"  build: wrote {b['size']:,} passages in {b['write_s']} s (bulk {b['bulk_passages_per_s']} passages/s"
        + (f", Store.add per article {b['store_add_passages_per_s']} passages/s over the last "
           f"{b['store_add_articles']} articles" if b.get("store_add_passages_per_s") else "")
        + f"), BM25 refresh {b['bm25_refresh_s']} s",
    ]
    return "\n".join(lines)


def chroma_server(path: Path, fresh: bool) -> tuple[subprocess.Popen, str]:
    """A `chroma run` server keeping its data in `path` (emptied first if `fresh`), and its URL."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    if fresh:
        shutil.rmtree(path, ignore_errors=True)
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("chroma run did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached stores")
    parser.add_argument("--smoke", action="store_true", help="a 300-passage store, a few seconds")
    parser.add_argument("--profile", action="store_true", help="cProfile Newsbot.ask at the largest size")
    parser.add_argument("--repeat", type=int, default=2, help="rounds over the question set")
    parser.add_argument("--server", action="store_true",
                        help="store in a `chroma run` server (its own process) instead of embedded Chroma")
    parser.add_argument("--child", choices=["build", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dest", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    sizes = [300] if args.smoke else [int(s) for s in args.sizes.split(",") if s.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="newsbot-scale-")) if args.smoke else None
    out: dict = {"sizes": {}}
    try:
        for size in sizes:
            name = f"scale-server-{size}" if args.server else f"scale-{size}"
            dest = tmp / name if tmp else CACHE / name
            fresh = args.rebuild or not (dest / "build.json").exists()
            server = chroma_server(dest.with_name(dest.name + "-chroma"), fresh) if args.server else None
            env = {**os.environ, "NEWSBOT_CHROMA_URL": server[1]} if server else None
            if fresh:
                log(f"building a store of {size:,} passages in {dest} ...")
                t0 = time.perf_counter()
                info = run_child("build", size, dest, args, env=env)
                log(f"  built in {time.perf_counter() - t0:.0f} s: {json.dumps({k: v for k, v in info.items() if k != 'speakers'})}")
            log(f"measuring at {size:,} passages ...")
            try:
                result = run_child("measure", size, dest, args, profile=args.profile and size == sizes[-1], env=env)
            finally:
                if server:
                    server[0].terminate()
                    server[0].wait(timeout=60)
            out["sizes"][str(size)] = result["figures"]
            text = report_size(size, result)
            print(text, file=sys.stderr if args.json else sys.stdout, flush=True)
            if result["profile"]:
                print(f"-- cProfile of Newsbot.ask at {size:,} passages --\n{result['profile']}",
                      file=sys.stderr if args.json else sys.stdout, flush=True)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
