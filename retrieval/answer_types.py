"""Does a sentence hold the kind of thing a question asks for: a place, or a name or number the
question itself lacks?

"Who took over as coach?" is answered by a sentence naming someone the question does not name;
"How many were hurt?" by one with a number. A sentence that only repeats the question's words
("the coach stepped down") matches it well and answers nothing. Regex work on the text as written:
capitalisation marks a name, digits and number words a number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.dates import DATE, MONTHS, WEEKDAYS
from retrieval.geography import currency_codes
from retrieval.inflections import irregular_past
from retrieval.mentions import is_everyday
from retrieval.names import is_date_word
from retrieval.stopwords import STOP_WORDS

_WORD = re.compile(r"[A-Za-z][\w'’.-]*|\d[\d,.]*")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    " seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds"
    " thousand thousands million millions billion billions trillion dozen dozens half quarter third"
    " percent".split()
)
_DATE_NAMES = "|".join(name.capitalize() for name in (*MONTHS, *WEEKDAYS))  # "in March" is no place
_NAMED_PLACE = re.compile(rf"\b(?:in|at|near|outside)\s+(?:the\s+)?(?!(?:{_DATE_NAMES})\b)[A-Z][\w'.-]+")


def names_place(sentence: str) -> bool:
    """Does the sentence say where: "in Lviv", "at the Old Harbour", "near Tarvel"?"""
    return _NAMED_PLACE.search(sentence) is not None


# Currency units news writes out after a number; the signs and codes cover the rest. ("won" and "real"
# are left out: "in 2019 won the contract", "3 real reasons".)
_UNITS = ("dollars?|euros?|pounds?|pence|cents?|yen|yuan|renminbi|francs?|rupees?|roubles?|rubles?|pesos?|kronor|kroner"
          "|krona|krone|lira|rand|reais|shillings?|zloty|dinars?|dirhams?|riyals?|rials?|baht|ringgit|naira")


@lru_cache(maxsize=1)
def _money() -> re.Pattern[str]:
    """A sum of money: a currency sign ("$26.5 million", "US$ 3bn", "£900,000"), an ISO 4217 code (from
    countryinfo's currencies, MIT) or a currency unit written out ("40 million euros") by a number."""
    # A code that is also an everyday word ("ALL", "TOP", "TRY"; "USD" too, which news writes "$") is a
    # word in a capitalised headline.
    codes = [code for code in currency_codes() if not is_everyday(code.lower())]
    signs = "".join(sorted({chr(i) for i in range(0x20A0, 0x20C1)} | set("$£¥¢")))
    number = r"\d[\d,.]*(?:\s*(?i:million|billion|trillion|bn|m)\b)?"
    # Codes only in capitals: in lower case some are words ("all 40 crew").
    return re.compile(rf"(?:[A-Z]{{0,3}}[{re.escape(signs)}]|\b(?:{'|'.join(codes)}|Rs\.?))\s?\d"
                      rf"|{number}\s*(?i:{_UNITS})\b")


# How news gives a cause: connectives and verbs of causing and blaming ("because", "due to", "citing",
# "was caused by", "blamed … on", "the root cause", "a decisive factor", "a fault in"); not "after" or
# "since", mostly of time, nor "due to" before a verb ("due to receive it in May": a plan).
_CAUSE = re.compile(
    r"\b(?:because|due to(?! (?:be|receive|start|begin|open|close|arrive|take|make|leave|launch|return)\b)|owing to|thanks to"
    r"|as a result of|result(?:ed|s)? (?:of|from)|caus(?:e|es|ed|ing)|blam(?:e|es|ed|ing)|citing|cited|reasons?|factors?"
    r"|faults?|problems? (?:with|in)|in order to|so that|triggered|prompted by|stemm(?:ed|ing) from|amid)\b",
    re.I,
)


def holds_new(expects: str, sentence: str, question: str, context: str = "") -> bool:
    """Does `sentence` hold a name (`expects` "name"), a number ("number"), a sum of money ("money") or
    a cause ("cause") that `question` lacks? `context` (the passage around the sentence) tells a name opening the sentence
    ("Ortega took over") from a capitalised first word: the passage writes it capitalised elsewhere too."""
    if expects == "money":
        return any(m.group(0) not in question for m in _money().finditer(sentence))
    if expects == "cause":
        return any(m.group(0).lower() not in question.lower() for m in _CAUSE.finditer(sentence))
    asked = {_plain(w) for w in _WORD.findall(question)}
    if expects == "number":
        undated = _WORD.findall(DATE.sub(" ", sentence))  # "3 March 2025" is a day, not a count
        # "one of the workers" picks one out, it does not count them
        return any((w[0].isdigit() or w.lower() in _NUMBER_WORDS) and w.lower() not in asked
                   and not (w.lower() == "one" and undated[i + 1:i + 2] == ["of"]) for i, w in enumerate(undated))
    words = _WORD.findall(sentence)
    for i, word in enumerate(words):
        low = _plain(word)
        # Capitalised for a reason other than being a name: the calendar, the first-person pronoun.
        if not word[0].isupper() or low in asked or low in STOP_WORDS or low == "i" or is_date_word(low):
            continue
        # A sentence's first word is capitalised anyway: a name when another capitalised word or a
        # verb in the past follows it ("Ortega took over"), or the passage capitalises it inside a sentence.
        following = words[1] if len(words) > 1 else ""
        if i > 0 or following[:1].isupper() or _past(following) or _capitalised_inside(word, context):
            return True
    return False


def _past(word: str) -> bool:
    word = word.lower().rstrip(".,;:!?")
    return word.endswith("ed") or word in irregular_past()


def _plain(word: str) -> str:
    """A word as compared with the question's: lower case, no possessive, no trailing stop."""
    return re.sub(r"['’]s$", "", word.lower().strip(".,'’"))


def _capitalised_inside(word: str, context: str) -> bool:
    return re.search(rf"(?<![.!?\n\"“] )(?<=[\w,;:] ){re.escape(word)}\b", context) is not None
