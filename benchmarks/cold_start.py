"""Cold start: a fresh `newsbot ask` process, timed whole (as /usr/bin/time does), beside a warm ask.

Builds a store of the bundled articles once (cached in benchmarks/.cache/cold-start/),
then runs `python -m bot.cli ask QUESTION` in new processes, one after another, and
prints the wall time of each whole process (interpreter start, imports, model and
store loading, the answer, exit) with its peak memory, beside `Newsbot.ask` in one
warm process — so nobody reads the warm figure as the command line's.

    .venv/bin/python benchmarks/cold_start.py            # 10 fresh processes
    .venv/bin/python benchmarks/cold_start.py --runs 20
    .venv/bin/python benchmarks/cold_start.py --smoke    # 2 processes over a one-article store
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "What did Peskov say about Istanbul?",
    "Who criticised the merger?",
    "What did the chief executive say?",
]


def build_store(data_dir: Path, smoke: bool) -> None:
    if (data_dir / "built").exists():
        return
    shutil.rmtree(data_dir, ignore_errors=True)
    targets = [ROOT / "tests" / "data" / "seed.txt"]
    if not smoke:
        targets.append(ROOT / "seeds" / "wikinews-timeline" / "articles.jsonl")
    run(data_dir, "ingest", *map(str, targets))
    (data_dir / "built").write_text("")


def run(data_dir: Path, *args: str) -> tuple[float, int]:
    """Wall seconds of one whole `python -m bot.cli` process, and the peak RSS (MB) of it."""
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(data_dir)}
    # As on a user's machine, the first run writes bytecode caches that later runs read (a
    # sandbox may set this variable, which makes every run compile the project's modules).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env,
                                 stdout=subprocess.DEVNULL, stderr=err, text=True)
        # This child's own peak (wait4), not RUSAGE_CHILDREN's largest child so far: that would be
        # the ingest that built the store.
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        if child.returncode:
            err.seek(0)
            raise SystemExit(f"`newsbot {' '.join(args)}` failed:\n{err.read()[-2000:]}")
    return wall, usage.ru_maxrss // 1024  # KB on Linux


def warm_asks(data_dir: Path, n: int) -> list[float]:
    from config import Settings
    from retrieval import Newsbot

    bot = Newsbot(Settings(_env_file=None, data_dir=data_dir))
    bot.ask(QUESTIONS[0])
    out = []
    for i in range(n):
        started = time.perf_counter()
        bot.ask(QUESTIONS[i % len(QUESTIONS)])
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="newsbot-cold-")) if args.smoke else None
    data_dir = (tmp or ROOT / "benchmarks" / ".cache") / "cold-start"
    runs = 2 if args.smoke else args.runs
    try:
        build_store(data_dir, args.smoke)
        run(data_dir, "ask", QUESTIONS[0])  # the first run after a code change also writes bytecode caches
        walls, peaks = [], []
        for i in range(runs):
            wall, peak = run(data_dir, "ask", QUESTIONS[i % len(QUESTIONS)])
            walls.append(wall)
            peaks.append(peak)
        warm = warm_asks(data_dir, 10 if not args.smoke else 3)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    ms = sorted(w * 1000 for w in walls)
    print(f"fresh `newsbot ask` process (whole, {runs} runs)   p50 {statistics.median(ms):6.0f} ms"
          f"   min {ms[0]:6.0f} ms   max {ms[-1]:6.0f} ms   peak RSS {max(peaks)} MB")
    print(f"warm Newsbot.ask in one process ({len(warm)} asks)     p50 {statistics.median(warm) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
