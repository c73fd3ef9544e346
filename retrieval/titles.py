"""Titles and roles: which office a question asks about, whose it is, and whether a word is a title.

"Who is Acme Rail's chief executive?" asks for a role ("chief executive", also written "CEO") held at
an employer ("Acme Rail"); in "What did the manager of Harbour Records say?" the name is the employer,
not the speaker. Pure regex work like the rest of question parsing; nameparser's title list is read
on first use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from retrieval.attribution.gazetteer import HUMAN_NOUNS, ORG_DESCRIPTORS, SOURCE_NOUNS
from retrieval.speech_verbs import SPEECH_FORMS, SPEECH_NOUNS
from retrieval.stopwords import STOP_WORDS

# Role nouns ("minister", "spokesman", "chief"): a title, not part of a name; a question naming one
# asks who holds it.
ROLE_WORDS = (
    r"(?:spokes(?:wo)?man|spokesperson|official|minister|executive|analyst|person|people"
    r"|politician|leader|president|ceo|chief|director|expert|economist|lawmaker|senator"
    r"|governor|general|commander|officer|manager|representative|diplomat|source|member"
    r"|man|woman|one|chairman|secretary|head|founder|lawyer|prosecutor|judge|cfo|vp|boss)s?"
)

# Who speaks for a body ("the Harbour Board spokeswoman", "a spokesman for Acme Rail", "Admiralty officials",
# "the ministry's chief"): its spokespeople and officers. A member, an analyst or a worker there
# speaks for themselves; a closed class of role nouns, like ROLE_WORDS (which also holds those).
SPEAKS_FOR = (
    r"(?:spokes(?:wo)?m[ae]n|spokespe(?:rson|ople)|press\s+secretary|official|representative|executive|ceo"
    r"|chief|chair(?:wo)?man|chair|president|director|head|leader|secretary|minister|ambassador|envoy)s?"
)

_ROLE_NAMES = [
    ("ceo", "chief executive"),
    ("spokesman", "spokeswoman", "spokesperson"),
    ("chairman", "chairwoman", "chair"),
    ("prime minister", "premier"),
    ("minister",), ("president",), ("analyst",), ("senator",), ("governor",), ("secretary",), ("director",),
    ("economist",), ("mayor",), ("official",),
    ("vice president", "vice-president", "vp"),
    ("cfo", "chief financial officer", "finance chief", "finance director"),
    ("boss", "head", "leader"),
]
# The top of a body as the articles name it, for a question asking for its boss, head or leader ("Acme's
# boss" is its chief executive, "the head of the union" its general secretary); these, not "head" or
# "leader" themselves, which news also writes of the head of sales or a union leader.
_TOP_ASKED = ("boss", "head", "leader")
_TOP_OFFICES = ("ceo", "chief executive", "president", "chairman", "chairwoman", "general secretary",
                "secretary general", "director general", "managing director")


_EMPLOYER = re.compile(
    r"(?:['’]s)?\s+(?:[a-z]+\s+)?(?:" + "|".join(n for names in _ROLE_NAMES for n in names) + r")s?\b", re.I
)


_ROLE_OF = re.compile(
    r"((?:[A-Z][\w&.-]*(?:\s+of)?\s+){0,3}[A-Z][\w&.-]*)(?:['’]s)?\s+(?:[a-z]+\s+)?(?i:"  # "Acme CEO" as "Acme ceo"
    + "|".join(n for names in _ROLE_NAMES for n in names)
    + r")s?\b"
)


_OF_ROLE = re.compile(
    r"\b(?:" + "|".join(n for names in _ROLE_NAMES for n in names) + r")s?\s+(?:of|at|for)\s+(?:the\s+)?"
    r"((?:[A-Z][\w&.-]*(?:\s+of)?\s+){0,3}[A-Z][\w&.-]*)",
    re.I,
)


_ROLE_KIND = re.compile(
    r"((?:(?<![\w'’])[a-z][\w-]*\s+){1,2})(?:" + "|".join(n for names in _ROLE_NAMES for n in names) + r")s?\b"
)


def role_kind(clean: str) -> list[str]:
    """Lower-case words right before a role that say which office ("the finance minister", "the
    transport ministers"); stop words ("the", "former") and capitalised words (a country, an
    employer: the text may write those as "Norway's") are not required of the holder."""
    return [w for m in _ROLE_KIND.finditer(clean) for w in m.group(1).split() if w not in STOP_WORDS]


def employer(clean: str) -> str:
    """Whose role the question asks about: "Bank of America's chief executive" and "the chief
    executive of Bank of America" both give "Bank America"."""
    match = _ROLE_OF.search(clean) or _OF_ROLE.search(clean)
    if not match:
        return ""
    return " ".join(w for w in match.group(1).split() if w.lower() not in STOP_WORDS)


def names_employer(clean: str) -> Callable[[int, int], bool]:
    """"Acme's chief executive", "ministry spokesman", "the band's manager": a name there is the
    employer, not a speaker; nor is it in "Acme's restructuring plan" (a thing of the name's) or
    "Acme workers" (people of it who do not speak for it)."""
    role_of = _ROLE_OF.search(clean) or _OF_ROLE.search(clean)
    held_at = role_of.span(1) if role_of else (-1, -1)
    return lambda start, end: (bool(_EMPLOYER.match(clean, end) or title_after(clean, end) or title_before(clean, start))
                               or held_at[0] <= start < held_at[1] or _owns(clean, end) or _people_of(clean, end))


