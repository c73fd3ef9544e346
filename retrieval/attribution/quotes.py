"""Quotation spans and sentence-sized units, found on raw characters.

Quotes are located before any parsing so that (a) a cheap prefilter can decide
which units need spaCy at all and (b) units never cut a quotation in half.
Straight quotes are oriented by their neighbours (an opening mark follows a
space and precedes a letter) which keeps pairing right when a paragraph-final
quote is left open in text whose paragraphs were flattened into one line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from retrieval.attribution.frames import frame_forms, noun_forms
from retrieval.sentences import sentence_spans
from retrieval.speech_verbs import SPEECH_FORMS

OPENERS = {"“", "«", "„"}
CLOSERS = {"”", "»"}
STRAIGHT = '"'
QUOTE_CHARS = OPENERS | CLOSERS | {STRAIGHT}
MAX_QUOTE_CHARS = 3000  # longer "quotes" are mis-paired marks, not speech
MAX_UNIT_CHARS = 3000  # longer "sentences" are not prose: never parsed


@dataclass
class Quote:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark, None if the quote runs on
    continues: bool = False  # continues the previous quote (new paragraph, same speaker)


def _mark_kind(text: str, i: int, lo: int, hi: int) -> str:
    ch = text[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    before_space = prev.isspace() or prev in "([{—–-/:"
    after_space = nxt.isspace() or nxt in ".,;:!?)]}—–-"
    if before_space and not after_space:
        return "open"
    if after_space and not before_space:
        return "close"
    return "either"


# Two apostrophes as a quotation mark (''We won,'' she said.), as some wires and archives write it.
_OPENING_PAIR = re.compile(r"(?<![\w'])''(?=[\w$(\[])")
_CLOSING_PAIR = re.compile(r"(?<=[\w.,!?;:)\]%-])''(?![\w'])")


def as_double_quotes(text: str) -> str:
    """`text` with each two-apostrophe quotation mark made a double quote, padded with a space on its
    outer side so that every offset stays the same: ''We won,'' → ␣"We won," ␣ (open, close)."""
    if "''" not in text:
        return text
    text = _OPENING_PAIR.sub(' "', text)
    return _CLOSING_PAIR.sub('" ', text)


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """All double-quoted spans in text[start:end], paired per paragraph.

    An unclosed quote is kept only when the next paragraph opens a quote
    (the usual way a quote runs over paragraphs); otherwise it is dropped.
    """
    end = len(text) if end is None else end
    out: list[Quote] = []
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[start:end])]
    continue_next = False
    for pi, (ps, pe) in enumerate(paras):
        ps += start
        pe += start
        open_at: int | None = None
        for i in range(ps, pe):
            if text[i] not in QUOTE_CHARS:
                continue
            kind = _mark_kind(text, i, ps, pe)
            if open_at is None:
                if kind in ("open", "either"):
                    open_at = i
                continue
            if kind == "open":
                # A new opening mark while one is open: the earlier quote ran on
                # without a closing mark (flattened paragraphs).
                q_end = i
                while q_end > open_at + 1 and text[q_end - 1].isspace():
                    q_end -= 1
                _add(out, text, open_at, q_end, None, continue_next)
                continue_next = bool(out and out[-1].open_mark == open_at)
                open_at = i
            else:
                _add(out, text, open_at, i, i, continue_next)
                continue_next = False
                open_at = None
        if open_at is not None:
            nxt = paras[pi + 1][0] + start if pi + 1 < len(paras) else None
            nxt_char = text[nxt:nxt + 1].lstrip() if nxt is not None else ""
            if nxt is not None and nxt_char and nxt_char in (OPENERS | {STRAIGHT}):
                q_end = pe
                while q_end > open_at + 1 and text[q_end - 1].isspace():
                    q_end -= 1
                _add(out, text, open_at, q_end, None, continue_next)
                continue_next = bool(out and out[-1].open_mark == open_at)
            else:
                continue_next = False  # unbalanced: drop it
        elif not out or out[-1].close_mark is not None:
            continue_next = False
    return out


def _add(out: list[Quote], text: str, open_mark: int, q_end: int, close_mark: int | None, cont: bool) -> None:
    s = open_mark + 1
    if q_end - s < 1 or q_end - s > MAX_QUOTE_CHARS or not text[s:q_end].strip():
        return
    out.append(Quote(s, q_end, open_mark, close_mark, cont))


def quote_extent(q: Quote) -> tuple[int, int]:
    """The quote including its marks."""
    return q.open_mark, (q.close_mark + 1) if q.close_mark is not None else q.end


# A wire dateline opening a paragraph: "HARBOR CITY (Reuters) – ", "Dunmore, May 3 (UPI) — ",
# "HARBOR CITY — ". Not part of the sentence: parsed with it, the place becomes its subject.
_WIRE_DATELINE = re.compile(
    r"(?:[A-Z][\w.'’-]*(?:,?[ ]+[A-Z][\w.'’-]*){0,3}(?:,[ ]+[A-Z][a-z]{2,8}\.?[ ]+\d{1,2})?[ ]*\([A-Z][\w. ]{0,24}\)"
    r"|[A-Z]{3,}(?:,?[ ]+[A-Z]{2,}){0,3})[ ]*[—–-]{1,2}[ ]*(?=[A-Z])"
)


def split_units(text: str, start: int, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentence-sized units of text[start:]: the one segmenter's sentences (`retrieval.sentences`),
    joined where one ends inside a quotation (a split would part a quote from its speaker), each
    paragraph without the wire dateline that may open it."""
    extents = [quote_extent(q) for q in quotes]
    units: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        if b <= start:
            continue
        a = max(a, start)
        if units and "\n" not in text[units[-1][1] : a] and any(x < units[-1][1] < y - 1 for x, y in extents):
            units[-1] = (units[-1][0], b)
            continue
        if not text[max(start, text.rfind("\n", 0, a) + 1) : a].strip() and (wire := _WIRE_DATELINE.match(text, a, b)):
            a = wire.end()
        if b > a:
            units.append((a, b))
    return units


