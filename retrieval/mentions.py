"""Which stored speakers and places a question's words name.

Names are folded (case, accents, possessives) and transliteration endings collapsed, so
"Kovalenky" finds Ivan Kovalenkyy; a surname one typo away matches unless the word is an
everyday English one. Places come from the store and from the world's countries and cities
(data: `retrieval.geography`). Indexes are built once per distinct list and cached, so a
question costs O(its words).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from retrieval.dates import MONTHS
from retrieval.geography import world_places
from retrieval.stopwords import STOP_WORDS  # spaCy's list, without importing spaCy


# ---------------------------------------------------------------- speakers
def is_everyday(word: str) -> bool:
    """A common English word, or the plural of one."""
    words = _everyday_words()
    return word in words or (word.endswith("s") and word[:-1] in words)


def english_word(word: str) -> bool:
    """A word of English in a form a question may type it: an everyday word, an inflection of one
    ("thawing", "finalised"), two run together ("walkout", "planemaker"), or one typo away from one
    ("happend"). In a question typed all in lower case, a word that is none of these may be a name."""
    words = _everyday_words()
    forms = {word, word.replace("is", "iz"), word.replace("our", "or")}  # British spellings
    if any(is_everyday(f) or any(f.endswith(e) and f[: -len(e)] in words for e in _ENDINGS) for f in forms):
        return True
    if any(word[:i] in words and is_everyday(word[i:]) for i in range(4, len(word) - 2)):
        return True
    near = _by_first_letter().get(word[:1], ())
    return any(abs(len(w) - len(word)) <= 1 and _osa(w, word) <= 1 for w in near)


_ENDINGS = ("ing", "ed", "d", "es", "er", "ers", "ation", "ations", "ly", "less", "ness", "ment", "ments", "ful", "ity", "ist", "ists")


@lru_cache(maxsize=1)
def _by_first_letter() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for w in _everyday_words():
        if len(w) >= 4:
            grouped.setdefault(w[0], []).append(w)
    return {letter: tuple(ws) for letter, ws in grouped.items()}


@lru_cache(maxsize=1)
def _everyday_words() -> frozenset[str]:
    """Common English words: the whole words of the embedding model's WordPiece vocabulary (30k
    entries learnt from English text, shipped with the model's tokenizer). A question word among
    them is never stretched to a similar-looking surname by the typo match."""
    from retrieval.onnx_model import tokenizer_path

    vocab = json.loads(tokenizer_path().read_text("utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and w.islower())


TOKEN = re.compile(r"[^\W_][\w.,%'’/-]*", re.UNICODE)
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _bare(word: str) -> str:
    """A token without a possessive or trailing punctuation, case kept."""
    return re.sub(r"(?:['’]s|['’])$", "", word.rstrip(".,/-"))


def fold(word: str) -> str:
    """Bare, lower-case, without accents: "Šimková's" -> "simkova"."""
    if word.isascii() and word.isalpha():  # most words: no accents, no possessive (a cold start folds ~17k)
        return word.lower()
    s = unicodedata.normalize("NFKD", _bare(word))
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'")


@lru_cache(maxsize=65536)  # names repeat across every rebuild of the speaker index
def _variant(s: str) -> str:
    """Collapse transliteration endings: Kovalenkyy/Kovalenky/Kovalenkiy/Kovalenki -> kovalenk."""
    if len(s) >= 5:
        stem = re.sub(r"(?:iy|yy|ij|ii|y|i)$", "", s)
        if len(stem) >= 4:
            return stem
    return s


@lru_cache(maxsize=65536)
def _folded_tokens(name: str) -> tuple[str, ...]:
    """A speaker's or place's name, folded once: the store's lists of them grow with every ingest,
    and refolding every name (and the world's places) per change cost the first answer after an
    ingest ~0.1 s."""
    return tuple(fold(t) for t in TOKEN.findall(name))


def _osa(a: str, b: str) -> int:
    """Edit distance counting an adjacent transposition as one edit (typos)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


_Index = tuple[dict[str, list[tuple[tuple[str, ...], str]]], dict[str, list[str]], dict[str, list[str]]]


@lru_cache(maxsize=16)
def _speaker_index(speakers: tuple[str, ...]) -> _Index:
    """Built once per distinct speaker list, so a question costs O(its words):
    first token -> full names; surname variant -> names; 2-letter prefix -> surnames
    of 5+ letters (candidates for the fuzzy match)."""
    full: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    surname: dict[str, list[str]] = {}
    fuzzy: dict[str, list[str]] = {}
    for name in speakers:
        toks = [t for t in _folded_tokens(name) if t]
        while len(toks) > 1 and toks[-1] in _SUFFIXES:  # "Martin Luther King Jr." -> King
            toks.pop()
        if not toks:
            continue
        key = tuple(_variant(t) for t in toks)
        if len(key) > 1:
            full.setdefault(key[0], []).append((key, name))
        if not _has_surname(name):
            continue
        if key[-1] not in surname and len(toks[-1]) >= 5:
            fuzzy.setdefault(key[-1][:2], []).append(key[-1])
        surname.setdefault(key[-1], []).append(name)
    return full, surname, fuzzy


# Lower-case words a person's name may hold: "Ursula von der Leyen", "Charles de Gaulle".
_PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "bin", "al", "el", "y",
              "dos", "das", "do", "ten", "ter", "te", "op"}


