"""newsbot's engine: ingest articles, extract who said what, retrieve and answer with citations.

Front ends (the CLI, the Telegram bot) use `Newsbot` and the models below, nothing else.
`Newsbot` (and chromadb with it) is imported on first use: `newsbot ask` starts loading the
embedding model before that import (retrieval/onnx_model.py).
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def __getattr__(name: str):
    if name == "Newsbot":
        from retrieval.newsbot import Newsbot

        return Newsbot
    raise AttributeError(name)
