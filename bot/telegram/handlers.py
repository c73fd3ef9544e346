"""Handlers for everyone: questions in private chats, groups and channels; /start, /help, /who.

Context for follow-ups is kept per chat: the last `Answer` that found something
is stored in `chat_data["last_answer"]` and passed as `previous=` to
`Newsbot.ask`, which resolves "what else did he say?" against it.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import traceback
from collections import Counter
from collections.abc import AsyncIterator

from telegram import Message, MessageEntity, Update
from telegram.ext import ContextTypes, filters

from bot.telegram.formatting import render_answer
from bot.telegram.replies import send_chunks, send_html, typing
from bot.telegram.streaming import send_answer
from retrieval.models import Answer
from retrieval.newsbot import Newsbot

logger = logging.getLogger(__name__)

HELP = """<b>newsbot</b> answers questions about the news it has read, with numbered sources.

<b>Ask</b>
• In a private chat, just write: <i>What did the health minister say about the new vaccine?</i>
• Follow up: <i>What else did he say?</i> (the bot remembers the last answer in this chat)
• In a group: <code>@{username} what happened in Lisbon?</code>, <code>/ask who won the election?</code>, or reply to one of my messages.
• In a channel where I am an admin: mention <code>@{username}</code> in a post.
• <code>/who Oliveira</code> – that person's recent statements, dated and cited.

<b>Admins</b> (configured user ids only)
• <code>/add https://example.org/article</code> – read one or more URLs
• <code>/addfeed https://example.org/rss.xml</code> – follow an RSS/Atom feed; <code>/feeds</code>, <code>/delfeed URL</code>
• <code>/addtext</code> followed by an article, or as a reply to a message
• send a .txt, .md, .html or .jsonl file
• <code>/sources</code>, <code>/remove SOURCE_ID</code>"""

START = "Hello! Ask me anything about the news I have read and I will answer with numbered sources.\nSee /help for examples."


def newsbot_of(context: ContextTypes.DEFAULT_TYPE) -> Newsbot:
    return context.bot_data["newsbot"]


class MentionsMe(filters.MessageFilter):
    """Messages (or channel posts) that @mention this bot, by username or text mention."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
            if entity.user and entity.user.id == bot.id:
                return True
            if text.lstrip("@").lower() == (bot.username or "").lower():
                return True
        return False


