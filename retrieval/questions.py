"""Rules-first question understanding: kind, speakers, dates, places and terms.

Pure regex/string work (no spaCy model) so it costs well under a millisecond and
behaves predictably; retrieval uses the result as filters and boosts.

Date rules are in `retrieval.dates`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from retrieval.attribution.gazetteer import SPEECH_FORMS
from retrieval.dates import MONTHS, date_range
from retrieval.geography import world_places
from retrieval.stopwords import STOP_WORDS  # spaCy's list, without importing spaCy

Kind = Literal["quote", "who", "when", "where", "what"]


class Question(BaseModel):
    text: str
    kind: Kind
    speakers: list[str]  # canonical names from known_speakers, in order of mention
    date_from: dt.date | None
    date_to: dt.date | None  # inclusive; both set (equal) for a single day
    places: list[str]
    terms: list[str]  # lower-case content words for lexical matching
    pronoun: bool  # refers to someone by pronoun and no speaker matched
    roles: list[str] = []  # roles asked about, with synonyms: "chief executive" -> ["ceo", "chief executive"]
    employer: str = ""  # whose role: "Acme Rail" in "Acme Rail's chief executive"
    about_words: bool = False  # asks what was said (a speech verb, "according to"), not only about an event

    @property
    def asks_what_said(self) -> bool:
        """Asks for someone's words ("What did X say about Y?"), not about an event involving them."""
        return self.kind == "quote" or (self.kind != "who" and self.about_words)


# ---------------------------------------------------------------- kind
# Polite wrappers hide the real question word ("Can you tell me who said…").
_PREFIX = re.compile(
    r"^(?:(?:hey|hi|ok(?:ay)?|so|and|but|also|please)[,!]?\s+)*"
    r"(?:(?:can|could|would|will) you (?:please )?(?:tell me|find out|check|let me know)\s+"
    r"|(?:do|does) (?:you|anyone) know\s+|(?:please )?(?:tell|show) me\s+"
    r"|i (?:want|would like|'d like) to know\s+|i wonder\s+)?"
)
_AUX = r"(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|should)"
_ROLE = (
    r"(?:spokes(?:wo)?man|spokesperson|official|minister|executive|analyst|person|people"
    r"|politician|leader|president|ceo|chief|director|expert|economist|lawmaker|senator"
    r"|governor|general|commander|officer|manager|representative|diplomat|source|member"
    r"|man|woman|one|chairman|secretary|head|founder|lawyer|prosecutor|judge)s?"
)
_SPEECH = (
    r"(?:say|says|said|tell|told|think|thought|call|called|claim|claimed|mean|meant"
    r"|describe|described|comment|commented|react|reacted|respond|responded|reply|replied"
    r"|feel|felt|write|wrote|announce|announced|warn|warned|argue|argued|add|added"
    r"|explain|explained|state|stated|mention|mentioned|tweet|tweeted|post|posted)"
)
ROLE_WORDS = _ROLE  # role nouns ("minister", "spokesman", "chief"): a title, not part of a name
_WHEN = re.compile(
    r"^(?:when\b|how long ago\b|(?:on|at|in|by|from|since|until) (?:what|which) "
    r"(?:date|day|time|year|month|week)\b|(?:what|which) (?:date|day|time|year|month)\b)"
)
_WHERE = re.compile(
    r"^(?:where\b|(?:in|at|from|to|near) (?:what|which) (?:city|country|town|place|state"
    r"|province|region|venue|location|capital)\b|(?:what|which) (?:city|country|town|venue"
    r"|location)\b)"
)
# "Which Acme spokesman…" is who; "What did the chief executive say" is not,
# so the words between which/what and the role noun may not be auxiliaries.
_WHO = re.compile(
    rf"^(?:who(?:m|se)?\b|(?:which|what) (?:(?!{_AUX}\b)[\w'’.-]+ ){{0,3}}?{_ROLE}\b)"
)
_QUOTE = re.compile(
    rf"^(?:(?:what|how)(?: else)? {_AUX} .{{0,120}}?\b{_SPEECH}\b"
    rf"|what (?:was|is|were|are) .{{0,80}}?\b(?:reaction|response|comments?|message|statement"
    rf"|views?|position|opinion|answer|reply|words|quote|remarks)\b"
    rf"|what (?:[\w'’.-]+ ){{1,6}}?(?:said|says|told|thinks|thought|called)\b"
    rf"|(?:did|does|do|has|have) .{{0,80}}?\b{_SPEECH}\b)"
)


