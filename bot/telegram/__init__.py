"""The Telegram front end: a thin layer over `retrieval.newsbot.Newsbot`."""

from bot.telegram.app import build_application, run, start_application, stop_application

__all__ = ["build_application", "run", "start_application", "stop_application"]