def _owns(clean: str, end: int) -> bool:
    """Is the name at `end` the possessor of a thing ("Acme's restructuring plan", "Acme's 900 jets"),
    rather than of its words, its voices or a title ("Acme's statement", "Acme's chief")?"""
    m = _THING.match(clean, end)
    # (A question's word token may hold the possessive: "Acme's" ends after it.)
    if not m or not (m.group(1) or re.search(r"['’]s?$", clean[:end])):
        return False
    words = m.group(2).split()
    if not words[0][:1].islower() and not words[0][:1].isdigit():
        return False
    for word in words:
        if _VOICE.fullmatch(word.lower()) or is_title(word):
            return False
        if word in STOP_WORDS or word in SPEECH_FORMS:  # the thing's name has ended: "Acme's plan called…"
            break
    return True


def _people_of(clean: str, end: int) -> bool:
    """Is the name at `end` followed by people of it who speak for themselves ("Acme workers",
    "Vane supporters"), not for it ("Acme officials", "Acme spokesmen")?"""
    m = re.match(r"\s+([a-z]+s)\b", clean[end:])
    return bool(m) and m.group(1) in HUMAN_NOUNS and not re.fullmatch(SPEAKS_FOR, m.group(1)) and not is_title(m.group(1))


_OF_NAME = re.compile(r"\b([a-z][\w-]*)\s+(?:of|at|for)\s+(?:the\s+)?$")


# "Almeida's predecessor", "the Larks' new manager": a subject that is something a name has.
_POSSESSED = re.compile(r"(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*['’]s?\s+(?:[a-z][\w-]*\s+){0,2}([a-z][\w-]*)")
# What is X's own words when X's name stands before it with a possessive ("Brill's statement said");
# retrieval.speaking reads sentences with it too.
OWN_WORDS = rf"(?:{'|'.join(sorted(SPEECH_NOUNS))})s?"
_OWN_WORDS = re.compile(rf"{OWN_WORDS}|words")

# What a name's words or voices are called after its possessive: "Vane's reaction to…", "Acme's statement",
# "Brill's campaign said" (news resolves the campaign to her), "the ministry's office".
STANCE_NOUNS = (r"reaction|response|comments?|views?|position|stance|take|verdict|opinion|remarks|words|thoughts"
                r"|message|statement")
_VOICE = re.compile(rf"(?:{STANCE_NOUNS}|{OWN_WORDS}|{'|'.join(sorted(ORG_DESCRIPTORS))}|office|team|camp|government"
                    r"|administration|aides?|staff|lawyers?)s?")
_THING = re.compile(r"(['’]s?)?\s+((?:[\w-]+\s+){0,2}[\w-]+)")  # what follows a name, after its possessive


def held_by_name(subject: str) -> str:
    """The speaker noun of a quote question's subject that a name has ("predecessor" in "Almeida's
    predecessor", "lawyer" in "Brill's lawyer"), else "" (also for "Brill's statement" or "Acme's
    report": the name's own words)."""
    m = _POSSESSED.fullmatch(subject.strip())
    if not m or _OWN_WORDS.fullmatch(m.group(1)) or m.group(1) in SOURCE_NOUNS:
        return ""  # "Acme's annual report said": a document of the name's is its words
    return m.group(1)


def title_before(clean: str, start: int) -> str:
    """The title whose holder works for a name: "the manager of Harbour Records", "a spokesman for
    Brill" (Brill is not the one speaking), else ""."""
    m = _OF_NAME.search(clean, 0, start)
    return m.group(1) if m and is_title(m.group(1)) else ""


# Up to four words: "Acme's 900 program manager", "the Acme Harbour Lines CEO".
_AFTER_NAME = re.compile(r"(?:['’]s?)?((?:\s+\w[\w&-]*){1,4})")


def title_after(clean: str, end: int) -> str:
    """The title a name owns, written right after it ("Acme's manager", "the Larks' press
    officer", "Acme plant director"), else "". A stop word or a verb of saying ends the search: in
    "Did Brill tell the minister…" the minister is not Brill's."""
    m = _AFTER_NAME.match(clean, end)
    for word in (m.group(1).split() if m else []):
        if is_title(word):
            return word
        if word in STOP_WORDS or word in SPEECH_FORMS:
            break
    return ""


def is_title(word: str) -> bool:
    """A title a name is introduced with or a role a person holds ("Mayor", "Rabbi", "Prof.",
    "manager"): nameparser's list of about 600, the role nouns questions are parsed with, and
    compounds ending in one ("Chairwoman", "Congresswoman")."""
    low = word.lower().rstrip(".")
    return low in _titles() or bool(_TITLE.fullmatch(low) or _COMPOUND_TITLE.fullmatch(low))


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    from nameparser.config.titles import TITLES  # data: nameparser (LGPL-2.1), loaded on first use

    return frozenset(TITLES)


_TITLE = re.compile(rf"(?:{ROLE_WORDS}|mr|mrs|ms|dr|sen|rep|gov|gen|prime|vice|former)\.?", re.I)
_COMPOUND_TITLE = re.compile(r"[a-z]{3,}(?:wo)?(?:man|person)")


def roles_named(low: str, clean: str) -> list[str]:
    """Roles the question names, each with its synonyms, so "chief executive" finds a "CEO"; and
    any other title a name owns ("the Larks' manager")."""
    found = [names for names in _ROLE_NAMES if any(re.search(rf"\b{n}s?\b", low) for n in names)]
    roles = [name for names in found if names != _TOP_ASKED for name in names]
    roles += list(_TOP_OFFICES) if _TOP_ASKED in found else []
    names = list(re.finditer(r"\b[A-Z][\w.&-]*", clean))
    owned = [title_after(clean, m.end()) for m in names] + [title_before(clean, m.start()) for m in names]
    return roles + [t for t in dict.fromkeys(owned) if t and not any(t in r for r in roles)]
