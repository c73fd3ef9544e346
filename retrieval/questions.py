"""Rules-first question understanding: kind, speakers, dates, places and terms.

Pure regex/string work (no spaCy model) so it costs well under a millisecond and
behaves predictably; retrieval uses the result as filters and boosts.

Date rules are in `retrieval.dates`, roles and titles in `retrieval.titles`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel

from retrieval.dates import YEAR, date_range, future_tense
from retrieval.mentions import TOKEN, english_word, fold, given_name_forms, match_speakers, places_in
from retrieval.stopwords import STOP_WORDS  # spaCy's list, without importing spaCy
from retrieval.titles import (
    ROLE_WORDS, STANCE_NOUNS, employer, held_by_name, is_title, names_employer, role_kind, roles_named,
)

Kind = Literal["quote", "who", "when", "where", "what"]
Expects = Literal["", "name", "number", "money", "cause"]


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
    year_named: bool = False  # the dates asked about give their year ("in 2031", "March 2008"), not "tonight"
    ahead: bool = False  # a when-question about what is still to come ("When will…", "When is the vote?")
    behind: bool = False  # a when-question about what has happened ("When did…", "When was…")
    role_kind: list[str] = []  # what kind of office: "finance" in "the finance minister"
    # `speakers` is the name the question asks about as written ("What did Ivo Vane say…?"): no stored
    # speaker matched it, but it is still whose words are asked for, never another person's.
    speaker_as_asked: bool = False
    # What the answer must hold that the question does not: a name ("Who took over?", "Which
    # carrier…?") or a number ("How many died?"); "" when the kind says it (a day, a place) or nothing does.
    expects: Expects = ""
    # Asks about an announcement ("When did X announce the sale?"): what was announced is an event.
    announcement: bool = False
    # Capitalised words of what is asked about, past the one asked to speak ("What did the GM chief say
    # about the Acme cuts?" -> ["Acme"]): a passage never naming them is about something else.
    topic_names: list[str] = []
    # The one asked to speak when it is a body, not a person ("What did the Harbour Board say?"): it
    # speaks through its spokespeople and officers (retrieval.speaking.speaks_for).
    body: str = ""

    @property
    def asks_what_said(self) -> bool:
        """Asks for someone's words ("What did X say about Y?"), not about an event involving them."""
        return self.kind == "quote" or (self.kind != "who" and self.about_words)

    def as_fact(self) -> Question:
        """The question asked of every source rather than of its speakers' words, their names among
        the words sought ("When did Vane announce the sale?" as "when … Vane announce sale")."""
        names = [w.lower() for name in self.speakers for w in name.split()]
        return self.model_copy(update={"speakers": [], "speaker_as_asked": False, "about_words": False,
                                       "terms": list(dict.fromkeys(self.terms + names))})


