"""What `make run` does after installing: seed the store once, then start the bot or a terminal chat."""

from __future__ import annotations

import sys
from pathlib import Path

from bot import cli
from config import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEEDED_MARK = "seeded"  # in data_dir: written once the bundled articles are all in


def main() -> int:
    settings = Settings()
    seed_if_needed(settings)
    if settings.telegram_bot_token:
        return cli.main(["run"])
    print(
        "No TELEGRAM_BOT_TOKEN set, so here is a terminal chat instead.\n"
        "To run the Telegram bot, put TELEGRAM_BOT_TOKEN=<token from @BotFather> in .env and `make run` again.",
        file=sys.stderr,
    )
    return cli.main(["chat"])


def seed_if_needed(settings: Settings) -> bool:
    """Add the bundled articles until that has once finished: an interrupted first run is completed
    by the next (articles already in are skipped), and a finished one never runs again, so a seed
    article an admin removed stays removed. True if seeding ran."""
    mark = settings.data_dir / SEEDED_MARK
    if mark.exists():
        return False
    print(f"Adding the bundled articles in {SEEDS} to {settings.data_dir} …", file=sys.stderr)
    from retrieval import Newsbot

    report = Newsbot(settings).ingest([str(SEEDS)])
    cli.print_report(report)
    if report.ok:
        mark.write_text("The bundled articles were added; delete this file to add them again.\n", "utf-8")
    return True


if __name__ == "__main__":
    sys.exit(main())