def reports_speech(text: str) -> bool:
    """Does a sentence report someone's words ("…, he said", "warned", "told reporters", "according to")?
    The cue words are the attribution extractor's own."""
    low = text.lower()
    return "according to" in low or any(word in SPEECH_FORMS for word in re.findall(r"[a-z]+", low))


_ABOUT_WORDS = re.compile(rf"\b(?:{_SPEECH}|according to|quotes?|words|remarks|statements?|comments?)\b")
_ACCORDING = re.compile(r"\baccording to\b|\bin (?:his|her|their|[\w'’.-]+'s) (?:own )?words\b")
_LEADING_ACCORDING = re.compile(r"^according to [^,?]{1,80},\s*")


def _kind(low: str) -> tuple[Kind, re.Match[str] | None]:
    """The kind, and the question-frame match (its words are not search terms)."""
    s = _PREFIX.sub("", re.sub(r"\b(what|who|where|when|how)['’]s\b", r"\1 is", low.strip()))
    # "According to X, when did…" is a when-question; otherwise according-to is a quote.
    core = _LEADING_ACCORDING.sub("", s)
    frames: tuple[tuple[Kind, re.Pattern[str]], ...] = (("when", _WHEN), ("where", _WHERE), ("who", _WHO))
    for kind, rx in frames:
        m = rx.match(core)
        if m:
            return kind, m
    if _QUOTE.match(core) or _ACCORDING.search(s):
        return "quote", None
    return "what", None


# ---------------------------------------------------------------- speakers
def _everyday(word: str) -> bool:
    """A common English word, or the plural of one."""
    words = _everyday_words()
    return word in words or (word.endswith("s") and word[:-1] in words)


