"""RSS/Atom feeds: a small JSON store under data_dir and the JobQueue polling job.

The store keeps, per feed URL, its title and the ids of the items already
ingested, so a restart neither forgets the feeds nor re-ingests old items.
Fetching uses httpx with a timeout; parsing uses feedparser; ingesting goes
through the `Newsbot` facade in a worker thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import feedparser
import httpx
import lxml.etree
import lxml.html

from config import Settings
from retrieval.newsbot import Newsbot
from retrieval.sources import fetch

logger = logging.getLogger(__name__)

FEEDS_FILE = "telegram_feeds.json"
MAX_SEEN = 2000  # per feed; oldest ids are forgotten first


class FeedError(Exception):
    """A feed URL that could not be fetched or is not RSS/Atom."""


@dataclass
class PollResult:
    url: str
    new_items: int = 0
    ingested: int = 0
    failed: list[str] = field(default_factory=list)
    error: str = ""


class FeedStore:
    """Feeds and their seen item ids, persisted as JSON (written atomically)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / FEEDS_FILE
        self.lock = asyncio.Lock()  # one poll/add at a time
        self.feeds: dict[str, dict] = {}
        if self.path.exists():
            try:
                self.feeds = json.loads(self.path.read_text("utf-8")).get("feeds", {})
            except (OSError, ValueError):
                logger.exception("Could not read %s; starting with no feeds", self.path)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"feeds": self.feeds}, indent=1, ensure_ascii=False), "utf-8")
        os.replace(tmp, self.path)

    def add(self, url: str, title: str, added_by: int | None) -> bool:
        if url in self.feeds:
            return False
        self.feeds[url] = {"title": title, "added_by": added_by, "seen": [], "last_polled": "", "last_error": ""}
        self.save()
        return True

    def remove(self, url: str) -> bool:
        if self.feeds.pop(url, None) is None:
            return False
        self.save()
        return True


def item_id(entry: dict) -> str:
    key = entry.get("id") or entry.get("link") or (entry.get("title", "") + entry.get("summary", ""))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16] if len(key) > 200 else key


def item_text(entry: dict) -> str:
    """The item's own text, as plain text: feeds carry HTML in `content` and `summary`."""
    for content in entry.get("content") or []:
        if content.get("value"):
            return _plain(content["value"])
    return _plain(entry.get("summary") or entry.get("description") or "")


def _plain(markup: str) -> str:
    if not markup.strip():
        return ""
    try:
        return lxml.html.fromstring(markup).text_content().strip()
    except (ValueError, lxml.etree.ParserError):
        return markup


async def fetch_feed(url: str, settings: Settings) -> feedparser.FeedParserDict:
    try:
        response = await asyncio.to_thread(fetch, url, settings.max_source_bytes, settings.fetch_timeout_s)
        response.raise_for_status()
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise FeedError(f"could not fetch {url}: {exc or type(exc).__name__}") from exc
    parsed = await asyncio.to_thread(feedparser.parse, response.content)
    if not parsed.entries and not parsed.feed.get("title"):
        raise FeedError(f"{url} is not an RSS or Atom feed")
    return parsed


def _ingest_entry(newsbot: Newsbot, entry: dict) -> tuple[bool, str]:
    """Ingest one item: its link first, its own text when the link fails. Runs in a thread."""
    link, title = entry.get("link", ""), entry.get("title", "")
    reason = "no link"
    if link:
        report = newsbot.ingest([link])
        if report.new or report.already_present:
            return True, ""
        reason = "; ".join(f.reason for f in report.failed) or "nothing ingested"
    text = item_text(entry)
    if text.strip():
        report = newsbot.ingest_text(text, title=title, url=link)
        if report.new or report.already_present:
            return True, ""
        reason += "; " + ("; ".join(f.reason for f in report.failed) or "nothing ingested")
    return False, f"{title or link}: {reason}"


async def poll_feed(store: FeedStore, newsbot: Newsbot, url: str, settings: Settings) -> PollResult:
    """Fetch one feed and ingest its unseen items. Call with `store.lock` held."""
    result = PollResult(url)
    feed = store.feeds.get(url)
    if feed is None:
        result.error = "unknown feed"
        return result
    feed["last_polled"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    try:
        parsed = await fetch_feed(url, settings)
    except FeedError as exc:
        feed["last_error"] = result.error = str(exc)
        store.save()
        return result
    feed["last_error"] = ""
    feed["title"] = feed.get("title") or parsed.feed.get("title", "")
    seen = set(feed["seen"])
    for entry in parsed.entries:
        key = item_id(entry)
        if key in seen:
            continue
        result.new_items += 1
        ok, why = await asyncio.to_thread(_ingest_entry, newsbot, entry)
        if ok:
            result.ingested += 1
        else:
            result.failed.append(why)
        # Seen either way: a broken item is reported once, not retried forever.
        feed["seen"] = (feed["seen"] + [key])[-MAX_SEEN:]
        seen.add(key)
        store.save()
    store.save()
    return result


async def poll_all(store: FeedStore, newsbot: Newsbot, settings: Settings) -> list[PollResult]:
    results = []
    async with store.lock:
        for url in list(store.feeds):
            results.append(await poll_feed(store, newsbot, url, settings))
    for r in results:
        if r.new_items or r.error:
            logger.info("Feed %s: %d new, %d ingested, failed %s, error %r", r.url, r.new_items, r.ingested, r.failed, r.error)
    return results
