"""Reply latency of the Telegram front end versus the engine alone.

Asks the questions of benchmarks/data/questions-dev.jsonl (over the Wikinews
articles they are about) twice: through the bot — a user message posted to the
Bot API emulator (tests/botapi, a separate process on 127.0.0.1), long polling,
handler, `Newsbot.ask` in a thread, HTML rendering, sendMessage — and through
`Newsbot.ask` directly.  Prints p50/p95 of both and what the bot adds.

    .venv/bin/python benchmarks/bot_latency.py           # 20 questions
    .venv/bin/python benchmarks/bot_latency.py --smoke   # 2 questions, a few seconds
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bot.telegram import build_application, start_application, stop_application  # noqa: E402
from config import Settings  # noqa: E402
from retrieval.newsbot import Newsbot  # noqa: E402

CORPUS = ROOT / "seeds" / "wikinews-timeline" / "articles.jsonl"
QUESTIONS = ROOT / "benchmarks" / "data" / "questions-dev.jsonl"
TOKEN = "424242:BENCH-token"
USER = 1001


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def load(smoke: bool) -> tuple[list[str], bytes]:
    questions = [json.loads(line) for line in QUESTIONS.read_text("utf-8").splitlines() if line.strip()]
    if smoke:
        questions = questions[:2]
    wanted = {d for q in questions for d in q.get("doc_ids", [])}
    articles = [line for line in CORPUS.read_text("utf-8").splitlines() if line.strip() and json.loads(line)["id"] in wanted]
    return [q["q"] for q in questions], "\n".join(articles).encode("utf-8")


def emulator_settings(data_dir: Path, url: str) -> Settings:
    """A bot reaching the emulator at `url`, its store in `data_dir`, feeds not polled."""
    return Settings(
        _env_file=None, data_dir=data_dir, telegram_bot_token=TOKEN, telegram_base_url=url + "/bot",
        telegram_base_file_url=url + "/file/bot", feed_poll_minutes=60,
    )


def start_emulator() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.botapi", "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("LISTENING"):
        proc.kill()
        raise SystemExit(f"emulator did not start: {line!r}")
    return proc, f"http://127.0.0.1:{int(line.split()[1])}"


async def ask_bot(http: httpx.AsyncClient, question: str) -> float:
    started = time.perf_counter()
    sent = (await http.post("/_test/send", json={"chat_id": USER, "text": question, "from": {"id": USER, "first_name": "Bench"}})).json()
    message_id = sent["message"]["message_id"]
    params = {"chat_id": USER, "after": message_id, "reply_to": message_id, "timeout": 60}
    messages = (await http.get("/_test/sent", params=params)).json()["messages"]
    elapsed = time.perf_counter() - started
    if not any(m["reply_to_message_id"] == message_id for m in messages):
        raise RuntimeError(f"no reply to {question!r}")
    return elapsed


async def main(smoke: bool) -> None:
    questions, articles = load(smoke)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_emulator()
        try:
            settings = emulator_settings(Path(tmp), url)
            newsbot = Newsbot(settings)
            t = time.perf_counter()
            report = newsbot.ingest_bytes(articles, "wikinews.jsonl")
            print(f"ingested {report.summary()} in {time.perf_counter() - t:.1f} s")
            application = build_application(settings, newsbot)
            await start_application(application, settings)
            direct: list[float] = []
            via_bot: list[float] = []
            async with httpx.AsyncClient(base_url=url, timeout=90) as http:
                newsbot.ask(questions[0])  # warm-up, both paths
                await ask_bot(http, questions[0])
                for question in questions:  # interleaved, so caches and load affect both alike
                    t = time.perf_counter()
                    await asyncio.to_thread(newsbot.ask, question)
                    direct.append(time.perf_counter() - t)
                    via_bot.append(await ask_bot(http, question))
            await stop_application(application)
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    def row(name: str, values: list[float]) -> str:
        return f"{name:<16} p50 {1000 * percentile(values, 50):8.1f} ms   p95 {1000 * percentile(values, 95):8.1f} ms"

    print(f"{len(questions)} questions")
    print(row("Newsbot.ask", direct))
    print(row("via Telegram", via_bot))
    overhead = [b - d for b, d in zip(via_bot, direct)]
    added50 = 1000 * (percentile(via_bot, 50) - percentile(direct, 50))
    print(f"bot adds         p50 {added50:8.1f} ms   (median per-question difference "
          f"{1000 * statistics.median(overhead):.1f} ms; target < 100 ms: {'OK' if added50 < 100 else 'MISSED'})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="2 questions, for a quick check")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    asyncio.run(main(args.smoke))