@lru_cache(maxsize=1)
def _everyday_words() -> frozenset[str]:
    """Common English words: the whole words of the embedding model's WordPiece vocabulary (30k
    entries learnt from English text, shipped with the model's tokenizer). A question word among
    them is never stretched to a similar-looking surname by the typo match."""
    from retrieval.onnx_model import tokenizer_path

    vocab = json.loads(tokenizer_path().read_text("utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and w.islower())


_TOKEN = re.compile(r"[^\W_][\w.,%'’/-]*", re.UNICODE)
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _bare(word: str) -> str:
    """A token without a possessive or trailing punctuation, case kept."""
    return re.sub(r"(?:['’]s|['’])$", "", word.rstrip(".,/-"))


def _fold(word: str) -> str:
    """Bare, lower-case, without accents: "Erdoğan's" -> "erdogan"."""
    s = unicodedata.normalize("NFKD", _bare(word))
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'")


def _variant(s: str) -> str:
    """Collapse transliteration endings: Kovalenkyy/Kovalenky/Kovalenkiy/Kovalenki -> kovalenk."""
    if len(s) >= 5:
        stem = re.sub(r"(?:iy|yy|ij|ii|y|i)$", "", s)
        if len(stem) >= 4:
            return stem
    return s


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
        toks = [t for t in map(_fold, _TOKEN.findall(name)) if t]
        while len(toks) > 1 and toks[-1] in _SUFFIXES:  # "Martin Luther King Jr." -> King
            toks.pop()
        if not toks:
            continue
        key = tuple(_variant(t) for t in toks)
        if len(key) > 1:
            full.setdefault(key[0], []).append((key, name))
        if key[-1] not in surname and len(toks[-1]) >= 5:
            fuzzy.setdefault(key[-1][:2], []).append(key[-1])
        surname.setdefault(key[-1], []).append(name)
    return full, surname, fuzzy


def _match_speakers(
    words: list[tuple[int, int, str]],
    known: tuple[str, ...],
    all_lower: bool,
    within: tuple[int, int] | None = None,
    text: str = "",
) -> tuple[list[str], list[tuple[int, int]]]:
    """Speakers named in the question (order of mention), and the spans that named them;
    only inside `within` when given (the subject of "What did X say about Y?")."""
    full, surname, fuzzy = _speaker_index(known)
    hits: list[tuple[int, int, list[str]]] = []
    keys = [_variant(_fold(w)) for _, _, w in words]
    used = [False] * len(words)
    for i, k in enumerate(keys):  # full names first: they win over a shared surname
        for key, name in full.get(k, ()):
            n = len(key)
            if tuple(keys[i : i + n]) == key and not any(used[i : i + n]):
                hits.append((words[i][0], words[i + n - 1][1], [name]))
                used[i : i + n] = [True] * n
    for i, (start, end, word) in enumerate(words):
        if used[i]:
            continue
        folded = _fold(word)
        capital = all_lower or word[:1].isupper()
        names = surname.get(keys[i], [])
        if folded in MONTHS and i + 1 < len(words) and words[i + 1][2][:1].isdigit():
            continue  # "May 2019" is a month, not Theresa May
        if names and (not capital or (folded in STOP_WORDS and i == 0)):
            continue  # "will", "jobs" in a mixed-case question, "Will" opening one: words, not Will Smith / Steve Jobs
        if not names and capital and len(folded) >= 5 and folded not in STOP_WORDS and not _everyday(folded):
            k = keys[i]  # fuzzy: same first two letters, 1 edit (2 for 9+ letters)
            names = [n for s in fuzzy.get(k[:2], ()) if abs(len(s) - len(k)) <= 2
                     and _osa(s, k) <= (1 if len(s) < 9 else 2) for n in surname[s]]
        if names:
            hits.append((start, end, names))
    if within is not None:
        hits = [h for h in hits if within[0] <= h[0] and h[1] <= within[1]]
    if text:  # "Acme's chief executive", "ministry spokesman": the employer, not the speaker
        role_of = _ROLE_OF.search(text) or _OF_ROLE.search(text)
        employer = role_of.span(1) if role_of else (-1, -1)
        hits = [h for h in hits if not _EMPLOYER.match(text, h[1]) and not employer[0] <= h[0] < employer[1]]
    hits.sort(key=lambda h: h[0])
    found = [n for _, _, ns in hits for n in ns]
    return list(dict.fromkeys(found)), [(a, b) for a, b, _ in hits]


def names_one_of(name: str, speakers: Iterable[str]) -> bool:
    """Does `name` (a word or two of a question) name one of these speakers, perhaps spelt another
    way ("Kovalenky" for Ivan Kovalenkyy)? The question's own speaker match, applied to a name."""
    words = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(name)]
    return bool(_match_speakers(words, tuple(speakers), all_lower=name.islower())[0])


# ---------------------------------------------------------------- places
@lru_cache(maxsize=16)
def _place_index(known: tuple[str, ...]) -> tuple[dict[tuple[str, ...], tuple[str, bool]], int]:
    """Folded name tokens -> (name, must match case). Known places match case-insensitively
    except acronyms and everyday words ("US" is not "us"); built-ins ("Turkey", "China")
    only when capitalised. A dict of token tuples keeps big place lists cheap per question."""
    index: dict[tuple[str, ...], tuple[str, bool]] = {}
    # Beyond the places the store knows: the world's countries and cities, from data.
    for names, builtin in ((known, False), (world_places(), True)):
        for name in names:
            key = tuple(_fold(t) for t in _TOKEN.findall(name))
            strict = builtin or (name.isupper() and len(name) <= 3) or name.lower() in STOP_WORDS
            if key and key not in index:
                index[key] = (name.strip(), strict)
    return index, max(map(len, index))


def _places(words: list[tuple[int, int, str]], known: tuple[str, ...]) -> list[str]:
    index, longest = _place_index(known)
    folded = [_fold(w) for _, _, w in words]
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):  # longest first: "New York"
            hit = index.get(tuple(folded[i : i + n]))
            exact = not hit or not hit[1] or [_bare(w) for *_, w in words[i : i + n]] == [
                _bare(t) for t in _TOKEN.findall(hit[0])]
            if hit and exact:
                found.append(hit[0])
                i += n - 1
                break
        i += 1
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------- terms, pronoun
# Question and speech words carry no content; a few spaCy stopwords do ("first flight").
_DROP = (set(STOP_WORDS) | set(
    "what who whom whose when where which why how say says said saying tell tells told telling"
    " think thinks thought call calls called claim claimed comment comments commented react"
    " reacted reaction respond responded response according mention mentioned state stated"
    " quote quoted describe described warn warned explain explained add added else exactly"
    " know me please happened s".split()
)) - {"first", "last", "top", "bottom", "front", "back", "full", "empty", "fire", "third"}
_PRONOUN = re.compile(r"\b(?:he|she|they|him|her|his|them|their|hers)\b", re.I)
_ROLE_RX = re.compile(rf"\b{_ROLE}\b", re.I)


def _terms(text: str, blank: list[tuple[int, int]]) -> list[str]:
    for a, b in blank:
        text = text[:a] + " " * (b - a) + text[b:]
    out: list[str] = []
    for raw in _TOKEN.findall(text):
        t = _fold(raw).strip("'.,/-")
        if not t or t in _DROP or (len(t) == 1 and not t.isdigit()):
            continue
        out.append(t)
    return list(dict.fromkeys(out))