def _has_surname(name: str) -> bool:
    """May the last word alone stand for this speaker? Not for a description the extractor kept as a
    speaker ("new ferry routes to the port", "some shares in the index": lower-case words)."""
    return not any(w[:1].islower() and w.lower() not in _PARTICLES for w in TOKEN.findall(name))


@lru_cache(maxsize=4096)
def same_given_name(a: str, b: str) -> bool:
    """Do two folded first names name one person: the same, or one a nickname of the other ("kate" and
    "katherine", "bob" and "robert"), from the `nicknames` package's hand-curated table (Apache-2.0)?"""
    if a == b:
        return True
    # Only a name and its own nicknames: two nicknames of one full name are two people ("Trish", "Patsy").
    return b in given_name_forms(a)


def given_name_forms(name: str) -> set[str]:
    """Other forms of a first name: its nicknames and the names it is a nickname of ("kate": katherine…)."""
    forms = _nicknames()
    return forms.nicknames_of(name) | forms.canonicals_of(name)


@lru_cache(maxsize=1)
def _nicknames():
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=4)
def _first_names(speakers: tuple[str, ...]) -> frozenset[str]:
    """The first words of stored names of two words ("Ada Brill" -> ada): the words a question puts
    before a surname to say which person it means."""
    return frozenset(_variant(toks[0]) for toks in (_folded_tokens(n) for n in speakers) if len(toks) == 2 and toks[0])


def _aliases(key: tuple[str, ...], name: str, known: tuple[str, ...]) -> list[str]:
    """Other stored names of the person a full name names: the same name in other case ("HILLARY
    CLINTON" from a headline), with words before it ("Democrat Ada Brill", "Senator Ada Brill")
    or middle initials ("Ada K. Brill"). Extraction stores each form as a speaker of its own."""
    _, surname, _ = _speaker_index(known)
    out = []
    for other in surname.get(key[-1], ()):
        toks = tuple(_variant(t) for t in _folded_tokens(other) if t)
        middle = toks[1:-1]
        initials = len(toks) > len(key) == 2 and toks[0] == key[0] and all(len(t.rstrip(".")) == 1 for t in middle)
        if other != name and (toks[-len(key):] == key or initials):
            out.append(other)
    return out