# ---------------------------------------------------------------- kind
# Polite wrappers hide the real question word ("Can you tell me who said…").
_PREFIX = re.compile(
    r"^(?:(?:hey|hi|ok(?:ay)?|so|and|but|also|please)[,!]?\s+)*"
    r"(?:(?:can|could|would|will) you (?:please )?(?:tell me|find out|check|let me know)\s+"
    r"|(?:do|does) (?:you|anyone) know\s+|(?:please )?(?:tell|show) me\s+"
    r"|i (?:want|would like|'d like) to know\s+|i wonder\s+)?"
)
_AUX = r"(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|should)"
# The verbs that make a question ask for someone's words. Narrower than the attribution's verbs of
# speaking (retrieval/speech_verbs.py) on purpose: "What did Acme announce/promise about X?" more often
# asks what was decided than for words; reading all of those as quote-questions lost four dev-set answers.
_SPEECH = (
    r"(?:say|says|said|tell|told|think|thought|call|called|claim|claimed|mean|meant"
    r"|describe|described|comment|commented|react|reacted|respond|responded|reply|replied"
    r"|feel|felt|write|wrote|announce|announced|warn|warned|argue|argued|add|added"
    r"|explain|explained|state|stated|mention|mentioned|tweet|tweeted|post|posted)"
)
# How a question asks for a time: "when", "since when", "how soon", "how many years ago", "on what date",
# "which year", "what was the date of …".
_WHEN_FRAME = (
    r"(?:(?:since |until |till )?when|how soon|how long ago|how many (?:days|weeks|months|years) ago"
    r"|(?:on|at|in|by|from|since|until) (?:what|which) (?:date|day|time|year|month|week)"
    r"|(?:what|which) (?:date|day|time|year|month)"
    r"|what (?:is|was|were|will be) the (?:date|day|time|year|month)(?: of| for| when| that)?)"
)
_WHEN = re.compile(rf"^{_WHEN_FRAME}\b")
# The place noun may follow a word or two that qualifies it ("in which U.S. state", "which French
# city"), not an auxiliary or article: "What did the city say?" asks for words. Without a preposition
# before it, a qualified place must be followed by its verb: "Which two city councillors voted?" asks who.
_QUALIFIER = r"(?:(?!(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|the|a|an)\b)[\w.'’-]+ )"
_WHERE = re.compile(
    rf"^(?:where\b|(?:in|at|from|to|near) (?:what|which) {_QUALIFIER}{{0,2}}?(?:city|country|town|place|state"
    rf"|province|region|venue|location|capital)\b(?!['’]s)"
    rf"|(?:what|which) (?:city|country|town|venue|location)\b"
    rf"|(?:what|which) {_QUALIFIER}{{1,2}}?(?:city|country|town|venue|location)(?=\s+(?:{_AUX}|\w+ed)\b))"
)
# "Which Acme spokesman…" is who; "What did the chief executive say" is not,
# so the words between which/what and the role noun may not be auxiliaries.
# "Which harbour analyst said…" asks who, whatever the noun: the verb of saying tells.
_WHO = re.compile(
    rf"^(?:who(?:m|se)?\b|which (?:(?!{_AUX}\b)[\w'’.-]+ ){{0,3}}?{ROLE_WORDS}\b"
    # "what Acme's manager said" is the manager's words; "what spokesman said" asks who
    rf"|what (?:(?!{_AUX}\b)[\w.-]+ ){{0,3}}?{ROLE_WORDS}\b"
    rf"|which (?:(?!{_AUX}\b)[\w'’.-]+ ){{1,4}}?(?:said|says|told|tells|warned|claimed|argued|predicted|wrote|tweeted)\b)"
)
_QUOTE = re.compile(
    rf"^(?:(?:what|how|why)(?: else)? {_AUX} .{{0,120}}?\b{_SPEECH}\b"
    rf"|what (?:was|is|were|are) .{{0,80}}?\b(?:reaction|response|comments?|message|statement"
    rf"|views?|position|opinion|answer|reply|words|quote|remarks)\b"
    rf"|what (?:[\w'’.-]+ ){{1,6}}?(?:said|says|told|thinks|thought|called)\b"
    rf"|(?:did|does|do|has|have) .{{0,80}}?\b{_SPEECH}\b)"
)


# A question without a verb: "Vane's reaction to the verdict", "Vane on the merger".
_HEADLINE = re.compile(
    rf"^(?P<who>(?:[\w.-]+ ){{0,3}}[\w.-]+?)(?:(?:['’]s?|s['’]) (?:{STANCE_NOUNS})\b"
    r"(?= (?:on|to|about|regarding|over|after)\b|\W*$)| (?=(?:on|about|regarding)\s))",
    re.I,
)
_ANNOUNCES = re.compile(r"\bannounc(?:e|es|ed|ing|ements?)\b")
_ABOUT_WORDS = re.compile(rf"\b(?:{_SPEECH}|according to|quotes?|words|remarks|statements?|comments?)\b")
_ACCORDING = re.compile(r"\baccording to\b|\bin (?:his|her|their|[\w'’.-]+'s) (?:own )?words\b")
_LEADING_ACCORDING = re.compile(r"^according to [^,?]{1,80},\s*")


