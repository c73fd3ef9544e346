"""HTML rendering of answers and splitting into Telegram-sized messages.

Every piece of text that comes from outside (answers, titles, URLs, places) goes
through `html.escape`; the only tags we emit are <b>, <i>, <code> and <a href>, and a
tag never spans two lines, so splitting on line boundaries keeps every chunk
balanced.
"""

from __future__ import annotations

import html
import re

from retrieval.models import Answer, IngestReport, Source

# Telegram's limit is 4096 characters of the *parsed* text, counted in UTF-16
# code units.  We measure the raw HTML, which is never shorter, so we are safe.
MAX_MESSAGE = 4096

_TAG = re.compile(r"<[^>]*>")


def tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def html_to_text(markup: str) -> str:
    """The plain-text fallback of our own HTML: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", markup))


def _split_plain(line: str, limit: int) -> list[str]:
    """Split one over-long plain line into escaped pieces, each under `limit`."""
    pieces: list[str] = []
    current = ""
    for word in re.split(r"(\s+)", line):
        candidate = current + word
        if tg_len(esc(candidate)) <= limit:
            current = candidate
            continue
        if current.strip():
            pieces.append(esc(current.strip()))
        current = word.lstrip()
        while tg_len(esc(current)) > limit:  # a single gigantic "word"
            cut = limit // 6 or 1  # an escaped character is at most 6 long
            pieces.append(esc(current[:cut]))
            current = current[cut:]
    if current.strip():
        pieces.append(esc(current.strip()))
    return pieces


def plain_blocks(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Escaped lines of a plain text, over-long lines cut at word boundaries."""
    blocks: list[str] = []
    for line in text.splitlines() or [""]:
        if tg_len(esc(line)) <= limit:
            blocks.append(esc(line))
        else:
            blocks.extend(_split_plain(line, limit))
    return blocks


def pack(blocks: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Join balanced HTML blocks with newlines into as few chunks as fit in `limit`."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for block in blocks:
        extra = tg_len(block) + (1 if current else 0)
        if current and size + extra > limit:
            chunks.append("\n".join(current).strip("\n"))
            current, size = [], 0
            extra = tg_len(block)
        current.append(block)
        size += extra
    if current:
        chunks.append("\n".join(current).strip("\n"))
    return [c for c in chunks if c.strip()] or ["…"]


def source_line(label: str, title: str, url: str = "", published: str = "", place: str = "") -> str:
    """One source: `label` (HTML, e.g. "[1]"), the title as a link, its date and place."""
    name = esc(title or url or "untitled")
    if url.startswith(("http://", "https://")):
        name = f'<a href="{esc(url)}">{name}</a>'
    details = ", ".join(esc(x) for x in (published, place) if x)
    return f"{label} {name}" + (f" — {details}" if details else "")


def render_answer(answer: Answer, limit: int = MAX_MESSAGE) -> list[str]:
    """The answer text with its [n] markers, then the numbered sources."""
    blocks = plain_blocks(answer.answer.strip() or "I found nothing on that.", limit)
    if answer.citations:
        blocks += ["", "<b>Sources</b>"]
        for numbers, c in answer.sources_cited():
            lines = [source_line("".join(f"[{n}]" for n in numbers), c.title, c.url, c.published, c.place)]
            lines += [source_line("   also:", a.title, a.url, a.published, a.place) for a in c.also]  # wire copies
            for line in lines:
                blocks.extend([line] if tg_len(line) <= limit else plain_blocks(html_to_text(line), limit))
    return pack(blocks, limit)


def render_report(report: IngestReport, what: str = "Ingest") -> list[str]:
    blocks = [f"<b>{esc(what)}</b>: {esc(report.summary())}"]
    if report.failed:
        blocks.append("Failed:")
        for failure in report.failed:
            blocks.extend(plain_blocks(f"• {failure.origin}: {failure.reason}"))
    if report.skipped:
        blocks.append("Skipped:")
        for skipped in report.skipped:
            blocks.extend(plain_blocks(f"• {skipped.origin}: {skipped.reason}"))
    return pack(blocks)


def render_sources(sources: list[Source]) -> list[str]:
    if not sources:
        return ["No sources yet. An admin can add some with /add URL or by sending a file."]
    blocks = [f"<b>{len(sources)} sources</b>"]
    for s in sources:
        line = source_line(f"<code>{esc(s.source_id)}</code>", s.title, s.url, s.published, s.place)
        blocks.append(f"{line} · {s.passages} passages, {s.statements} statements")
    return pack(blocks)
