"""Per-chat state that survives a restart: python-telegram-bot persistence backed by SQLite.

Only `chat_data` is kept (the last answer, for follow-ups like "what else did he say?").
It is stored as JSON, not pickled, so a newer version of the bot can still read it; a row
it cannot read is dropped with a warning rather than stopping the bot. Feeds and their
seen items live in `FeedStore` beside it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from telegram.ext import BasePersistence, PersistenceInput

from retrieval.models import Answer

logger = logging.getLogger(__name__)

STATE_FILE = "telegram_state.sqlite3"
# chat_data keys holding engine models, and the model each is rebuilt as.
MODELS = {"last_answer": Answer}


def encode(chat_data: dict) -> str:
    return json.dumps({k: v.model_dump(mode="json") if k in MODELS else v for k, v in chat_data.items()})


def decode(text: str) -> dict:
    data = json.loads(text)
    return {k: MODELS[k].model_validate(v) if k in MODELS else v for k, v in data.items()}


class SqlitePersistence(BasePersistence[dict, dict, dict]):
    """chat_data in one SQLite table, written at most `update_interval` seconds after it changes."""

    def __init__(self, path: Path, update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=False, callback_data=False),
            update_interval=update_interval,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS chat_data (chat_id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
        self._lock = threading.Lock()

    async def get_chat_data(self) -> dict[int, dict]:
        chats: dict[int, dict] = {}
        with self._lock:
            rows = self._db.execute("SELECT chat_id, data FROM chat_data").fetchall()
        for chat_id, text in rows:
            try:
                chats[chat_id] = decode(text)
            except (ValueError, ValidationError) as exc:
                logger.warning("Forgetting unreadable context of chat %s: %s", chat_id, exc)
        return chats

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO chat_data (chat_id, data) VALUES (?, ?) "
                "ON CONFLICT(chat_id) DO UPDATE SET data = excluded.data",
                (chat_id, encode(data)),
            )

    async def drop_chat_data(self, chat_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM chat_data WHERE chat_id = ?", (chat_id,))

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        pass  # this process is the only writer

    async def flush(self) -> None:
        with self._lock:
            self._db.close()

    # What is not persisted: bot_data holds live objects (the engine, settings), user data and
    # conversations are not used.
    async def get_bot_data(self) -> dict:
        return {}

    async def get_user_data(self) -> dict[int, dict]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> dict:
        return {}

    async def update_bot_data(self, data: dict) -> None:
        pass

    async def update_user_data(self, user_id: int, data: dict) -> None:
        pass

    async def update_callback_data(self, data: Any) -> None:
        pass

    async def update_conversation(self, name: str, key: tuple, new_state: object | None) -> None:
        pass

    async def refresh_bot_data(self, bot_data: dict) -> None:
        pass

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        pass

    async def drop_user_data(self, user_id: int) -> None:
        pass