# An opening clause before the question proper: "After the crash, when did flights resume?" (one
# holding a question word is the question: "What did she say, when asked…?").
_OPENING_CLAUSE = re.compile(r"^(?![^,]*\b(?:what|who|whom|whose|when|where|which|why|how)\b)[^,?]{3,80},\s*"
                             r"(?=(?:what|who|whom|whose|when|where|which|why|how|on|in|at|by|since|until)\b)")


def _plain(low: str) -> str:
    """The question without a polite wrapper or an opening clause, "what's" read as "what is"."""
    plain = _PREFIX.sub("", re.sub(r"\b(what|who|where|when|how)['’]s\b", r"\1 is", low.strip()))
    return _OPENING_CLAUSE.sub("", plain)


# "What was the plan called?", "What is the new jet named?", "what's the name of the plan": a name asked
# for, not words ("What did Vane call the plan?" asks for Vane's).
_NAMING = re.compile(r"^(?:what (?:was|is|were|are|will be)\s+(?:[\w'’.-]+\s+){1,8}?(?:called|named|known as)(?:\s+(?:now|then|at first|originally|(?:before|when|after|until)\b.*))?"
                     r"|what(?:'s| is| was) the (?:name|title) of\b.*)[\s?.!]*$")


def _kind(s: str) -> tuple[Kind, re.Match[str] | None]:
    """The kind of a `_plain` question, and the question-frame match (its words are not search terms)."""
    # "According to X, when did…" is a when-question; otherwise according-to is a quote.
    core = _LEADING_ACCORDING.sub("", s)
    if _NAMING.match(core):
        return "what", None
    frames: tuple[tuple[Kind, re.Pattern[str]], ...] = (("when", _WHEN), ("where", _WHERE), ("who", _WHO))
    for kind, rx in frames:
        m = rx.match(core)
        if m:
            return kind, m
    if _QUOTE.match(core) or _ACCORDING.search(s):
        return "quote", None
    return "what", None


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
_ROLE_RX = re.compile(rf"\b{ROLE_WORDS}\b", re.I)


