"""Reading sources into `Article`s: text, Markdown, HTML, JSON lines, directories and URLs.

Every loader yields `Article`s or `SourceFailure`s, one per source, so one bad
file (or one bad JSONL line) never costs the others.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx

from retrieval.dates import parse_dateline
from retrieval.fetching import ARTICLE_TYPES, FetchError, FetchLimits, fetch
from retrieval.models import Article, Skipped, SourceFailure

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# Documentation that sits beside articles in a folder (the bundled corpus README, licences).
_NOT_ARTICLES = re.compile(r"^(readme|license|licence|notice|changelog|attribution)\b", re.I)

_MD_HEADING = re.compile(r"^\s*#\s+(.+?)\s*#*\s*$", re.M)

Loaded = Article | SourceFailure


def slug(value: str, limit: int = 60) -> str:
    """A readable id for `value`, made unique by a short hash of the whole value: two titles,
    texts or URLs never share an id because they share a beginning or are not in Latin script."""
    readable = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:limit].strip("-")
    digest = hashlib.sha1(value.encode()).hexdigest()[:8]
    return f"{readable}-{digest}" if readable else f"source-{digest}"


def url_source_id(url: str) -> str:
    parts = urlparse(url)
    return slug(f"{parts.netloc}{parts.path}{'-' + parts.query if parts.query else ''}")


def load(target: str, limits: FetchLimits) -> Iterator[Loaded | Skipped]:
    """Articles from one command-line target: a URL, a file or a directory.

    Only the command line may name local paths: what comes from chats and feeds goes
    through `load_url`, which reads nothing but http(s)."""
    if "://" in target or re.match(r"^(https?[:/]|www\.)", target, re.I):
        yield from load_url(target, limits)
        return
    path = Path(target).expanduser()
    if path.is_dir():
        yield from load_directory(path, limits.max_bytes)
    elif path.exists():
        yield from load_file(path, limits.max_bytes)
    else:
        yield SourceFailure(origin=target, reason="no such file or directory")


def load_directory(root: Path, max_bytes: int) -> Iterator[Loaded | Skipped]:
    """Every article file under `root`; the other files are named as skipped, with why."""
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            yield Skipped(origin=str(path), reason="hidden")
        elif _NOT_ARTICLES.match(path.name):
            yield Skipped(origin=str(path), reason="documentation beside the articles (README, LICENSE …)")
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield Skipped(origin=str(path), reason=f"not an article file ({path.suffix or 'no extension'}; "
                          "read are .txt, .md, .html, .jsonl)")
        else:
            yield from load_file(path, max_bytes)


def load_file(path: Path, max_bytes: int) -> Iterator[Loaded]:
    try:
        size = path.stat().st_size
        if size > max_bytes:  # checked before reading, so a huge file is never loaded
            yield _too_large(str(path), size, max_bytes)
            return
        data = path.read_bytes()
    except OSError as error:
        yield SourceFailure(origin=str(path), reason=f"cannot be read: {error.strerror or error}")
        return
    yield from load_bytes(data, path.name, max_bytes, origin=str(path))


def _too_large(origin: str, size: int, max_bytes: int) -> SourceFailure:
    return SourceFailure(origin=origin, reason=f"too large ({size:,} bytes; the limit is {max_bytes:,})")


def load_bytes(data: bytes, filename: str, max_bytes: int, origin: str = "") -> Iterator[Loaded]:
    """Articles from a file's bytes, the format chosen by the file name's extension."""
    origin = origin or filename
    if len(data) > max_bytes:
        yield _too_large(origin, len(data), max_bytes)
        return
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield SourceFailure(
            origin=origin,
            reason=f"unsupported file type {suffix or '(none)'}; use .txt, .md, .html or .jsonl",
        )
        return
    text = decode_text(data)
    if text is None:
        yield SourceFailure(origin=origin, reason="not a text file (binary or not UTF-8)")
        return
    if not text.strip():
        yield SourceFailure(origin=origin, reason="empty file")
        return
    source_id = Path(filename).stem
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(text, origin)
    elif suffix in HTML_SUFFIXES:
        yield parse_html(text, source_id=source_id, origin=origin)
    else:
        yield parse_text(text, source_id=source_id, origin=origin, markdown=suffix != ".txt")


def decode_text(data: bytes) -> str | None:
    """The text of a file: UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1252
    when that gives printable text; None for binary data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f")
    return None if "\ufffd" in text or controls else text


