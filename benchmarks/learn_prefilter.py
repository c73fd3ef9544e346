"""Learn which cue words need not send a sentence to the parser: those the extractor finds nothing with.

The extractor parses only units (sentences) that hold a quote mark or a cue word
(`retrieval.attribution.quotes.needs_parse`), and parsing is most of the cost of an ingest. Its cue
words are many, and some are mostly other words: "campaign" and "state" are nouns far more often
than cues. Method: every unit of the PolNeAR *train* articles that the prefilter sends to the
parser on cue words alone (no quote mark, no "statement that", no "Source: …" headline) is counted
once for each cue word in it, and counted as cued when a statement the extractor finds there has
that word in its cue. A word seen in at least MIN_UNITS such units and cued in at most MAX_RATE of
them and MAX_CUED in all is written as idle: a unit whose cue words are all idle is not parsed.
(Counting any statement in the unit instead says little: four in ten such units hold one, by
another cue word.) The file
holds the words and their two counts, no text of the corpus. Dev and test are never read here; the
figures of `benchmarks/attribution_eval.py --polnear dev` before and after judge the result.

    NEWSBOT_POLNEAR_DIR=/path/to/polnear .venv/bin/python benchmarks/learn_prefilter.py [--limit N]

writes retrieval/attribution/data/idle_cues.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.polnear import _scorer, polnear_dir  # noqa: E402
from retrieval.attribution import StatementExtractor  # noqa: E402
from retrieval.attribution.quotes import IDLE_CUES_PATH, cue_words, parsed_for_cues_only  # noqa: E402

MIN_UNITS = 20  # fewer and the rate says little
MAX_RATE = 0.02  # cued in at most one unit in fifty …
MAX_CUED = 2  # … and in at most two units of all of train: a word's cost is bounded in statements too


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N train articles")
    args = ap.parse_args()
    sa = _scorer()
    data_dir = sa.find_data_dir(polnear_dir(), "train")
    names = list(dict.fromkeys(name for name, _, _ in sa.load_articles(data_dir, "train")))[: args.limit]
    ex = StatementExtractor(idle_cues=frozenset())  # as the prefilter was before any word was idle
    units: Counter = Counter()
    cued: Counter = Counter()
    for n, name in enumerate(names, 1):
        text = (data_dir / "train" / "text" / f"{name}.txt").read_bytes().decode("utf-8")
        cues = [(s.cue_span[0], text[slice(*s.cue_span)].lower()) for s in ex.extract(text) if s.cue_span]
        for a, b in ex.units_of(text):
            unit = text[a:b]
            if not parsed_for_cues_only(unit):
                continue
            for word in cue_words(unit):
                units[word] += 1
                cued[word] += any(word in cue for at, cue in cues if a <= at < b)
        if n % 50 == 0:
            print(f"{n}/{len(names)} articles", file=sys.stderr)
    idle = {w: [units[w], cued[w]] for w in sorted(units) if units[w] >= MIN_UNITS and cued[w] <= min(MAX_CUED, MAX_RATE * units[w])}
    IDLE_CUES_PATH.write_text(json.dumps({
        "source": f"PolNeAR train, {len(names)} articles: per cue word, [units parsed for cue words alone "
                  "that hold it, of them units where a statement found has it in its cue]",
        "min_units": MIN_UNITS, "max_rate": MAX_RATE, "max_cued": MAX_CUED, "idle": idle,
    }, indent=1) + "\n")
    print(f"{len(idle)} idle cue words of {len(units)} seen; wrote {IDLE_CUES_PATH.relative_to(ROOT)}")
    print(", ".join(f"{w} {u}/{h}" for w, (u, h) in sorted(idle.items(), key=lambda kv: -kv[1][0])[:40]))


if __name__ == "__main__":
    main()
