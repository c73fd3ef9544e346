"""Load: many users asking at once through the Telegram front end.

50 simulated users in private chats each send 4 questions (those of
benchmarks/data/questions-dev.jsonl, over the Wikinews articles they are about) to
the Bot API emulator (tests/botapi, its own process on 127.0.0.1), all at once, from
a process of their own (as real users are not inside the bot's process; with them in
it, their HTTP calls took about a quarter of the bot's event loop):
each user's questions a few hundred milliseconds apart, without waiting for the
replies. The bot (long polling, one engine) answers them; a question counts as
answered when its reply arrives, as dropped when none comes within --deadline
seconds or the reply asks to resend. Latency is from sending to the reply.

    .venv/bin/python benchmarks/load.py                  # 50 users x 4 questions
    .venv/bin/python benchmarks/load.py --users 10 --per-user 2
    .venv/bin/python benchmarks/load.py --smoke          # 3 users x 2 questions
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from bot_latency import emulator_settings, load, percentile, start_emulator  # noqa: E402

from bot.telegram import build_application, start_application, stop_application  # noqa: E402
from retrieval.newsbot import Newsbot  # noqa: E402

FIRST_USER = 5000
RESEND = "send this one again"  # the bot's reply to someone with too many questions waiting


async def user(http: httpx.AsyncClient, user_id: int, questions: list[str], deadline: float, rng: random.Random) -> list:
    """Send this user's questions a little apart, then wait for each reply: [(seconds or None), ...]."""
    sent = []
    for question in questions:
        await asyncio.sleep(rng.uniform(0.0, 0.5))
        started = time.perf_counter()
        body = {"chat_id": user_id, "text": question, "from": {"id": user_id, "first_name": f"U{user_id}"}}
        message = (await http.post("/_test/send", json=body)).json()["message"]
        sent.append((message["message_id"], started))
    out = []
    for message_id, started in sent:
        left = max(deadline - (time.perf_counter() - started), 0.1)
        params = {"chat_id": user_id, "after": message_id, "reply_to": message_id, "timeout": left}
        try:
            replies = (await http.get("/_test/sent", params=params, timeout=left + 5)).json()["messages"]
        except httpx.TimeoutException:
            replies = []
        reply = next((m for m in replies if m.get("reply_to_message_id") == message_id), None)
        answered = reply is not None and RESEND not in reply.get("text", "").lower()
        out.append(time.perf_counter() - started if answered else None)
    return out


def simulate_users(url: str, asked: list[list[str]], deadline: float, seed: float) -> tuple[list, float]:
    """Run in a process of its own: every user at once; their latencies and the wall time."""

    async def run() -> tuple[list, float]:
        rng = random.Random(seed)
        async with httpx.AsyncClient(base_url=url, timeout=deadline + 10) as http:
            started = time.perf_counter()
            results = await asyncio.gather(*(
                user(http, FIRST_USER + u, questions, deadline, random.Random(rng.random()))
                for u, questions in enumerate(asked)
            ))
            return results, time.perf_counter() - started

    return asyncio.run(run())


async def main(users: int, per_user: int, deadline: float) -> None:
    questions, articles = load(smoke=False)
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_emulator()
        try:
            settings = emulator_settings(Path(tmp), url)
            newsbot = Newsbot(settings)
            report = newsbot.ingest_bytes(articles, "wikinews.jsonl")
            print(f"store: {report.summary()}")
            newsbot.ask(questions[0])  # the engine is warm, as a running bot's is
            application = build_application(settings, newsbot)
            await start_application(application, settings)
            asked = [[questions[(u * per_user + i) % len(questions)] for i in range(per_user)] for u in range(users)]
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                results, wall = await asyncio.get_running_loop().run_in_executor(
                    pool, simulate_users, url, asked, deadline, rng.random()
                )
            await stop_application(application)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    latencies = [s for found in results for s in found if s is not None]
    total = users * per_user
    print(f"{total} questions from {users} users in {wall:.1f} s ({total / wall:.1f} questions/s)")
    print(f"answered {len(latencies)}   dropped {total - len(latencies)}")
    if latencies:
        print(f"latency p50 {percentile(latencies, 50):.2f} s   p99 {percentile(latencies, 99):.2f} s"
              f"   max {max(latencies):.2f} s   (aim: none dropped, p99 < 10 s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--per-user", type=int, default=4)
    parser.add_argument("--deadline", type=float, default=60.0, help="seconds a reply may take before it counts as dropped")
    parser.add_argument("--smoke", action="store_true", help="3 users x 2 questions")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.smoke:
        args.users, args.per_user = 3, 2
    asyncio.run(main(args.users, args.per_user, args.deadline))