def _terms(text: str, blank: list[tuple[int, int]]) -> list[str]:
    for a, b in blank:
        text = text[:a] + " " * (b - a) + text[b:]
    out: list[str] = []
    for raw in TOKEN.findall(text):
        t = fold(raw).strip("'.,/-")
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
    words = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(clean)]
    all_lower = not any(c.isupper() for c in clean)

    plain = _plain(low)
    kind, frame = _kind(plain)
    subject = _SUBJECT.search(clean) if kind == "quote" else None
    within = subject.span(1) if subject else None
    held = held_by_name(subject.group(1)) if subject else ""
    if held:  # "What did Almeida's predecessor say?": the predecessor speaks, not Almeida
        within = (within[0], within[0])
    roles = roles_named(low, clean)
    not_speaking = names_employer(clean)
    speakers, speaker_spans = match_speakers(words, tuple(known_speakers), all_lower, within, not_speaking)
    headline = _HEADLINE.match(clean) if kind == "what" else None
    if headline:
        # "Vane's reaction to the verdict", "Vane on the merger": a stored speaker before it asks for
        # their words, as "What was Vane's reaction…?" does; the names after it are the topic.
        who_end = headline.end("who")  # a name's token holds its possessive: "Vane's", "Jones'"
        theirs = match_speakers(words, tuple(known_speakers), all_lower, (0, who_end + 2), not_speaking)
        if theirs[0] and who_end <= theirs[1][-1][1] <= who_end + 2:
            kind, (speakers, speaker_spans) = "quote", theirs
    (date_from, date_to), date_spans = date_range(clean, ref)
    places = places_in(words, tuple(known_places))
    name = _asked_name(subject.group(1), all_lower) if subject and not speakers and not held else ""
    # A name of one word may be an organisation that speaks through its people in ways the speaker
    # check does not read, and a place is no speaker: asking those to speak for themselves lost
    # more answers than it kept honest (measured on the development and PolNeAR sets).
    as_asked = len(name.split()) >= 2 and not any(p in name for p in places)
    if as_asked:
        speakers, speaker_spans = [name], [subject.span(1)]
    body = _body(subject.group(1), speakers, all_lower) if subject and not held else ""
    if as_asked and not body and not all_lower and not given_name_forms(name.split()[0].lower()):
        # A name no stored speaker has, not opening with a first name: most often a company asked without
        # "the" ("What did Acme Rail say?"), whose words are its spokespeople's.
        body = name
    if body and not speakers and not all_lower and not any(p in body for p in places):
        # "the Admiralty" is a body to ask for words, though no statement has it as the speaker; in lower
        # case a body is not told from a description of a person ("the acme analyst guy")
        speakers, speaker_spans, as_asked = [body], [subject.span(1)], True
    blank = speaker_spans + date_spans
    about_words = bool(_ABOUT_WORDS.search(low)) and not _NAMING.match(_LEADING_ACCORDING.sub("", plain))
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
        roles=roles + ([held] if held and held not in roles else []),
        employer=employer(clean),
        about_words=about_words,
        year_named=any(YEAR.search(clean, a, b) for a, b in date_spans),
        expects=_expects(kind, plain, about_words),
        announcement=bool(_ANNOUNCES.search(low)),
        ahead=kind == "when" and _asks_ahead(plain),
        behind=kind == "when" and bool(_PAST_WHEN.match(plain)),
        role_kind=[] if all_lower else role_kind(clean),  # all lower case: an employer looks the same
        speaker_as_asked=as_asked,
        topic_names=_capitalised(clean[subject.end():] if subject else clean),
        body=body,
    )


def _body(subject: str, speakers: list[str], all_lower: bool) -> str:
    """The subject of "What did X say?" when X is a body rather than a person: written with "the" in the
    question ("the Harbour Board", "the Admiralty") or as a speaker in the articles ("The Harbour
    Board said…"), and not a title or a role ("the mayor", "the finance minister": a person). People are
    not written with "the", so a first name's absence is no sign either way."""
    words = subject.split()
    stored_with_the = next((s[4:] for s in speakers if s.startswith("The ") and len(s) > 4), "")
    if not (words and words[0].lower() == "the"):
        return stored_with_the
    words = words[1:]
    if not 1 <= len(words) <= 4 or any(is_title(w) or re.fullmatch(ROLE_WORDS, w, re.I) for w in words):
        return ""
    if words[0].lower() in STOP_WORDS or words[-1].lower() in STOP_WORDS:
        return ""  # "the The", "the ones": no name
    if any(re.search(r"['’]s?$", w) for w in words):
        return ""  # "the Board's Ada Brill", "the port's chief": someone of the body
    if not all_lower and not all(w[:1].isupper() or w.lower() in ("of", "for", "and") for w in words):
        return ""
    return " ".join(words)


def _capitalised(text: str) -> list[str]:
    """Words written with a capital, not opening the text, that are no title ("the Acme CEO")."""
    return [w for w in re.findall(r"(?<=\s)[A-Z][\w'’-]*", text) if not is_title(w)]


def _asked_name(subject: str, all_lower: bool = False) -> str:
    """The subject of "What did X say?" when it is a name ("Ivo Vane", "President Ivo Vane", "the Harbour
    Board"), without an article or titles before it; "" for a description ("the finance minister",
    "officials") and for a name followed by a role: in "the Harbour Board chairman" or "Acme CEO" the
    name is whom the speaker works for. Past the first word only role nouns count as titles: the title
    list holds surnames too ("Chapman", "King")."""
    words = subject.split()
    if all_lower:
        return _lower_case_name(words)
    if words and words[0].lower() == "the":
        words = words[1:]
    while words and is_title(words[0]):
        words = words[1:]
    if not words or not all(w[:1].isupper() for w in words):
        return ""
    return "" if any(re.fullmatch(ROLE_WORDS, w, re.I) for w in words[1:]) else " ".join(words)


