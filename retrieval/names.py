"""Honest names: what a question names that nothing stored mentions cannot be answered.

A word-name is known when the lexical index holds its words, or any other name of the same
country ("Norwegian" when the articles say "Norway"), or of the same first name ("Katy" when
they say "Katherine"). A code with digits ("XR-7", "A-12 MKII")
must appear as written — spacing, hyphens and case aside — in the evidence found for the
question, and a name of several words ("Orchard Watch") must have all its words in one sentence of
it ("Ada Brill" is mentioned by "Ada K. Brill"): each of its words may be stored while the
thing itself is not.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from retrieval.dates import MONTHS, WEEKDAYS, YEAR
from retrieval.geography import other_forms
from retrieval.lexical import LexicalIndex, tokenize
from retrieval.mentions import fold, given_name_forms, names_one_of
from retrieval.models import Passage
from retrieval.passages import passage_sentences
from retrieval.questions import Question
from retrieval.titles import is_title

if TYPE_CHECKING:
    from retrieval.search import Ranked


def unknown_names(question: Question, ranked: Ranked, lexical: LexicalIndex) -> list[str]:
    """Names, codes and numbers in the question that nothing stored mentions."""
    passages = [*(p for p, _ in ranked.passages), *ranked.holding.values()]
    unknown = [name for name in _codes_and_phrases(question)
               if not _mentioned(name, passages) and not _names_speaker(name, question)]
    text = question.text
    for match in re.finditer(r"(?<!^)(?<![.?!] )\b([A-Z][\w'-]*[a-z0-9][\w'-]*|\d[\w.%-]*\d)\b", text):
        word = re.sub(r"['’]s$", "", match.group(1))
        if any(word in name for name in unknown) or _known_word(word, question, lexical) or word.lower() in _COMPANY_SUFFIXES:
            continue
        if is_title(word) and _NAME_NEXT.match(text, match.end()):
            continue  # "Mayor Kari Dahl": how a question introduces a name, whatever title the articles use
        unknown.append(word)
    return unknown


_NAME_NEXT = re.compile(r"\.? +[A-Z]")


def _known_word(name: str, question: Question, lexical: LexicalIndex) -> bool:
    if _names_speaker(name, question) or name in question.places or is_date_word(name):
        return True
    stems = tokenize([name.replace("-", " ")])[0]
    if not stems or all(lexical.knows(s) for s in stems):
        return True
    if name.isdigit() and len(name) > 3:  # "1000" as the articles write it: "1,000"
        return all(lexical.knows(s) for s in tokenize([f"{int(name):,}"])[0])
    # A country by its demonym ("Norwegian"), a first name by its nickname or in full ("Katy", "Katherine")
    forms = other_forms(name) | given_name_forms(name.lower())
    return any(all(lexical.knows(s) for s in tokenize([form])[0]) for form in forms)


_CODE = re.compile(r"\b[A-Z0-9]+(?:[- ][A-Z0-9]+)*\b")


_PHRASE = re.compile(r"(?<![.?!] )(?<!^)\b([A-Z][\w'’-]+(?: (?:of |de |the )?[A-Z][\w'’-]+)+)")


def _codes_and_phrases(question: Question) -> list[str]:
    """Model numbers and codes ("XR-7", "A-12 MKII", "737 MAX 8"), and names of several capitalised
    words ("Orchard Watch") that are not a title followed by a name ("President Brill")."""
    codes = (" ".join(YEAR.sub(" ", m.group(0)).split()) for m in _CODE.finditer(question.text))
    # A year beside an acronym ("WWDC 2005") is a date, not part of a model number.
    found = [code for code in codes if re.search(r"\d", code) and re.search(r"[A-Z]", code)]
    for match in _PHRASE.finditer(question.text):
        # Titles and nationalities are how a name is introduced, not part of it:
        # "German Chancellor Ada Brill" is mentioned by "Chancellor Ada Brill of Germany".
        # A place after "of"/"de" is part of the name ("Bank of Lisbon", "Tour de France").
        raw = re.sub(r"['’]s\b", "", match.group(1)).split()
        words = [w for i, w in enumerate(raw) if w.lower() not in _CONNECTORS and not is_title(w)
                 and w.rstrip(".").lower() not in _COMPANY_SUFFIXES  # "Acme Motors Inc." is "Acme Motors"
                 and not (other_forms(w) and (i == 0 or raw[i - 1].lower() not in _CONNECTORS))]
        if len(words) >= 2:
            found.append(" ".join(words))
    return list(dict.fromkeys(found))


_CONNECTORS = {"of", "de", "the"}


def unmentioned(question: Question, words: set[str], weights: dict[str, float]) -> list[str]:
    """The question's names that these (stemmed) words of an article never mention, by name or
    nickname: "When did Acme file for bankruptcy?" is not answered by an article on another carmaker's
    filing. Left out, as an article may write them another way: places and their peoples ("the UK"
    for "Britain"), acronyms and codes ("AM" for "Acme Motors"), company suffixes ("Inc."), the
    first of two capitalised words when the second is there (a first name: "President Macron"), the
    names of the question's speakers (matched however spelt), and words the question does not search
    for (dates, titles). A question joining two things ("… and did Brill …?") is not refused whole."""
    if re.search(r"\b(?:and|or)\b", question.text):
        return []
    folded = {fold(w) for w in words}
    missing = []
    for written in question.topic_names:
        name = re.sub(r"['’]s?$", "", written)
        spelt = _speakers_named(question, name)
        # A speaker's name is no search term, but the article must still mention them.
        searched = bool(spelt) or all(s in weights for s in tokenize([name])[0])
        if not searched or _written_otherwise(name, _capitals_after(written, question.text), question, folded):
            continue
        if not any(f and all(fold(s) in folded for s in f) for f in _forms(name, spelt)) and not _short_for(name, folded):
            missing.append(name)
    # A model code ("520-8", "K20", "XR-7") is written as it is: an article about another one ("the
    # 610") does not answer. (Its plural, "K35s", is the code. Read by its indexed words, a part of one
    # character is not checked: "520-8" is taken as mentioned where "520" is.)
    for code in dict.fromkeys(m.group(1) for m in _MODEL_CODE.finditer(question.text)):
        if re.search(r"[A-Za-z]{3}", code):
            continue  # a name with a number in it ("Plan9") may be written otherwise ("the plan"), as names are
        stems = tokenize([code])[0]
        if stems and all(s in weights for s in stems) and not all(fold(s) in folded for s in stems):
            missing.append(code)
    return missing


# A code: letters and digits mixed, or digits joined by a hyphen; not a year, an ordinal, a decade, a
# quarter or a figure with its unit ("20th", "1990s", "Q1", "10km", "3bn").
_MODEL_CODE = re.compile(r"(?<![\w$€£-])((?=[\w-]*\d)(?=[\w-]*(?:[A-Za-z]|\d-\d))(?![QH][1-4]\b)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*?)"
                         r"(?<!\d(?:st|nd|rd|th))(?<!\d(?:km|kg|mn|bn|pm|am))(?<!\d(?:m|s))s?(?![\w-])")


def name_forms(question: Question, name: str) -> list[list[str]]:
    """The stemmed ways an article may write one of the question's names: as written, as a nickname or in
    full ("Kate", "Katherine"), and, for a stored speaker's, as the articles spell it ("Zelenskyy")."""
    return _forms(name, _speakers_named(question, name))


