"""The benchmarks are not tests, but a tiny run of each keeps them from rotting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_benchmark(name: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_qa_eval_smoke_prints_pass_rates_beside_the_baseline():
    out = run_benchmark("qa_eval.py", "--smoke")
    assert "dev: newsbot 3/3" in out and "baseline" in out and "citation quotes verbatim" in out


def test_attribution_eval_smoke_prints_f1_and_accuracies():
    out = run_benchmark("attribution_eval.py", "--smoke")
    assert "content F1 overlap" in out and "speaker accuracy" in out


def test_ingest_benchmark_smoke_prints_throughputs():
    out = run_benchmark("ingest.py", "--smoke")
    assert "passages/s" in out


def test_bot_latency_smoke_prints_percentiles():
    out = run_benchmark("bot_latency.py", "--smoke")
    assert "p50" in out


def test_scale_smoke_prints_the_documented_json():
    payload = json.loads(run_benchmark("scale.py", "--smoke", "--json"))
    [figures] = payload["sizes"].values()
    assert set(figures) >= {
        "answer_p50_ms", "answer_p95_ms", "floor_p50_ms", "filtered_p50_ms", "ingest_per_s", "embed_only_per_s", "rss_mb",
    }