class RepliesToMe(filters.MessageFilter):
    """Replies to one of this bot's messages."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == message.get_bot().id)


class AskCommandPost(filters.MessageFilter):
    """A channel post starting with /ask or /ask@thisbot (CommandHandler skips channel posts)."""

    def filter(self, message: Message) -> bool:
        first = (message.text or "").split(maxsplit=1)[0:1]
        return bool(first) and first[0].lower() in ("/ask", f"/ask@{message.get_bot().username}".lower())


MENTIONS_ME = MentionsMe()
REPLIES_TO_ME = RepliesToMe()
ASK_POST = AskCommandPost()


def strip_mention(message: Message) -> str:
    """The message text without @thisbot and without a leading /ask command."""
    text = message.text or message.caption or ""
    username = (message.get_bot().username or "").lower()
    spans = [
        (e.offset, e.offset + e.length)
        for e, t in message.parse_entities([MessageEntity.MENTION, MessageEntity.BOT_COMMAND]).items()
        if t.lstrip("@").lower() == username or (e.offset == 0 and e.type == MessageEntity.BOT_COMMAND)
    ]
    # Offsets are in UTF-16 code units.
    units = text.encode("utf-16-le")
    for start, end in sorted(spans, reverse=True):
        units = units[: 2 * start] + " ".encode("utf-16-le") + units[2 * end :]
    return " ".join(units.decode("utf-16-le").split()).strip(" ,:")


class InTurn:
    """One question at a time per asker, answered in the order they were sent.

    With concurrent updates every message gets its own task, started in update order; each
    reaches `asyncio.Lock.acquire` (which is first come, first served) without yielding, so
    a user's questions queue up in order. Nothing is refused unless someone has more than
    `limit` questions waiting, a flood guard that says so in its reply."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: Counter[int] = Counter()

    def full(self, key: int) -> bool:
        return self._waiting[key] > self.limit

    @contextlib.asynccontextmanager
    async def turn(self, key: int) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] += 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # nobody queued: forget the asker
                del self._waiting[key]
                self._locks.pop(key, None)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Ask the engine (in a worker thread) and reply with the HTML answer, split if long.

    Questions from one asker are answered one after another, in order; none is dropped."""
    message = update.effective_message
    chat_id = update.effective_chat.id
    if not question:
        await send_html(context, chat_id, "Ask me a question, e.g. <code>/ask what did the minister say?</code>", message.message_id)
        return
    user = update.effective_user
    turns: InTurn = context.bot_data["turns"]
    key = user.id if user else chat_id
    if turns.full(key):
        await send_html(context, chat_id, f"You have {turns.limit} questions waiting; send this one again once I have answered them.", message.message_id)
        return
    async with turns.turn(key):
        previous: Answer | None = context.chat_data.get("last_answer")
        answer = await send_answer(context, newsbot_of(context), chat_id, question, previous, message.message_id)
        if answer.found:
            context.chat_data["last_answer"] = answer


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_html(context, update.effective_chat.id, html.escape(START), update.effective_message.message_id)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = HELP.format(username=html.escape(context.bot.username))
    await send_html(context, update.effective_chat.id, text, update.effective_message.message_id)


async def private_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await answer_question(update, context, update.effective_message.text.strip())


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION, or /ask in reply to a message whose text is the question."""
    message = update.effective_message
    question = strip_mention(message)
    if not question and message.reply_to_message:
        question = (message.reply_to_message.text or message.reply_to_message.caption or "").strip()
    await answer_question(update, context, question)


async def group_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group message that mentions the bot or replies to it."""
    await answer_question(update, context, strip_mention(update.effective_message))


async def channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A channel post mentioning the bot (or /ask): answered in the channel."""
    await answer_question(update, context, strip_mention(update.effective_message))


async def who(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/who NAME: that person's recent statements, dated and cited."""
    chat_id = update.effective_chat.id
    name = " ".join(context.args or []).strip()
    if not name:
        await send_html(context, chat_id, "Usage: <code>/who NAME</code>, e.g. <code>/who Oliveira</code>", update.effective_message.message_id)
        return
    async with typing(context, chat_id):
        answer = await asyncio.to_thread(newsbot_of(context).statements_by, name)
    if not answer.found:  # the engine says so politely
        await send_html(context, chat_id, html.escape(answer.answer), update.effective_message.message_id)
        return
    context.chat_data["last_answer"] = answer
    await send_chunks(context, chat_id, render_answer(answer), update.effective_message.message_id)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_html(context, update.effective_chat.id, "I don't know that command. See /help.", update.effective_message.message_id)


async def edited_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Commands change things (/add, /remove): an edit must not run one twice."""
    text = "I don't run edited commands again; send the command as a new message."
    await send_html(context, update.effective_chat.id, text, update.effective_message.message_id)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice notes… in a private chat: say what the bot reads."""
    text = "I read text questions (and, from admins, .txt, .md, .html or .jsonl files). Ask me in words."
    await send_html(context, update.effective_chat.id, text, update.effective_message.message_id)


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback and tell the user something went wrong; the bot keeps running."""
    tb = "".join(traceback.format_exception(None, context.error, context.error.__traceback__))
    logger.error("Exception while handling an update:\n%s", tb)
    if isinstance(update, Update) and update.effective_chat:
        reply_to = update.effective_message.message_id if update.effective_message else None
        try:
            await send_html(context, update.effective_chat.id, "Sorry, something went wrong while handling that. Please try again.", reply_to)
        except Exception:  # noqa: BLE001 - nothing more we can do
            logger.exception("Could not send the apology")
