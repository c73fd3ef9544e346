"""Sending an answer, streamed when an LLM writes it.

With an LLM set, `Newsbot.ask_stream` yields drafts (only sentences that passed the
citation check) and then the checked Answer. One message shows them: sent with the
first draft, then edited at most once per `EDIT_INTERVAL_S` (Telegram allows about one
edit a second in a private chat, and some 20 messages a minute in a group), and
finally edited to the checked answer with its sources. Without an LLM the answer is
sent whole, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from telegram import Message
from telegram.ext import ContextTypes

from bot.telegram.formatting import esc, render_answer
from bot.telegram.replies import edit_html, send_chunks, send_html, typing
from retrieval.models import Answer
from retrieval.newsbot import Newsbot

EDIT_INTERVAL_S = 1.0  # private chats
GROUP_EDIT_INTERVAL_S = 3.0  # groups and channels (negative chat ids): 20 a minute
DRAFT_MARK = " <i>…</i>"  # a draft is still being written (and checked)
DRAFT_CHARS = 3500  # a draft is a few sentences; this only keeps a runaway one within one message


async def send_answer(
    context: ContextTypes.DEFAULT_TYPE, newsbot: Newsbot, chat_id: int, question: str,
    previous: Answer | None, reply_to: int | None,
) -> Answer:
    """Answer `question` in `chat_id` (replying to `reply_to`) and return the Answer sent."""
    if not newsbot.streams:
        async with typing(context, chat_id):
            answer = await asyncio.to_thread(newsbot.ask, question, previous)
        await send_chunks(context, chat_id, render_answer(answer), reply_to)
        return answer
    interval = EDIT_INTERVAL_S if chat_id > 0 else GROUP_EDIT_INTERVAL_S
    items: asyncio.Queue[str | Answer | BaseException] = asyncio.Queue()
    worker = asyncio.create_task(asyncio.to_thread(_produce, newsbot, question, previous, items, asyncio.get_running_loop()))
    message: Message | None = None
    last_edit = 0.0
    async with typing(context, chat_id):
        while not isinstance(item := await _latest(items, message, last_edit, interval), Answer):
            if isinstance(item, BaseException):
                raise item
            await asyncio.sleep(max(0.0, last_edit + interval - time.monotonic()))
            if message is None:
                message = await send_html(context, chat_id, esc(item[:DRAFT_CHARS]) + DRAFT_MARK, reply_to)
            else:
                await edit_html(message, esc(item[:DRAFT_CHARS]) + DRAFT_MARK)
            last_edit = time.monotonic()
    await worker
    chunks = render_answer(item)
    if message is None:
        await send_chunks(context, chat_id, chunks, reply_to)
        return item
    await asyncio.sleep(max(0.0, last_edit + interval - time.monotonic()))
    await edit_html(message, chunks[0])
    await send_chunks(context, chat_id, chunks[1:])
    return item


def _produce(newsbot: Newsbot, question: str, previous: Answer | None, items: asyncio.Queue, loop) -> None:
    """Runs in a worker thread: hands each draft and the final Answer to the event loop."""
    try:
        for item in newsbot.ask_stream(question, previous):
            loop.call_soon_threadsafe(items.put_nowait, item)
    except BaseException as error:  # re-raised in the handler, whose error handler apologises
        loop.call_soon_threadsafe(items.put_nowait, error)


async def _latest(items: asyncio.Queue, message: Message | None, last_edit: float, interval: float):
    """The next thing to show: the final Answer as soon as it comes, else the newest draft,
    skipping drafts that were overtaken while waiting for the next allowed edit."""
    item = await items.get()
    if message is not None and not isinstance(item, (Answer, BaseException)):
        wait = last_edit + interval - time.monotonic()
        with contextlib.suppress(asyncio.TimeoutError):
            while wait > 0 and not isinstance(item, (Answer, BaseException)):
                item = await asyncio.wait_for(items.get(), timeout=wait)
                wait = last_edit + interval - time.monotonic()
    while not items.empty() and not isinstance(item, (Answer, BaseException)):
        item = items.get_nowait()
    return item
