"""Splitting an article into passages: a few sentences each, never cutting a sentence in two."""

from __future__ import annotations

import re

from retrieval.models import Article, Passage, passage_row_id

# Paragraphs first, then sentence ends (after . ! ? and any closing quote or bracket,
# before a capital, digit or opening quote), then words as a last resort.
# Titles and company suffixes end in a full stop without ending the sentence ("Apple Inc. CEO").
_ABBREVIATIONS = "Mr Ms Mrs Dr St Jr Sr vs No Inc Corp Co Ltd Gov Sen Rep Gen Lt Col Capt Prof".split()
_SENTENCE_END = (
    r"(?<=[.!?])(?<![A-Z]\.)"
    + "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS)
    + r"[\"”’)\]]?\s+(?=[\"“‘(\[]?[A-Z0-9])"
)
_SEPARATORS = [
    r"\n\s*\n",
    r"\n",
    _SENTENCE_END,
    r"(?<=[;:])\s+",
    r"\s+",
]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding white space."""
    spans, start = [], 0
    for match in re.finditer(_SENTENCE_END + r"|\n+", text):
        end = match.start() + len(match.group(0).rstrip())
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    spans = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans if text[s:e].strip()]
    return _join_open_quotes(text, spans)


def _join_open_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A quotation that runs over several sentences stays one sentence, up to a paragraph."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _quote_open(text[joined[-1][0] : joined[-1][1]]) and "\n" not in text[joined[-1][1] : start]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _quote_open(sentence: str) -> bool:
    return sentence.count('"') % 2 == 1 or sentence.count("“") > sentence.count("”")


class PassageSplitter:
    def __init__(self, chunk_chars: int = 700) -> None:
        # Imported here: only ingest splits, and langchain's import costs a fresh `newsbot ask` ~0.1 s.
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self._splitter = RecursiveCharacterTextSplitter(
            separators=_SEPARATORS,
            is_separator_regex=True,
            keep_separator="end",
            chunk_size=chunk_chars,
            chunk_overlap=0,
            strip_whitespace=True,
        )

    def split(self, article: Article) -> list[Passage]:
        passages: list[Passage] = []
        cursor = 0
        for position, chunk in enumerate(self._splitter.split_text(article.text)):
            start = article.text.find(chunk, cursor)
            if start < 0:  # the splitter only strips whitespace, so this is a bug guard
                start = cursor
            cursor = start + len(chunk)
            passages.append(
                Passage(
                    passage_id=passage_row_id(article.source_id, position),
                    source_id=article.source_id,
                    text=chunk,
                    position=position,
                    start=start,
                    title=article.title,
                    url=article.url,
                    published=article.published.isoformat() if article.published else "",
                    place=article.place,
                )
            )
        return passages
