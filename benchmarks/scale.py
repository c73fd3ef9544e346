"""Answer latency, filtered latency, ingest throughput and memory at 1k, 10k and 100k passages.

For each size, a store of synthetic articles is built from real text: the
sentences (and titles) of seeds/wikinews-timeline/articles.jsonl are resampled
into new passages (~450-700 characters, as the splitter makes them), grouped into
articles of 2-6 passages with publication dates spread over 2004-2023, and about one
attributed `Statement` per two passages (a sentence of the passage, said by one of
~500 synthetic speakers). Everything is written through the real `Store` (bulk
Chroma adds mirroring `Store.add`'s metadata layout; the last articles go through
`Store.add` itself, to time it at that size) and the BM25 indexes are built by the
real `Searcher.refresh`.

Vectors: every distinct sentence and title is embedded once with the real model and
cached (benchmarks/.cache/scale-embeddings.npy, keyed by a hash of the texts). A
synthetic passage's vector is the normalised mean of the vectors of its title and
sentences, a statement's that of its sentence. They are realistic mixtures of model
outputs, not the model's exact output for the passage text: this keeps a 100k build
at minutes instead of the ~40+ minutes embedding 100k passages would take.

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
import hashlib
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

CORPUS = ROOT / "seeds" / "wikinews-timeline" / "articles.jsonl"
QUESTIONS = ROOT / "benchmarks" / "data" / "questions-dev.jsonl"
CACHE = ROOT / "benchmarks" / ".cache"
POOL_CACHE = CACHE / "scale-embeddings.npy"
SEED = 20240501
CHROMA_BATCH = 2500  # rows per Chroma add while building
STORE_ADD_ARTICLES = 50  # the last articles of a build go through Store.add, to time it at that size
INGEST_PASSAGES = 200
FLOOR_K = 40  # the pool size the engine asks each retriever for

FIRST = """James Maria Robert Elena David Sofia Michael Anna Thomas Laura Daniel Julia Peter Sarah
Ahmed Fatima Hiroshi Yuki Carlos Lucia Pierre Claire Hans Ingrid Ivan Olga Rajesh Priya Kwame Amara
Miguel Isabel Lars Astrid Paolo Giulia Sean Niamh Omar Leila Chen Mei Andrzej Katarzyna Jonas Eva
Mateo Chiara Tomasz Ravi Samuel Nadia""".split()
LAST = """Anderson Keller Novak Moreau Fischer Rossi Tanaka Okafor Haddad Lindqvist Petrov Kowalski
Nakamura Fernandez Gallagher Schneider Dubois Hoffmann Mensah Chaudhry Ibrahim Larsen Romano Schultz
Ortega Varga Horvat Jansen Costa Sato Kimura Brennan Delgado Whitaker Ferreira Nowak Eriksson Bauer
Castillo Mahmoud Takahashi Oyelaran Vasquez Lindgren Abernathy Kaminski Marchetti Rahman Suzuki
Holloway Petersen Ramirez Adeyemi Kovacs Sorensen Gutierrez Mwangi Richter Albrecht Papadopoulos""".split()
ROLES = ["", "", "spokesperson", "minister", "chief executive", "senator", "analyst", "governor"]
TOPICS = ["the contract", "oil prices", "the election", "the war", "the airline", "the merger",
          "the investigation", "the strike", "the budget", "the earthquake"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- text pool


def corpus_records() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line.strip()]


def text_pool(limit: int | None) -> tuple[list[str], list[str]]:
    """(titles, sentences): the corpus's distinct titles and sentences of 30-400 characters."""
    from retrieval.passages import sentence_spans

    records = corpus_records()
    titles = list(dict.fromkeys(r["title"].strip() for r in records if r.get("title")))
    sentences: dict[str, None] = {}
    for r in records:
        text = r["text"]
        for start, end in sentence_spans(text):
            s = " ".join(text[start:end].split())
            if 30 <= len(s) <= 400:
                sentences[s] = None
    found = list(sentences)
    if limit:
        found = random.Random(SEED).sample(found, min(limit, len(found)))
        titles = titles[: max(5, limit // 20)]
    return titles, found


def pool_vectors(texts: list[str], cache: Path) -> np.ndarray:
    """The model's vectors of `texts`, cached on disk keyed by a hash of the texts."""
    from retrieval import embeddings

    key = hashlib.sha1("\0".join(texts).encode()).hexdigest()
    meta = cache.with_suffix(".json")
    if cache.exists() and meta.exists() and json.loads(meta.read_text()).get("key") == key:
        return np.load(cache)
    log(f"embedding a pool of {len(texts)} sentences and titles (cached in {cache}) ...")
    started = time.perf_counter()
    vectors = np.asarray(embeddings.shared()(texts), dtype=np.float32)
    log(f"  {len(texts) / (time.perf_counter() - started):.0f} texts/s")
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    meta.write_text(json.dumps({"key": key, "count": len(texts)}))
    return vectors


# ---------------------------------------------------------------------------- building


def speaker_pool(n: int = 500) -> list[str]:
    rng = random.Random(SEED + 1)
    names: dict[str, None] = {}
    while len(names) < n:
        names[f"{rng.choice(FIRST)} {rng.choice(LAST)}"] = None
    return list(names)


def synthetic(size: int, titles: list[str], sentences: list[str], rng: random.Random):
    """Yield (article, passages, passage pool indexes, statements, statement pool indexes), `size` passages in all.

    Pool indexes refer to titles + sentences (titles first)."""
    from retrieval.models import Article, Passage, Statement

    speakers = speaker_pool()
    places = [r["place"] for r in corpus_records() if r.get("place")] or ["London"]
    first_day, last_day = dt.date(2004, 1, 1).toordinal(), dt.date(2023, 12, 31).toordinal()
    made, number = 0, 0
    while made < size:
        number += 1
        source_id = f"syn-{number:06d}"
        t = rng.randrange(len(titles))
        title = titles[t]
        published = dt.date.fromordinal(rng.randint(first_day, last_day))
        place = rng.choice(places) if rng.random() < 0.5 else ""
        chunks: list[list[int]] = []
        for _ in range(min(rng.randint(2, 6), size - made)):
            picked: list[int] = []
            length = 0
            while length < 450 and len(picked) < 6:
                i = rng.randrange(len(sentences))
                picked.append(i)
                length += len(sentences[i]) + 1
            chunks.append(picked)
        made += len(chunks)
        texts = [" ".join(sentences[i] for i in chunk) for chunk in chunks]
        body = "\n\n".join(texts)
        article = Article(source_id=source_id, title=title, text=body, url=f"https://example.org/{source_id}",
                          published=published, place=place)
        passages, p_index, statements, s_index = [], [], [], []
        start = 0
        for position, (chunk, text) in enumerate(zip(chunks, texts)):
            passage = Passage(passage_id=f"{source_id}#{position}", source_id=source_id, text=text,
                              position=position, start=start, title=title, url=article.url,
                              published=published.isoformat(), place=place)
            passages.append(passage)
            p_index.append([t] + [len(titles) + i for i in chunk])
            if rng.random() < 0.5:
                j = rng.randrange(len(chunk))
                content = sentences[chunk[j]]
                offset = start + text.find(content)
                speaker = rng.choice(speakers)
                statements.append(Statement(
                    speaker=speaker, speaker_id=speaker, role=rng.choice(ROLES), cue="said",
                    content=content, content_span=(offset, offset + len(content)),
                    kind=rng.choice(["direct", "indirect"]), date=published.isoformat(), date_assumed=False,
                    place=place, source_id=source_id, passage_id=passage.passage_id,
                ))
                s_index.append(len(titles) + chunk[j])
            start += len(text) + 2
        yield article, passages, p_index, statements, s_index


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.clip(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12, None)


def build(size: int, dest: Path, pool_limit: int | None) -> dict:
    from config import Settings
    from retrieval import embeddings
    from retrieval.search import Searcher
    from retrieval.store import ArticleRows, Store

    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    titles, sentences = text_pool(pool_limit)
    cache = POOL_CACHE if pool_limit is None else POOL_CACHE.with_name(f"scale-embeddings-{pool_limit}.npy")
    pool = pool_vectors(titles + sentences, cache)
    settings = Settings(data_dir=dest, extract_statements=False)
    embedder = embeddings.shared(settings.embedding_batch_size, settings.embedding_threads)
    store = Store(settings, embedder)
    rng = random.Random(SEED + size)

    articles = list(synthetic(size, titles, sentences, rng))
    all_vectors = np.empty((size, pool.shape[1]), dtype=np.float32)
    all_ids: list[str] = []
    speakers_used: dict[str, int] = {}
    started = time.perf_counter()
    bulk_end = max(0, len(articles) - STORE_ADD_ARTICLES) if size >= 5000 else len(articles)
    batch: list = []
    rows = 0

    def flush() -> None:
        nonlocal rows
        if batch:
            store.add([ArticleRows(*rows_of_article) for rows_of_article in batch])
            rows += sum(len(p) for _, p, *_ in batch)
            batch.clear()

    store_add_s = 0.0
    store_add_passages = 0
    for n, (article, passages, p_index, statements, s_index) in enumerate(articles):
        p_vec = _unit(np.stack([pool[ix].mean(axis=0) for ix in p_index]))
        s_vec = pool[s_index] if s_index else np.empty((0, pool.shape[1]), dtype=np.float32)
        at = len(all_ids)
        all_vectors[at : at + len(passages)] = p_vec
        all_ids += [p.passage_id for p in passages]
        for s in statements:
            speakers_used[s.speaker_id] = speakers_used.get(s.speaker_id, 0) + 1
        if n < bulk_end:
            batch.append((article, passages, p_vec, statements, s_vec))
            if sum(len(b[1]) for b in batch) >= CHROMA_BATCH:
                flush()
                if rows % 20000 < CHROMA_BATCH:
                    log(f"  {rows} passages stored, {time.perf_counter() - started:.0f} s")
        else:
            flush()
            t0 = time.perf_counter()
            store.add([ArticleRows(article, passages, p_vec, statements, s_vec)])
            store_add_s += time.perf_counter() - t0
            store_add_passages += len(passages)
    flush()
    write_s = time.perf_counter() - started
    bulk_passages = size - store_add_passages

    searcher = Searcher(store, embedder, settings.data_dir / "lexical")
    t0 = time.perf_counter()
    searcher.refresh(store.catalog())
    refresh_s = time.perf_counter() - t0

    np.save(dest / "passage-vectors.npy", all_vectors)
    (dest / "passage-ids.json").write_text(json.dumps(all_ids))
    info = {
        "size": size,
        "articles": len(articles),
        "statements": sum(speakers_used.values()),
        "write_s": round(write_s, 1),
        "bulk_passages_per_s": round(bulk_passages / max(write_s - store_add_s, 1e-9), 1),
        "store_add_passages_per_s": round(store_add_passages / store_add_s, 1) if store_add_s else None,
        "store_add_articles": len(articles) - bulk_end,
        "bm25_refresh_s": round(refresh_s, 2),
        "speakers": sorted(speakers_used, key=lambda k: -speakers_used[k])[:40],
    }
    (dest / "build.json").write_text(json.dumps(info))
    return info


# ---------------------------------------------------------------------------- measuring


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
    bot.ask(questions[0])  # loads BM25 from disk (or rebuilds it) and warms every path
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
    bot.ask(questions[1])  # the first question after an ingest rebuilds BM25 over the whole store
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


def run_child(kind: str, size: int, dest: Path, args, profile: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--size", str(size), "--dest", str(dest),
           "--repeat", str(args.repeat)]
    cmd += ["--smoke"] * args.smoke + ["--profile"] * profile
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
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
        f"{d['first_answer_after_ingest_s']} s (BM25 rebuild), remove {d['remove_s']} s, spaCy load {d['spacy_load_s']} s",
        f"  build: wrote {b['size']:,} passages in {b['write_s']} s (bulk {b['bulk_passages_per_s']} passages/s"
        + (f", Store.add per article {b['store_add_passages_per_s']} passages/s over the last "
           f"{b['store_add_articles']} articles" if b.get("store_add_passages_per_s") else "")
        + f"), BM25 refresh {b['bm25_refresh_s']} s",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached stores")
    parser.add_argument("--smoke", action="store_true", help="a 300-passage store, a few seconds")
    parser.add_argument("--profile", action="store_true", help="cProfile Newsbot.ask at the largest size")
    parser.add_argument("--repeat", type=int, default=2, help="rounds over the question set")
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
            dest = tmp / f"scale-{size}" if tmp else CACHE / f"scale-{size}"
            if args.rebuild or not (dest / "build.json").exists():
                log(f"building a store of {size:,} passages in {dest} ...")
                t0 = time.perf_counter()
                info = run_child("build", size, dest, args)
                log(f"  built in {time.perf_counter() - t0:.0f} s: {json.dumps({k: v for k, v in info.items() if k != 'speakers'})}")
            log(f"measuring at {size:,} passages ...")
            result = run_child("measure", size, dest, args, profile=args.profile and size == sizes[-1])
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