def match_speakers(
    words: list[tuple[int, int, str]],
    known: tuple[str, ...],
    all_lower: bool,
    within: tuple[int, int] | None = None,
    drop: Callable[[int, int], bool] | None = None,
) -> tuple[list[str], list[tuple[int, int]]]:
    """Speakers named in the words (order of mention), and the spans that named them; only
    inside `within` when given (the subject of "What did X say about Y?"), and none whose
    span `drop` refuses."""
    full, surname, fuzzy = _speaker_index(known)
    hits: list[tuple[int, int, list[str]]] = []
    keys = [_variant(fold(w)) for _, _, w in words]
    used = [False] * len(words)
    for i, k in enumerate(keys):  # full names first: they win over a shared surname
        for key, name in full.get(k, ()):
            n = len(key)
            if tuple(keys[i : i + n]) == key and not any(used[i : i + n]):
                hits.append((words[i][0], words[i + n - 1][1], sorted([name, *_aliases(key, name, known)], key=str.isupper)))
                used[i : i + n] = [True] * n
    for i, (start, end, word) in enumerate(words):
        if used[i]:
            continue
        folded = fold(word)
        capital = all_lower or word[:1].isupper()
        names = surname.get(keys[i], [])
        if folded in MONTHS and i + 1 < len(words) and words[i + 1][2][:1].isdigit():
            continue  # "May 2019" is a month, not Theresa May
        if names and (not capital or (folded in STOP_WORDS and (i == 0 or all_lower))):
            # "will", "jobs" in a mixed-case question, "Will" opening one, "the" or "may" in one all in
            # lower case: words, not Will Marsh / Ada Jobs / a speaker the extractor named "The"
            continue
        if not names and capital and len(folded) >= 5 and folded not in STOP_WORDS and not is_everyday(folded):
            k = keys[i]  # fuzzy: same first two letters, 1 edit (2 for 9+ letters)
            names = [n for s in fuzzy.get(k[:2], ()) if abs(len(s) - len(k)) <= 2
                     and _osa(s, k) <= (1 if len(s) < 9 else 2) for n in surname[s]]
        if names and i > 0 and not used[i - 1] and words[i - 1][2][:1].isupper() and keys[i - 1] in _first_names(known):
            # "Tomas Vane" is not Laurene Vane: another first name before a stored surname is someone else.
            names = [n for n in names if any(same_given_name(keys[i - 1], _variant(t)) for t in _folded_tokens(n))]
        if names:
            hits.append((start, end, names))
    if within is not None:
        hits = [h for h in hits if within[0] <= h[0] and h[1] <= within[1]]
    if drop is not None:
        hits = [h for h in hits if not drop(h[0], h[1])]
    hits.sort(key=lambda h: h[0])
    found = [n for _, _, ns in hits for n in ns]
    return list(dict.fromkeys(found)), [(a, b) for a, b, _ in hits]


def names_one_of(name: str, speakers: Iterable[str]) -> bool:
    """Does `name` (a word or two of a question) name one of these speakers, perhaps spelt another
    way ("Kovalenky" for Ivan Kovalenkyy)? The question's own speaker match, applied to a name."""
    words = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(name)]
    return bool(match_speakers(words, tuple(speakers), all_lower=name.islower())[0])


# ---------------------------------------------------------------- places
PlaceIndex = dict[tuple[str, ...], tuple[str, bool]]  # folded name tokens -> (name, must match case)


def _entries(names: Iterable[str], builtin: bool) -> PlaceIndex:
    index: PlaceIndex = {}
    for name in names:
        key = _folded_tokens(name)
        strict = builtin or (name.isupper() and len(name) <= 3) or name.lower() in STOP_WORDS
        if key and key not in index:
            index[key] = (name.strip(), strict)
    return index


@lru_cache(maxsize=1)
def _world_index() -> PlaceIndex:
    """Beyond the places the store knows: the world's countries and cities, from data."""
    return _entries(world_places(), builtin=True)


@lru_cache(maxsize=16)
def _place_index(known: tuple[str, ...]) -> tuple[PlaceIndex, int]:
    """Known places match case-insensitively except acronyms and everyday words ("US" is not
    "us"); built-ins ("Turkey", "China") only when capitalised, and a known place wins over a
    built-in of the same name. A dict of token tuples keeps big place lists cheap per question."""
    index = {**_world_index(), **_entries(known, builtin=False)}
    return index, max(map(len, index))


def places_in(words: list[tuple[int, int, str]], known: tuple[str, ...]) -> list[str]:
    index, longest = _place_index(known)
    folded = [fold(w) for _, _, w in words]
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):  # longest first: "New York"
            hit = index.get(tuple(folded[i : i + n]))
            exact = not hit or not hit[1] or [_bare(w) for *_, w in words[i : i + n]] == [
                _bare(t) for t in TOKEN.findall(hit[0])]
            if hit and exact:
                found.append(hit[0])
                i += n - 1
                break
        i += 1
    return list(dict.fromkeys(found))
