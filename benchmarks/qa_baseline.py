"""The naive baseline every QA figure is reported beside: BM25 over all sentences, the top one cited.

It answers every question (so it never says "nothing found") with the single sentence that
BM25 ranks first, tokenized and stemmed exactly as the product's lexical index is.
"""

from __future__ import annotations

import bm25s
import numpy as np

from retrieval.lexical import tokenize
from retrieval.models import Answer, Citation
from retrieval.sentences import sentence_spans


class Bm25Sentences:
    def __init__(self, articles: list[dict]) -> None:
        self.sentences: list[tuple[dict, str]] = [
            (article, article["text"][start:end])
            for article in articles
            for start, end in sentence_spans(article["text"])
        ]
        self.index = bm25s.BM25()
        self.index.index(tokenize([text for _, text in self.sentences]), show_progress=False)

    def ask(self, question: str) -> Answer:
        tokens = tokenize([question])[0]
        if not tokens:
            return Answer(question=question, answer="")
        scores = self.index.get_scores(tokens)
        article, sentence = self.sentences[int(np.argmax(scores))]
        citation = Citation(n=1, source_id=article["id"], title=article.get("title", ""), url=article.get("url", ""),
                            published=article.get("published", ""), quote=sentence)
        return Answer(question=question, answer=f"{sentence} [1]", citations=[citation])
