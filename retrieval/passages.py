"""Splitting an article into passages: whole sentences, packed up to a size, never cut in two.

Sentences come from the one segmenter (`retrieval.sentences`), and each passage keeps where its
sentences are, so answers and the citation check pick sentences without segmenting again.
"""

from __future__ import annotations

from retrieval.models import Article, Passage, passage_row_id
from retrieval.sentences import MODEL, sentence_spans, sentence_spans_many


class PassageSplitter:
    def __init__(self, chunk_chars: int = 700, model: str = MODEL) -> None:
        self.chunk_chars = chunk_chars
        self.model = model

    def split(self, article: Article) -> list[Passage]:
        return self.split_many([article])[0]

    def split_many(self, articles: list[Article]) -> list[list[Passage]]:
        spans = sentence_spans_many([a.text for a in articles], self.model)
        return [self._pack(article, found) for article, found in zip(articles, spans)]

    def _pack(self, article: Article, spans: list[tuple[int, int]]) -> list[Passage]:
        """Greedy: sentences join the current passage while it stays within `chunk_chars`; a new
        paragraph starts a new passage once the current one is half full."""
        groups: list[list[tuple[int, int]]] = []
        for start, end in spans:
            if groups:
                first = groups[-1][0][0]
                new_paragraph = "\n" in article.text[groups[-1][-1][1] : start]
                too_long = end - first > self.chunk_chars
                if not too_long and not (new_paragraph and groups[-1][-1][1] - first >= self.chunk_chars // 2):
                    groups[-1].append((start, end))
                    continue
            groups.append([(start, end)])
        published = article.published.isoformat() if article.published else ""
        return [
            Passage(
                passage_id=passage_row_id(article.source_id, position),
                source_id=article.source_id,
                text=article.text[group[0][0] : group[-1][1]],
                position=position,
                start=group[0][0],
                sentences=[(s - group[0][0], e - group[0][0]) for s, e in group],
                title=article.title,
                url=article.url,
                published=published,
                place=article.place,
            )
            for position, group in enumerate(groups)
        ]


def passage_sentences(passage: Passage) -> list[tuple[int, int]]:
    """The passage's sentences: as segmented at ingest, or now for rows stored before that was kept."""
    return passage.sentences or sentence_spans(passage.text)
