"""The benchmarks are not tests, but a tiny run of each keeps them from rotting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.openai_server import Script, openai_server

ROOT = Path(__file__).resolve().parent.parent


def run_benchmark(name: str, *args: str, env: dict | None = None) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_qa_eval_smoke_prints_pass_rates_beside_the_baseline():
    out = run_benchmark("qa_eval.py", "--smoke")
    assert "dev: newsbot 3/3" in out and "baseline" in out and "citation quotes verbatim" in out


def test_qa_eval_llm_smoke_reports_the_drop_rate_beside_pass_rates():
    # One reply for every question: a sentence the check passes, and one citing a source that isn't there.
    script = Script(["The article reports this [1]. It was confirmed by the ministry [7]."])
    with openai_server(script) as url:
        env = {**os.environ, "NEWSBOT_LLM": "openai:newsbot-test", "NEWSBOT_LLM_BASE_URL": url}
        out = run_benchmark("qa_eval.py", "--smoke", "--llm", env=env)
    assert script.requests  # the questions went to the model
    assert "dev: newsbot" in out
    assert "composer: llm 2/2 answers asked of the LLM" in out
    assert "check drop rate: 2/4 = 50% of the LLM's sentences" in out


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


def test_cold_start_smoke_times_whole_processes_beside_a_warm_ask():
    out = run_benchmark("cold_start.py", "--smoke")
    assert "fresh `newsbot ask` process (whole" in out and "warm Newsbot.ask" in out


def test_load_smoke_answers_every_question():
    out = run_benchmark("load.py", "--smoke")
    assert "answered 6   dropped 0" in out and "p99" in out
