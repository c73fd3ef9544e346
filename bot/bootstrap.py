"""What `make run` does after installing: seed an empty store, then start the bot or a terminal chat."""

from __future__ import annotations

import sys
from pathlib import Path

from bot import cli
from config import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> int:
    settings = Settings()
    if not settings.data_dir.exists() or not _has_sources(settings):
        print(f"First run: adding the bundled articles in {SEEDS} to {settings.data_dir} …", file=sys.stderr)
        cli.main(["ingest", str(SEEDS)])
    if settings.telegram_bot_token:
        return cli.main(["run"])
    print(
        "No TELEGRAM_BOT_TOKEN set, so here is a terminal chat instead.\n"
        "To run the Telegram bot, put TELEGRAM_BOT_TOKEN=<token from @BotFather> in .env and `make run` again.",
        file=sys.stderr,
    )
    return cli.main(["chat"])


def _has_sources(settings: Settings) -> bool:
    from retrieval import embeddings
    from retrieval.store import Store

    return bool(Store(settings, embeddings.shared()).sources.count())


if __name__ == "__main__":
    sys.exit(main())
