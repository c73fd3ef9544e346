"""Admin commands: they change the shared store, so only `settings.admin_ids` may use them.

Group or channel admins do *not* count: the store is shared by every chat the
bot is in, so being admin of one group must not let someone edit what all
other chats are answered from.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from pathlib import PurePosixPath

from telegram import Message, MessageEntity, Update
from telegram.ext import ContextTypes

from bot.telegram import feeds
from bot.telegram.formatting import esc, pack, plain_blocks, render_report, render_sources
from bot.telegram.handlers import newsbot_of
from bot.telegram.replies import edit_html, send_chunks, send_html, typing
from retrieval.models import IngestReport
from retrieval.newsbot import Progress
from retrieval.fetching import valid_url
from retrieval.sources import SUPPORTED_SUFFIXES

logger = logging.getLogger(__name__)

REFUSAL = "Sorry, only the bot's administrators can change its sources."
MAX_DOWNLOAD = 20 * 1024 * 1024  # the Bot API's getFile limit

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def admin_only(func: Handler) -> Handler:
    @functools.wraps(func)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if user is None or user.id not in context.bot_data["settings"].admin_ids:
            logger.info("Refused %s for user %s", func.__name__, user.id if user else None)
            await send_html(context, update.effective_chat.id, REFUSAL, update.effective_message.message_id)
            return
        await func(update, context)

    return wrapper


def bad_url(text: str) -> str:
    """Why `text` is not an http(s) URL, or "" if it is one."""
    return "" if valid_url(text) else "not a valid http:// or https:// URL"


def command_rest(message: Message) -> str:
    """The message text after its leading /command, newlines kept."""
    text = message.text or message.caption or ""
    for entity in message.entities or message.caption_entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return text.encode("utf-16-le")[2 * entity.length :].decode("utf-16-le").strip()
    return text.strip()


async def run_with_progress(
    context: ContextTypes.DEFAULT_TYPE, message: Message, what: str, work: Callable[[Progress], IngestReport]
) -> None:
    """Run `work(progress)` in a thread, editing a progress message as sources finish, then report."""
    chat_id = message.chat_id
    status = await send_html(context, chat_id, f"{esc(what)}…", message.message_id)
    progress: dict = {}

    def on_progress(done: int, label: str) -> None:  # called from the worker thread
        progress["latest"] = (done, label)

    async def ticker() -> None:
        shown = None
        while True:
            await asyncio.sleep(1.0)
            latest = progress.get("latest")
            if latest and latest != shown:
                shown = latest
                done, label = latest
                await edit_html(status, f"{esc(what)}… {done} read: {esc(label)[:300]}")

    task = asyncio.create_task(ticker())
    try:
        async with typing(context, chat_id):
            report = await asyncio.to_thread(work, on_progress)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    chunks = render_report(report, what)
    await edit_html(status, chunks[0])
    await send_chunks(context, chat_id, chunks[1:])


@admin_only
async def add(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/add URL [URL...]"""
    message = update.effective_message
    urls = context.args or []
    if not urls:
        await send_html(context, message.chat_id, "Usage: <code>/add URL [URL…]</code>", message.message_id)
        return
    bad = [(u, bad_url(u)) for u in urls if bad_url(u)]
    if bad:
        lines = [f"Nothing added: {esc(u)} is {why}." for u, why in bad]
        await send_chunks(context, message.chat_id, pack(lines), message.message_id)
        return
    await run_with_progress(context, message, f"Adding {len(urls)} URL(s)", lambda progress: newsbot_of(context).ingest_urls(urls, progress))


@admin_only
async def add_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/addtext TEXT, or /addtext in reply to a message holding the article."""
    message = update.effective_message
    text = command_rest(message)
    if not text and message.reply_to_message:
        text = (message.reply_to_message.text or message.reply_to_message.caption or "").strip()
    if not text:
        await send_html(context, message.chat_id, "Usage: <code>/addtext</code> followed by the article, or as a reply to it.", message.message_id)
        return
    await run_with_progress(context, message, "Adding text", lambda _: newsbot_of(context).ingest_text(text))


@admin_only
async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A .txt/.md/.html/.jsonl file: downloaded with getFile and ingested."""
    message = update.effective_message
    doc = message.document
    name = doc.file_name or "upload.txt"
    suffix = PurePosixPath(name.lower()).suffix
    if suffix not in SUPPORTED_SUFFIXES:
        await send_html(context, message.chat_id, f"I can read {', '.join(sorted(SUPPORTED_SUFFIXES))} files, not {esc(name)}.", message.message_id)
        return
    if (doc.file_size or 0) > MAX_DOWNLOAD:
        await send_html(context, message.chat_id, f"{esc(name)} is too large (max 20 MB).", message.message_id)
        return
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    await run_with_progress(context, message, f"Adding {name}", lambda _: newsbot_of(context).ingest_bytes(data, name))