# The cue words are all single words: a set lookup per word of a unit is ~20x faster than one
# regex alternating a thousand of them. Two phrases stay a pattern ("as the mayor put it, …",
# see fragments.as_source).
_CUE_FORMS = frozenset(SPEECH_FORMS) | frame_forms() | noun_forms()
_WORD = re.compile(r"\w+")
_CUE_PHRASE = re.compile(r"\b(?:according to|puts? it)\b", re.I)


def needs_parse(unit_text: str, idle: frozenset[str] = frozenset()) -> bool:
    """Cheap prefilter: only units with a quote mark, a statement noun ("the claim that") or a cue
    word other than the `idle` ones are parsed."""
    if len(unit_text) > MAX_UNIT_CHARS:
        return False
    return _marked(unit_text) or bool(cue_words(unit_text) - idle)


def _marked(unit_text: str) -> bool:
    """A quote mark, "the claim that …" or a "Source: …" headline: parsed whatever its words."""
    return (
        any(c in unit_text for c in QUOTE_CHARS)
        or _STATEMENT_THAT.search(unit_text) is not None
        or _HEADLINE_SOURCE.match(unit_text) is not None
        or _THAT_CLAUSE.search(unit_text) is not None
    )


def cue_words(unit_text: str) -> set[str]:
    """The cue words of a unit, lower-cased as the prefilter reads them."""
    words = {w for w in _WORD.findall(unit_text.lower()) if w in _CUE_FORMS}
    return words | {m.group(0).lower() for m in _CUE_PHRASE.finditer(unit_text)}


def parsed_for_cues_only(unit_text: str) -> bool:
    """Does the prefilter parse this unit for its cue words alone (no quote mark, no statement noun)?"""
    return len(unit_text) <= MAX_UNIT_CHARS and not _marked(unit_text) and bool(cue_words(unit_text))


IDLE_CUES_PATH = Path(__file__).parent / "data" / "idle_cues.json"


@lru_cache(maxsize=1)
def idle_cues() -> frozenset[str]:
    """Cue words that alone do not send a unit to the parser: the cue of a statement the extractor
    found in at most one in fifty of the PolNeAR train units parsed for them, and at most twice in
    all ("campaign", "state" are mostly nouns). Learnt by `benchmarks/learn_prefilter.py`; the file
    holds the counts."""
    if not IDLE_CUES_PATH.exists():
        return frozenset()
    return frozenset(json.loads(IDLE_CUES_PATH.read_text("utf-8"))["idle"])


# "X conceded that …": any word before a "that" may be a verb the that-clause rule reads
# (that_clause.py); few units hold one and no other cue word (about 1 in 100 in PolNeAR train).
_THAT_CLAUSE = re.compile(r"\b[a-z]+\s+that\b")


# "Brill: Harbour Fees Are Rigged" (see fragments.headline_colon).
_HEADLINE_SOURCE = re.compile(r"[A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,3}:\s+\S[^\n]{8,}$")


# "the minister's statement that …", "a claim by the union that …" (see fragments.py).
_STATEMENT_THAT = re.compile(
    r"\b(?:statement|claims?|assertion|announcement|warning|remarks?|comments?|admission|insistence|promise|prediction"
    r"|argument|pledge|assurances?|allegations?|suggestion|contention)\s+(?:(?:by|from)\s+[^,.;]{1,40}?\s+)?that\b"
)


_PRONOUN_CUE = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+(?:" + "|".join(sorted(SPEECH_FORMS, key=len, reverse=True)) + r")\b"
    r"|\b(?:" + "|".join(sorted(SPEECH_FORMS, key=len, reverse=True)) + r")\s+(?:he|she)\b"
    r"|\b(?:the|The)\s+(?:president|minister|spokesman|spokeswoman|ceo|CEO|chairman|senator|governor)\s+(?:said|says|added)\b"
)


def needs_context(unit_text: str) -> bool:
    """A unit whose speaker is a pronoun or missing: its predecessor must be parsed too."""
    stripped = unit_text.lstrip()
    return bool(stripped[:1] in QUOTE_CHARS or _PRONOUN_CUE.search(unit_text))