def parse_text(text: str, source_id: str, url: str = "", origin: str = "", markdown: bool = False) -> Loaded:
    """A plain-text or Markdown article; a seed-format first line gives its date and place."""
    published, place, body_start = parse_dateline(text)
    body = text[body_start:].strip()
    title = ""
    heading = _MD_HEADING.match(body) if markdown else None
    if heading:
        title = heading.group(1)
        body = body[heading.end() :].strip()
    elif not published:
        title, body = _split_title_line(body)
    if not body:
        return SourceFailure(origin=origin or source_id, reason="no article text")
    return Article(
        source_id=source_id,
        title=title or _headline_from(body),
        text=body,
        url=url,
        published=published,
        place=place,
        origin=origin,
    )


def _split_title_line(body: str) -> tuple[str, str]:
    """A short first line standing alone (no final full stop) is the headline."""
    first, sep, rest = body.partition("\n")
    first = first.strip()
    if sep and rest.strip() and len(first) <= 150 and not first.endswith((".", '"', "”")):
        return first, rest.strip()
    return "", body


def _headline_from(body: str, limit: int = 90) -> str:
    sentence = re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


def parse_html(html: str, source_id: str, url: str = "", origin: str = "") -> Loaded:
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, favor_precision=True)
    text = (getattr(document, "text", None) or "").strip() if document else ""
    if not text:
        return SourceFailure(origin=origin or url or source_id, reason="no article text found in the page")
    published = None
    if getattr(document, "date", None):
        try:
            published = dt.date.fromisoformat(document.date[:10])
        except ValueError:
            published = None
    return Article(
        source_id=source_id,
        title=(document.title or "").strip() or _headline_from(text),
        text=text,
        url=url,
        published=published,
        origin=origin or url,
    )


def parse_jsonl(text: str, origin: str) -> Iterator[Loaded]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield SourceFailure(origin=where, reason=f"bad JSON: {error.msg} at column {error.colno}")
            continue
        if not isinstance(record, dict):
            yield SourceFailure(origin=where, reason=f"a JSON {type(record).__name__}, not an object with a \"text\" field")
            continue
        if not str(record.get("text") or "").strip():
            yield SourceFailure(origin=where, reason='no "text" field, or it is empty')
            continue
        yield _article_from_record(record, where)


def _article_from_record(record: dict, where: str) -> Loaded:
    url = str(record.get("url") or "")
    text = str(record["text"]).strip()
    title = str(record.get("title") or "").strip() or _headline_from(text)
    source_id = str(record.get("id") or "").strip() or (url_source_id(url) if url else slug(title))
    published = None
    if record.get("published"):
        try:
            published = dt.date.fromisoformat(str(record["published"])[:10])
        except ValueError:
            return SourceFailure(origin=where, reason=f"bad published date {record['published']!r}")
    return Article(
        source_id=source_id,
        title=title,
        text=text,
        url=url,
        published=published,
        place=str(record.get("place") or ""),
        origin=where,
    )


def load_url(url: str, limits: FetchLimits) -> Iterator[Loaded]:
    """One article from an http(s) URL, through the guarded fetch: never a local file."""
    try:
        fetched = fetch(url, limits, accept=ARTICLE_TYPES)
    except FetchError as error:
        yield SourceFailure(origin=url, reason=error.reason, transient=error.transient)
        return
    if fetched.status != 200:
        reason = httpx.codes.get_reason_phrase(fetched.status)
        yield SourceFailure(origin=url, reason=f"HTTP {fetched.status} {reason}".strip())
        return
    source_id = url_source_id(url)
    text = fetched.text
    if not text.strip():
        yield SourceFailure(origin=url, reason="empty response")
    elif fetched.content_type in {"text/plain", "text/markdown"}:
        markdown = fetched.content_type == "text/markdown"
        yield parse_text(text, source_id=source_id, url=fetched.url, origin=url, markdown=markdown)
    else:
        yield parse_html(text, source_id=source_id, url=fetched.url, origin=url)
