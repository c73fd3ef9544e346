"""The python-telegram-bot `Application`: the builder chain and handler table in one place."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.telegram import admin, handlers
from bot.telegram.feeds import FeedStore, poll_all
from bot.telegram.persistence import STATE_FILE, SqlitePersistence
from config import Settings
from retrieval.newsbot import Newsbot

logger = logging.getLogger(__name__)

PUBLIC_COMMANDS = [
    BotCommand("ask", "Ask a question about the news"),
    BotCommand("who", "Recent statements by a person"),
    BotCommand("help", "How to use the bot, with examples"),
    BotCommand("start", "Say hello"),
]
ADMIN_COMMANDS = PUBLIC_COMMANDS + [
    BotCommand("add", "Admin: add article URLs"),
    BotCommand("addtext", "Admin: add pasted text"),
    BotCommand("addfeed", "Admin: follow an RSS/Atom feed"),
    BotCommand("feeds", "Admin: list followed feeds"),
    BotCommand("delfeed", "Admin: stop following a feed"),
    BotCommand("sources", "Admin: list stored sources"),
    BotCommand("remove", "Admin: remove a source"),
]


async def post_init(application: Application) -> None:
    """Load the store's indexes before the first update is taken, then publish the command menu:
    public commands for all, the admin menu in admins' chats."""
    await asyncio.to_thread(application.bot_data["newsbot"].warm)
    bot = application.bot
    await bot.set_my_commands(PUBLIC_COMMANDS, scope=BotCommandScopeDefault())
    for admin_id in application.bot_data["settings"].admin_ids:
        try:
            await bot.set_my_commands(ADMIN_COMMANDS, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # e.g. the admin never started a chat with the bot
            logger.info("No admin command menu for %s: %s", admin_id, exc)


async def poll_feeds_job(context) -> None:
    settings: Settings = context.bot_data["settings"]
    await poll_all(context.bot_data["feeds"], context.bot_data["newsbot"], settings)


def file_url_for(base_url: str) -> str:
    """The file URL that goes with a Bot API base URL (".../bot" -> ".../file/bot")."""
    if base_url.endswith("/bot"):
        return base_url[: -len("/bot")] + "/file/bot"
    return base_url.rstrip("/") + "/file/bot"


def build_application(settings: Settings, newsbot: Newsbot) -> Application:
    if not settings.telegram_bot_token:
        raise ValueError("No Telegram bot token: set TELEGRAM_BOT_TOKEN")
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .rate_limiter(AIORateLimiter(max_retries=3))  # also sleeps out RetryAfter (429) and retries
        .concurrent_updates(True)
        .persistence(SqlitePersistence(settings.data_dir / STATE_FILE))
        .post_init(post_init)
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
        builder = builder.base_file_url(settings.telegram_base_file_url or file_url_for(settings.telegram_base_url))
    elif settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    application = builder.build()

    application.bot_data.update(
        settings=settings, newsbot=newsbot, feeds=FeedStore(settings.data_dir),
        turns=handlers.InTurn(settings.max_waiting_questions),
    )

    # An edited question is answered again (a typo fixed); an edited command is not run again.
    new_messages = filters.UpdateType.MESSAGE
    messages = filters.UpdateType.MESSAGES  # new and edited
    private = filters.ChatType.PRIVATE & messages
    groups = filters.ChatType.GROUPS & messages
    application.add_handler(CommandHandler("ask", handlers.ask, filters=messages))
    for name, callback in (("start", handlers.start), ("help", handlers.help_command), ("who", handlers.who)):
        application.add_handler(CommandHandler(name, callback, filters=new_messages))
    for name, callback in (
        ("add", admin.add),
        ("addtext", admin.add_text),
        ("addfeed", admin.add_feed),
        ("feeds", admin.list_feeds),
        ("delfeed", admin.remove_feed),
        ("sources", admin.sources),
        ("remove", admin.remove),
    ):
        application.add_handler(CommandHandler(name, callback, filters=new_messages))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE & filters.COMMAND, handlers.edited_command))
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, handlers.private_question))
    application.add_handler(MessageHandler(private & new_messages & filters.Document.ALL, admin.document))
    application.add_handler(MessageHandler(private & new_messages & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(private & new_messages & ~filters.TEXT & ~filters.Document.ALL, handlers.not_text))
    application.add_handler(
        MessageHandler(
            groups & filters.TEXT & ~filters.COMMAND & (handlers.MENTIONS_ME | handlers.REPLIES_TO_ME),
            handlers.group_question,
        )
    )
    application.add_handler(
        MessageHandler(
            filters.UpdateType.CHANNEL_POSTS & filters.TEXT & (handlers.MENTIONS_ME | handlers.ASK_POST),
            handlers.channel_post,
        )
    )
    application.add_error_handler(handlers.error_handler)

    interval = settings.feed_poll_minutes * 60
    application.job_queue.run_repeating(poll_feeds_job, interval=interval, first=min(interval, 30), name="feeds")
    return application


def webhook_secret(token: str) -> str:
    """A secret_token derived from the bot token, so updates can't be forged without it."""
    return hashlib.sha256(("newsbot-webhook:" + token).encode()).hexdigest()[:48]


async def start_application(application: Application, settings: Settings) -> None:
    """Start like `run_polling`/`run_webhook` do, but inside a running event loop (tests, benchmarks)."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    if settings.webhook_url:
        await application.updater.start_webhook(**_webhook_args(settings))
    else:
        await application.updater.start_polling(poll_interval=0.0, timeout=10, allowed_updates=Update.ALL_TYPES)
    await application.start()


async def stop_application(application: Application) -> None:
    if application.updater and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()


def _webhook_args(settings: Settings) -> dict:
    return dict(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlparse(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=webhook_secret(settings.telegram_bot_token.get_secret_value()),
        allowed_updates=Update.ALL_TYPES,
    )


class RedactToken(logging.Filter):
    """Replaces the bot token in every log line: the Bot API's URLs carry it (httpx logs them)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = message.replace(self.token, "<token>"), ()
        if record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s", level=settings.log_level.upper())
    if logging.getLogger().level > logging.DEBUG:
        logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per Bot API call is noise
    redact = RedactToken(settings.telegram_bot_token.get_secret_value())
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


def run(settings: Settings, newsbot: Newsbot | None = None) -> None:
    """Run the bot until interrupted: long polling, or a webhook when NEWSBOT_WEBHOOK_URL is set."""
    configure_logging(settings)
    application = build_application(settings, newsbot or Newsbot(settings))
    if settings.webhook_url:
        logger.info("Starting webhook on %s:%s for %s", settings.webhook_listen, settings.webhook_port, settings.webhook_url)
        application.run_webhook(**_webhook_args(settings))
    else:
        logger.info("Starting long polling")
        application.run_polling(allowed_updates=Update.ALL_TYPES)
