"""Sending: HTML with a plain-text fallback, replies to the asking message, typing."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.telegram.formatting import html_to_text

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def _cant_parse(exc: BadRequest) -> bool:
    return "can't parse entities" in exc.message.lower() or "can't find end tag" in exc.message.lower()


async def send_html(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, html: str, reply_to: int | None = None
) -> Message:
    """Send one HTML chunk; if Telegram cannot parse it, send the same words as plain text."""
    reply = ReplyParameters(message_id=reply_to, allow_sending_without_reply=True) if reply_to else None
    try:
        return await context.bot.send_message(
            chat_id, html, parse_mode=ParseMode.HTML, reply_parameters=reply, link_preview_options=NO_PREVIEW
        )
    except BadRequest as exc:
        if not _cant_parse(exc):
            raise
        logger.warning("Telegram could not parse our HTML (%s); sending plain text", exc.message)
        return await context.bot.send_message(
            chat_id, html_to_text(html), reply_parameters=reply, link_preview_options=NO_PREVIEW
        )


async def send_chunks(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, chunks: list[str], reply_to: int | None = None
) -> list[Message]:
    """Send chunks in order; only the first one replies to the asking message."""
    sent = []
    for i, chunk in enumerate(chunks):
        sent.append(await send_html(context, chat_id, chunk, reply_to if i == 0 else None))
    return sent


async def edit_html(message: Message, html: str) -> None:
    """Edit a progress message, ignoring "not modified" and falling back to plain text."""
    try:
        await message.edit_text(html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return
        if not _cant_parse(exc):
            raise
        await message.edit_text(html_to_text(html), link_preview_options=NO_PREVIEW)


@contextlib.asynccontextmanager
async def typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int, after: float = 1.0, every: float = 4.5):
    """Show "typing…" once the block has run `after` seconds, renewed every few seconds (it lasts 5 s).

    A quick answer needs none, and in a burst of questions each action would take a slot of
    the 30-a-second limit that the replies themselves need (AIORateLimiter counts every call
    to a chat). An action under way when the block exits finishes first, so a late "typing"
    never follows the reply.
    """
    idle = asyncio.Event()  # no action under way
    idle.set()

    async def keep_typing() -> None:
        await asyncio.sleep(after)
        while True:
            idle.clear()
            try:
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as exc:  # cosmetic: never fail a reply over it
                logger.debug("send_chat_action failed: %s", exc)
            finally:
                idle.set()
            await asyncio.sleep(every)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        if not idle.is_set():  # checked and cancelled without yielding: no action can start in between
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(idle.wait(), timeout=5)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
