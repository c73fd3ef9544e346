"""newsbot's engine: ingest articles, extract who said what, retrieve and answer with citations.

Front ends (the CLI, the Telegram bot) use `Newsbot` and the models below, nothing else.
"""

from retrieval.models import (
    Answer,
    Article,
    Citation,
    IngestReport,
    Passage,
    Source,
    SourceFailure,
    Statement,
    UsedStatement,
)
from retrieval.newsbot import Newsbot

__all__ = [
    "Answer",
    "Article",
    "Citation",
    "IngestReport",
    "Newsbot",
    "Passage",
    "Source",
    "SourceFailure",
    "Statement",
    "UsedStatement",
]
