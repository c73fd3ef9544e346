"""RSS/Atom feeds: a small JSON store under data_dir and the JobQueue polling job.

The store keeps, per feed URL, its title and the ids of the items already
ingested, so a restart neither forgets the feeds nor re-ingests old items.
Feeds and their items come from strangers: they are fetched through the guarded
fetch (public http(s) addresses only, a deadline, a size cap), conditionally
(ETag / Last-Modified), parsed with feedparser, and ingested through the
`Newsbot` facade's URL-only entry point in a worker thread. An item whose link
fails for a passing reason is tried again at the next poll.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import os
import xml.sax
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import lxml.etree
import lxml.html

from config import Settings
from retrieval.fetching import FEED_TYPES, FetchError, FetchLimits, fetch, valid_url
from retrieval.newsbot import Newsbot

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


HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MAX_RETRIES = 3  # polls at which an item's link may fail for a passing reason before its own text is used


@dataclass
class FetchedFeed:
    parsed: feedparser.FeedParserDict | None  # None: not modified since the last poll
    etag: str = ""
    last_modified: str = ""


async def fetch_feed(url: str, settings: Settings, etag: str = "", last_modified: str = "") -> FetchedFeed:
    """Read a feed through the guarded fetch, conditionally when validators are known."""
    headers = {"If-None-Match": etag} if etag else {}
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        fetched = await asyncio.to_thread(fetch, url, FetchLimits.of(settings), FEED_TYPES | HTML_TYPES, headers)
    except FetchError as exc:
        raise FeedError(f"could not fetch {url}: {exc.reason}") from exc
    if fetched.status == 304:
        return FetchedFeed(None, etag, last_modified)
    if fetched.status != 200:
        raise FeedError(f"could not fetch {url}: HTTP {fetched.status}")
    if fetched.content_type in HTML_TYPES:
        raise FeedError(f"{url} is a web page, not an RSS or Atom feed")
    parsed = await asyncio.to_thread(feedparser.parse, fetched.body)
    broken = parsed.get("bozo_exception")
    if isinstance(broken, xml.sax.SAXParseException):  # not mere charset quibbles, which feedparser gets past
        raise FeedError(f"{url} is not an RSS or Atom feed: broken XML at line {broken.getLineNumber()} ({broken.getMessage()})")
    if not parsed.entries and not parsed.feed.get("title"):
        raise FeedError(f"{url} is not an RSS or Atom feed")
    return FetchedFeed(parsed, fetched.headers.get("etag", ""), fetched.headers.get("last-modified", ""))


def item_link(feed_url: str, entry: dict) -> tuple[str, str]:
    """The item's link resolved against the feed's URL, and why it is refused ("" if it is not).

    A feed is written by strangers: a link must be http(s), never a local path or file://."""
    raw = str(entry.get("link") or "").strip()
    if not raw:
        return "", ""
    link = urljoin(feed_url, raw)
    return link, "" if valid_url(link) else f"refused link {raw!r}: not an http(s) URL"


@dataclass
class ItemOutcome:
    """Stored (or stored before) when `why` is empty; otherwise failed, for good unless `retry`."""

    why: str = ""  # for the poll report
    retry: bool = False  # failed for a passing reason: try again at the next poll


def _ingest_entry(newsbot: Newsbot, feed_url: str, entry: dict, attempts: int) -> ItemOutcome:
    """Ingest one item: its link first, its own text when the link fails. Runs in a thread."""
    title = entry.get("title", "")
    link, refused = item_link(feed_url, entry)
    label = title or link or "an item with neither title nor link"
    if refused:
        return ItemOutcome(why=f"{label}: {refused}")
    reason = "no link"
    if link:
        report = newsbot.ingest_urls([link])
        if report.new or report.already_present:
            return ItemOutcome()
        reason = "; ".join(f.reason for f in report.failed) or "nothing ingested"
        if any(f.transient for f in report.failed) and attempts < MAX_RETRIES:
            return ItemOutcome(why=f"{label}: {reason} (will try again)", retry=True)
    text = item_text(entry)
    if text.strip():
        report = newsbot.ingest_text(text, title=title, url=link)
        if report.new or report.already_present:
            return ItemOutcome()
        reason += "; " + ("; ".join(f.reason for f in report.failed) or "nothing ingested")
    return ItemOutcome(why=f"{label}: {reason}")


async def poll_feed(store: FeedStore, newsbot: Newsbot, url: str, settings: Settings) -> PollResult:
    """Fetch one feed and ingest its unseen items. Call with `store.lock` held."""
    result = PollResult(url)
    feed = store.feeds.get(url)
    if feed is None:
        result.error = "unknown feed"
        return result
    feed["last_polled"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    try:
        fetched = await fetch_feed(url, settings, feed.get("etag", ""), feed.get("last_modified", ""))
    except FeedError as exc:
        feed["last_error"] = result.error = str(exc)
        store.save()
        return result
    feed["last_error"] = ""
    if fetched.parsed is None:  # 304 Not Modified
        store.save()
        return result
    feed["etag"], feed["last_modified"] = fetched.etag, fetched.last_modified
    feed["title"] = feed.get("title") or fetched.parsed.feed.get("title", "")
    retries: dict[str, int] = feed.setdefault("retries", {})
    seen = set(feed["seen"])
    for entry in fetched.parsed.entries:
        key = item_id(entry)
        if key in seen:
            continue
        result.new_items += 1
        outcome = await asyncio.to_thread(_ingest_entry, newsbot, url, entry, retries.get(key, 0))
        if outcome.retry:
            retries[key] = retries.get(key, 0) + 1
        else:
            retries.pop(key, None)
            # Seen once stored, or once failed for good: a broken item is reported once, not retried forever.
            feed["seen"] = (feed["seen"] + [key])[-MAX_SEEN:]
            seen.add(key)
        if outcome.why:
            result.failed.append(outcome.why)
        else:
            result.ingested += 1
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
