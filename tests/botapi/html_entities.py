"""Telegram's HTML parse mode, strictly enough to catch what the real server rejects."""

from __future__ import annotations

import html
import re

SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
    "code": "code", "pre": "pre", "blockquote": "blockquote", "a": "text_link", "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:"[^"]*"|\'[^\']*\'|[^\s>]+))*)\s*(/?)>')
_ATTR = re.compile(r'([a-zA-Z-]+)\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>]+)')
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);")


class ParseError(ValueError):
    pass


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(markup: str) -> tuple[str, list[dict]]:
    """Return (plain text, entities) or raise ParseError with Telegram's wording."""
    out: list[str] = []
    length = 0  # UTF-16 length of the output so far
    stack: list[tuple[str, int, dict]] = []
    entities: list[dict] = []
    i = 0
    while i < len(markup):
        ch = markup[i]
        byte = len(markup[:i].encode("utf-8"))
        if ch == "<":
            m = _TAG.match(markup, i)
            if not m:
                raise ParseError(f"Unexpected end of name token at byte offset {byte}")
            closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
            if closing:
                if not stack:
                    raise ParseError(f'Unexpected end tag at byte offset {byte}')
                open_name, start, extra = stack.pop()
                if open_name != name:
                    raise ParseError(f'Unmatched end tag at byte offset {byte}, expected "</{open_name}>", found "</{name}>"')
                if length > start:
                    entities.append({"type": SIMPLE[open_name], "offset": start, "length": length - start, **extra})
            else:
                if name not in SIMPLE:
                    raise ParseError(f'Unsupported start tag "{name}" at byte offset {byte}')
                attr = {k.lower(): html.unescape(v.strip("\"'")) for k, v in _ATTR.findall(attrs)}
                extra: dict = {}
                if name == "a":
                    if not attr.get("href"):
                        raise ParseError(f"Can't find href of the link at byte offset {byte}")
                    extra["url"] = attr["href"]
                if name == "span" and attr.get("class") != "tg-spoiler":
                    raise ParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {byte}')
                stack.append((name, length, extra))
            i = m.end()
        elif ch == "&":
            m = _ENTITY.match(markup, i)
            text = html.unescape(m.group(0)) if m else "&"
            out.append(text)
            length += u16(text)
            i = m.end() if m else i + 1
        elif ch == ">":
            out.append(ch)
            length += 1
            i += 1
        else:
            j = i
            while j < len(markup) and markup[j] not in "<&>":
                j += 1
            out.append(markup[i:j])
            length += u16(markup[i:j])
            i = j
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), sorted(entities, key=lambda e: e["offset"])