def _lower_case_name(words: list[str]) -> str:
    """A name in a question typed all in lower case ("what did ivo brandvoort say"), capitalised: two or
    three words, no function word, title or role among them, the last no English word in any form
    ("the union", "acme officials", "rival chipmakers", "the finance minister" describe someone). A
    name ending in an English word ("ada smith") is not told from a description and stays unread."""
    if not 2 <= len(words) <= 3 or any(w in STOP_WORDS or is_title(w) or not w.isalpha() for w in words):
        return ""
    return "" if english_word(words[-1]) else " ".join(w.capitalize() for w in words)


# "When is the vote?", "When does the law take effect?": the present asks for a date to come, as
# "will" and "scheduled" do; "When did…", "When was…" ask for one gone by.
_PRESENT_WHEN = re.compile(r"^when (?:is|are|does|do)\b")
_PAST_WHEN = re.compile(r"^when (?:did|was|were|has|have|had)\b")


def _asks_ahead(plain: str) -> bool:
    if _PAST_WHEN.match(plain):  # "When did the council plan to vote?" asks for a day gone by
        return False
    return bool(_PRESENT_WHEN.match(plain)) or future_tense(plain)


# "How many…", "by how much…", "what share…": a count or an amount answers; "Which carrier…",
# "in which team…", "who…": a name does. Not "Who said…?": a speaker answers it, and a statement
# names its speaker whether or not its sentence does ("he said").
_NUMBER = re.compile(
    r"^(?:(?:by|to|from) )?(?:how (?:many|much|long|old|far|big|large|high|often|fast)"
    r"|what (?:percentage|percent|share|proportion|number|amount|sum|price|figure|total|fraction|age)"
    r"|(?:at|for) what (?:price|cost|rate|speed|age))\b"
)
_WHICH = re.compile(r"^(?:(?:in|at|from|to|by|for|with|of|on|under) )?which (?!(?:of|one|ones|is|was|were|are)\b)[\w'’.-]+")


# "How much did X pay / does it cost / is it worth / compensation is X paying": a price, which only a
# sum of money answers. The verb of paying is the question's own, after its subject ("How much did pay
# rise?" asks for a change; "How much time did she spend…?" for a time).
_PRICE = re.compile(
    r"^how much (?:(?:money|cash|compensation) )?(?:"
    r"(?:did|does|do|will|would|could|should|might|has|have|had|is|are|was|were)\s+(?:[\w'’.&-]+\s+){1,6}?"
    r"(?:pay|paying|paid|charge|charging|charged|spend|spending|spent|invest|investing|invested|cost|earn|bid|offer|offering|fined?)"
    r"|(?:is|are|was|were|will)\s+(?:[\w'’.&-]+\s+){1,6}?(?:be\s+)?worth)\b"
)


# "Why was the tour delayed?", "What caused the delays?", "What was blamed for the crash?": a cause
# answers, which the sentence that repeats the question's words ("the tour has been delayed") lacks.
_CAUSE = re.compile(r"^(?:why|what (?:\w+ ){0,2}(?:caused?|causes|led to|prompted|triggered|blamed|reason)|what reason)\b")


def _expects(kind: Kind, plain: str, about_words: bool) -> Expects:
    core = _LEADING_ACCORDING.sub("", plain)
    if _CAUSE.match(core) and kind == "what" and not about_words:  # "Why did X say…?": X's words answer
        return "cause"
    if _PRICE.match(core):
        return "money"
    if _NUMBER.match(core):
        return "number"
    if (kind == "who" and not about_words) or (kind == "what" and (_WHICH.match(core) or _NAMING.match(core))):
        return "name"
    return ""