def _has_pronoun(text: str, words: list[tuple[int, int, str]]) -> bool:
    """A pronoun with no candidate antecedent before it: "What else did he say?", but
    not "…Acme Rail's chief executive say after his company…"."""
    m = _PRONOUN.search(text)
    if not m:
        return False
    before = text[: m.start()]
    named = any(w[:1].isupper() and w != "I" for s, _, w in words[1:] if s < m.start())
    return not named and not _ROLE_RX.search(before)


# "What did <subject> say about …": names after the verb are the topic, not the speaker.
_SUBJECT = re.compile(
    r"\b(?:did|does|do|has|have|had|will|would)\s+(.+?)\s+(?:say|said|tell|told|think|call|describe|claim|warn"
    r"|announce|react|respond|comment|predict|mean|add|write|argue|note|reveal|promise|admit|deny|suggest)\b",
    re.I,
)

# ---------------------------------------------------------------- roles
_ROLE_NAMES = [
    ("ceo", "chief executive"),
    ("spokesman", "spokeswoman", "spokesperson"),
    ("chairman", "chairwoman", "chair"),
    ("prime minister", "premier"),
    ("minister",), ("president",), ("analyst",), ("senator",), ("governor",), ("secretary",), ("director",),
    ("economist",), ("mayor",), ("official",),
]


_EMPLOYER = re.compile(
    r"(?:['’]s)?\s+(?:[a-z]+\s+)?(?:" + "|".join(n for names in _ROLE_NAMES for n in names) + r")s?\b", re.I
)


_ROLE_OF = re.compile(
    r"((?:[A-Z][\w&.-]*(?:\s+of)?\s+){0,3}[A-Z][\w&.-]*)(?:['’]s)?\s+(?:[a-z]+\s+)?(?:"
    + "|".join(n for names in _ROLE_NAMES for n in names)
    + r")s?\b"
)


_OF_ROLE = re.compile(
    r"\b(?:" + "|".join(n for names in _ROLE_NAMES for n in names) + r")s?\s+(?:of|at|for)\s+(?:the\s+)?"
    r"((?:[A-Z][\w&.-]*(?:\s+of)?\s+){0,3}[A-Z][\w&.-]*)",
    re.I,
)


def _employer(clean: str) -> str:
    """Whose role the question asks about: "Bank of America's chief executive" and "the chief
    executive of Bank of America" both give "Bank America"."""
    match = _ROLE_OF.search(clean) or _OF_ROLE.search(clean)
    if not match:
        return ""
    return " ".join(w for w in match.group(1).split() if w.lower() not in STOP_WORDS)


def _roles(low: str) -> list[str]:
    """Roles the question names, each with its synonyms, so "chief executive" finds a "CEO"."""
    found = [names for names in _ROLE_NAMES if any(re.search(rf"\b{n}s?\b", low) for n in names)]
    return [name for names in found for name in names]


# ---------------------------------------------------------------- entry point
def parse_question(
    text: str,
    known_speakers: Iterable[str] = (),
    reference_date: dt.date | None = None,
    known_places: Iterable[str] = (),
) -> Question:
    """Parse a news question with rules (see the module docstring for the date rules).

    `reference_date` is what relative dates count from: the newest article's
    publication date, or today when omitted."""
    ref = reference_date or dt.date.today()
    clean = " ".join(text.split())
    low = clean.lower()
    words = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(clean)]
    all_lower = not any(c.isupper() for c in clean)

    kind, frame = _kind(low)
    subject = _SUBJECT.search(clean) if kind == "quote" else None
    within = subject.span(1) if subject else None
    speakers, speaker_spans = _match_speakers(words, tuple(known_speakers), all_lower, within, clean)
    (date_from, date_to), date_spans = date_range(clean, ref)
    places = _places(words, tuple(known_places))
    blank = speaker_spans + date_spans
    if frame is not None and kind in ("when", "where"):  # "On what date", "In which city"
        offset = low.find(frame.group(0))
        if offset >= 0:
            blank.append((offset, offset + len(frame.group(0))))
    return Question(
        text=text,
        kind=kind,
        speakers=speakers,
        date_from=date_from,
        date_to=date_to,
        places=places,
        terms=_terms(clean, blank),
        pronoun=not speakers and _has_pronoun(clean, words),
        roles=_roles(low),
        employer=_employer(clean),
        about_words=bool(_ABOUT_WORDS.search(low)),
    )
