"""Synthetic news stores for benchmarks/scale.py, built from real corpus text.

The sentences (and titles) of seeds/wikinews-timeline/articles.jsonl are resampled
into new passages (~450-700 characters, as the splitter makes them), grouped into
articles of 2-6 passages with publication dates spread over 2004-2023, and about one
attributed `Statement` per two passages (a sentence of the passage, said by one of
~500 synthetic speakers). Everything, BM25 rows included, is written through the real
`Store.add` (the `Searcher.refresh` after it should find nothing missing).

Vectors: every distinct sentence and title is embedded once with the real model and
cached (benchmarks/.cache/scale-embeddings.npy, keyed by a hash of the texts). A
synthetic passage's vector is the normalised mean of the vectors of its title and
sentences, a statement's that of its sentence. They are realistic mixtures of model
outputs, not the model's exact output for the passage text: this keeps a 100k build
at minutes instead of the ~40+ minutes embedding 100k passages would take.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "seeds" / "wikinews-timeline" / "articles.jsonl"
CACHE = ROOT / "benchmarks" / ".cache"
POOL_CACHE = CACHE / "scale-embeddings.npy"
SEED = 20240501
CHROMA_BATCH = 2500  # rows per Chroma add while building
STORE_ADD_ARTICLES = 50  # the last articles of a build go through Store.add one by one, to time it at that size

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


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- text pool


def corpus_records() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line.strip()]


def text_pool(limit: int | None) -> tuple[list[str], list[str]]:
    """(titles, sentences): the corpus's distinct titles and sentences of 30-400 characters."""
    from retrieval.sentences import sentence_spans

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
    from retrieval.models import Article, Passage, Statement, passage_row_id

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
            bounds = list(itertools.accumulate(len(sentences[i]) + 1 for i in chunk))  # joined by one space
            spans = [(end - len(sentences[i]) - 1, end - 1) for i, end in zip(chunk, bounds)]
            passage = Passage(passage_id=passage_row_id(source_id, position), source_id=source_id, text=text,
                              position=position, start=start, sentences=spans, title=title, url=article.url,
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

    searcher = Searcher(store, embedder)
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