def _forms(name: str, spelt: list[str]) -> list[list[str]]:
    return [tokenize([form])[0] for form in [name, *given_name_forms(name.lower()), *spelt]]


def _speakers_named(question: Question, name: str) -> list[str]:
    return [sp for sp in question.speakers if name in sp.split() or names_one_of(name, [sp])]


def _written_otherwise(name: str, after: list[str], question: Question, folded: set[str]) -> bool:
    """Might an article write this name of the question another way, so that not finding it tells nothing?
    `after` are the capitalised words following it in the question."""
    return (not tokenize([name])[0] or name.isupper() or bool(re.search(r"\d", name))  # acronyms, codes
            or name.rstrip(".").lower() in _COMPANY_SUFFIXES
            or any(other_forms(part) for part in name.split("-")) or any(name in place for place in question.places)
            or bool(after and other_forms(after[0]))  # "Central Asian", "East Timorese"
            # the first of two capitalised words whose second the article holds: a first name ("Emmanuel
            # Macron" where it says "President Macron")
            or (len(after) == 1 and all(fold(s) in folded for s in tokenize([after[0]])[0])))


_COMPANY_SUFFIXES = {"inc", "corp", "co", "ltd", "plc", "llc", "gmbh", "ag", "sa", "nv", "spa"}


def _capitals_after(word: str, text: str) -> list[str]:
    """The capitalised words right after the word in the text ("Motors Corp" after "Acme")."""
    after = re.search(rf"\b{re.escape(word)}((?:\s+[A-Z][\w-]*)+)", text)
    return after.group(1).split() if after else []


def _short_for(name: str, folded: set[str]) -> bool:
    """A short name may stand for a longer word the article holds ("Fed" for "Federal")."""
    low = fold(name)
    return len(low) <= 4 and any(w.startswith(low) for w in folded)


def _mentioned(name: str, passages: list[Passage]) -> bool:
    if re.search(r"\d", name):  # a code: as written
        return _normalised(name) in _normalised(" ".join(p.text for p in passages))
    # Each word as written (all of "Jean-Luc") or, the first, as a nickname or in full ("Kate Brill" in
    # "Katherine Brill said").
    words = name.split()
    ways = [[set(tokenize([word])[0])] + ([set(tokenize([f])[0]) for f in given_name_forms(word.lower())] if i == 0 else [])
            for i, word in enumerate(words)]
    ways = [[w for w in alternatives if w] for alternatives in ways]
    sentences = [p.text[a:b] for p in passages for a, b in passage_sentences(p)]
    return any(all(any(w <= stems for w in alternatives) for alternatives in ways if alternatives)
               for stems in map(set, tokenize(sentences)))


def _normalised(text: str) -> str:
    """Lower case, letters and digits only: "XR-7" and "XR 7" read alike."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def is_date_word(name: str) -> bool:
    """Months, weekdays and years are read as dates, not as things the store must mention."""
    return name.lower() in _DATE_WORDS or bool(YEAR.fullmatch(name))


_DATE_WORDS = set(MONTHS) | set(WEEKDAYS)


def _names_speaker(name: str, question: Question) -> bool:
    """Is `name` one of the question's matched speakers, perhaps spelt another way (Kovalenky)?"""
    return bool(question.speakers) and not question.speaker_as_asked and names_one_of(name, question.speakers)
