"""Whether a question is in English: questions are parsed by English rules, so a question in
another language is told so instead of getting a puzzling "nothing found".

The stop-word lists come from bm25s (MIT), already used for the lexical index: the most common
function words of each language, which even a short question contains.
"""

from __future__ import annotations

import re
import unicodedata

from bm25s import stopwords

_LISTS = {
    "English": stopwords.STOPWORDS_EN_PLUS,
    "German": stopwords.STOPWORDS_GERMAN,
    "French": stopwords.STOPWORDS_FRENCH,
    "Spanish": stopwords.STOPWORDS_SPANISH,
    "Italian": stopwords.STOPWORDS_ITALIAN,
    "Portuguese": stopwords.STOPWORDS_PORTUGUESE,
    "Dutch": stopwords.STOPWORDS_DUTCH,
    "Danish": stopwords.STOPWORDS_DANISH,
    "Swedish": stopwords.STOPWORDS_SWEDISH,
    "Norwegian": stopwords.STOPWORDS_NORWEGIAN,
    "Turkish": stopwords.STOPWORDS_TURKISH,
    "Russian": stopwords.STOPWORDS_RUSSIAN,
}
_SETS = {name: frozenset(words) for name, words in _LISTS.items()}
_WORD = re.compile(r"[^\W\d_]+")


def has_words(text: str) -> bool:
    """False for a message of emoji, digits or punctuation only."""
    return bool(_WORD.search(text))


def other_language(text: str) -> str:
    """The language a question seems to be in when that is not English ("" for English or unsure)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return ""
    letters = [c for w in words for c in w]
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    if latin < len(letters) / 2:
        script = unicodedata.name(next(c for c in letters if "LATIN" not in unicodedata.name(c, "")), "")
        return "Russian" if script.startswith("CYRILLIC") and _hits(words, "Russian") else "a language other than English"
    hits = {name: _hits(words, name) for name in _SETS}
    best = max(hits, key=hits.get)
    if best != "English" and hits[best] >= 2 and hits[best] > hits["English"]:
        return best
    return ""


def _hits(words: list[str], language: str) -> int:
    return sum(1 for w in words if w in _SETS[language])