@admin_only
async def add_feed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/addfeed URL: follow an RSS/Atom feed; its current items are ingested now."""
    message = update.effective_message
    url = (context.args or [""])[0]
    why = bad_url(url) if url else "missing"
    if why:
        await send_html(context, message.chat_id, f"Usage: <code>/addfeed URL</code> (the URL is {esc(why)}).", message.message_id)
        return
    store: feeds.FeedStore = context.bot_data["feeds"]
    settings = context.bot_data["settings"]
    async with store.lock:
        if url in store.feeds:
            await send_html(context, message.chat_id, f"Already following {esc(url)}.", message.message_id)
            return
        try:
            parsed = (await feeds.fetch_feed(url, settings)).parsed
        except feeds.FeedError as exc:
            await send_html(context, message.chat_id, f"Not added: {esc(exc)}", message.message_id)
            return
        title = parsed.feed.get("title", "") or url
        store.add(url, title, update.effective_user.id)
        status = await send_html(context, message.chat_id, f"Following <b>{esc(title)}</b>; reading its {len(parsed.entries)} items…", message.message_id)
        async with typing(context, message.chat_id):
            result = await feeds.poll_feed(store, newsbot_of(context), url, settings)
    lines = [f"Following <b>{esc(title)}</b>: {result.ingested} of {result.new_items} items ingested; "
             f"polled every {settings.feed_poll_minutes:g} min."]
    if result.error:
        lines += plain_blocks(f"Error: {result.error}")
    for failure in result.failed:
        lines += plain_blocks(f"• failed: {failure}")
    chunks = pack(lines)
    await edit_html(status, chunks[0])
    await send_chunks(context, message.chat_id, chunks[1:])


@admin_only
async def list_feeds(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    store: feeds.FeedStore = context.bot_data["feeds"]
    if not store.feeds:
        await send_html(context, update.effective_chat.id, "No feeds yet. Add one with <code>/addfeed URL</code>.", update.effective_message.message_id)
        return
    lines = [f"<b>{len(store.feeds)} feeds</b>"]
    for url, feed in store.feeds.items():
        line = f'• <a href="{esc(url)}">{esc(feed.get("title") or url)}</a> – {len(feed["seen"])} items seen'
        if feed.get("last_polled"):
            line += f", last polled {esc(feed['last_polled'])}"
        if feed.get("last_error"):
            line += f", last error: {esc(feed['last_error'])}"
        lines.append(line)
    await send_chunks(context, update.effective_chat.id, pack(lines), update.effective_message.message_id)


@admin_only
async def remove_feed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    store: feeds.FeedStore = context.bot_data["feeds"]
    url = (context.args or [""])[0]
    async with store.lock:
        removed = store.remove(url)
    text = f"Stopped following {esc(url)}." if removed else f"I am not following {esc(url or 'that')}. See /feeds."
    await send_html(context, update.effective_chat.id, text, update.effective_message.message_id)


@admin_only
async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    listed = await asyncio.to_thread(newsbot_of(context).sources)
    await send_chunks(context, update.effective_chat.id, render_sources(listed), update.effective_message.message_id)


@admin_only
async def remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/remove SOURCE_ID"""
    chat_id, reply_to = update.effective_chat.id, update.effective_message.message_id
    if not context.args:
        await send_html(context, chat_id, "Usage: <code>/remove SOURCE_ID</code> (see /sources).", reply_to)
        return
    source_id = context.args[0]
    removed = await asyncio.to_thread(newsbot_of(context).remove, source_id)
    text = f"Removed <code>{esc(source_id)}</code>." if removed else f"No source <code>{esc(source_id)}</code>. See /sources."
    await send_html(context, chat_id, text, reply_to)

