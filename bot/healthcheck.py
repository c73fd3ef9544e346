"""`python -m bot.healthcheck`: exit 0 when this bot's store can answer, 1 (with the reason) when not.

For a container's HEALTHCHECK: cheap (no model, no chromadb import, ~0.2 s). It checks
that the Chroma server answers its heartbeat (when NEWSBOT_CHROMA_URL is set) and that
the BM25 file every replica shares can be read.
"""

from __future__ import annotations

import sqlite3
import sys

import httpx

from config import Settings


def problem(settings: Settings) -> str:
    """What keeps the bot from answering, or "" when nothing does."""
    if settings.chroma_url:
        try:
            httpx.get(f"{settings.chroma_url.rstrip('/')}/api/v2/heartbeat", timeout=3).raise_for_status()
        except httpx.HTTPError as error:
            return f"the Chroma server at {settings.chroma_url} does not answer ({error})"
    path = settings.lexical_file
    if path.exists():
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
                db.execute("SELECT count(*) FROM sources").fetchone()
        except sqlite3.Error as error:
            return f"the BM25 index {path} cannot be read ({error})"
    elif not settings.chroma_url and not settings.data_dir.exists():
        return f"the data dir {settings.data_dir} does not exist"
    return ""


def main() -> int:
    found = problem(Settings())
    print(found or "healthy", file=sys.stderr if found else sys.stdout)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
