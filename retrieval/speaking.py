"""Whose words a sentence holds: the sentences of a passage in which a person is the one speaking or
acting, in the many forms news writes that in ("Brill said…", "…, said Brill.", "according to Brill",
"Brill was quoted as saying…", "She also said…" after a sentence of hers), and not those that only
mention them ("Holm said Brill had promised…", "Brill was praised…", "Critics of Brill said…").
"What did X say?" is answered from these only (retrieval.ranking)."""

from __future__ import annotations

import re
from functools import cache

from retrieval.attribution.frames import frame_forms
from retrieval.attribution.gazetteer import HUMAN_NOUNS, ORG_DESCRIPTORS
from retrieval.speech_verbs import SPEECH_FORMS
from retrieval.inflections import irregular_past
from retrieval.models import Passage
from retrieval.passages import passage_sentences
from retrieval.stopwords import STOP_WORDS
from retrieval.titles import OWN_WORDS, ROLE_WORDS, SPEAKS_FOR, is_title

_PRONOUN = re.compile(r"\b(?:he|she|they|(?<=according to )(?:him|her|them))\b", re.I)


def sentences_of(passage: Passage, speakers: list[str], body: str = "") -> set[str]:
    """The passage's sentences in which these speakers speak or act: named (by surname) as the one
    who says, or going on by pronoun ("She also said…") right after a sentence of theirs. A sentence
    that only mentions them ("Brandt said Kovac had ignored…", "Kovac's plan", "Kovac was praised")
    is someone else's words. A `body` asked about also speaks through its people ("A spokesman for
    the Harbour Board said…", "Harbour Board spokeswoman Ada Brill said…")."""
    # A possessive is not a speaker ("Officials say Brill's plan…"), unless what is X's is X's own
    # words ("Brill's statement said…"); a spokesman or an office speaks for X but is not X, unless
    # X is a body, which has no words but theirs.
    last = [re.escape(name.split()[-1]) for name in speakers if name.split()]
    surnames = [re.compile(rf"\b{name}\b(?!['’]s\b)") for name in last]
    surnames += [re.compile(rf"\b{name}['’]s\s+{OWN_WORDS}\b") for name in last]
    found, previous = set(), False
    for start, end in passage_sentences(passage):
        sentence = passage.text[start:end]
        if (any(_speaking(sentence, s) for s in surnames) or (body and _voiced(sentence, body))
                or (previous and _speaking(sentence, _PRONOUN))):
            found.add(sentence)
        previous = sentence in found or any(_opens(_DATELINE.sub("", sentence, count=1), s) for s in surnames)
    return found


# A name written after a role, maybe between commas: "… spokeswoman Ada Brill", "… spokesman, Piet Olde,".
_NAME_AFTER = r"(?:,?\s+(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*(?<!['’]s),?)?"


@cache
def _voices(body: str, in_text: bool = False) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """How a role says its holder speaks for a body: "Harbour Board spokeswoman", "the Harbour Board
    press secretary", "Acme Rail's chief executive", "a spokesman for the Admiralty". In a role the word
    after "… for the Admiralty" is kept for `_voice_at`; `in_text`: in a sentence, the holder's name is
    taken in instead, so that what follows is the verb ("Harbour Board spokeswoman Ada Brill said",
    "a spokesman for the Admiralty, Ivan Dor, said")."""
    name = r"\s+".join(re.escape(w) for w in body.split())
    tail = _NAME_AFTER if in_text else ""
    return (re.compile(rf"(?i:\b{name})(?:['’]s?)?\s+(?P<mid>(?:[\w'’-]+\s+){{0,2}}?)(?i:{SPEAKS_FOR})\b{tail}"),
            re.compile(rf"(?i:\b{SPEAKS_FOR})\s+(?:for|of|at)\s+(?:the\s+)?(?i:{name})\b"
                       + (tail or r"(?P<after>\S*\s*\S*)")))


# A capitalised word before a voice makes the body's name part of another, longer one ("North Harbour
# Board spokesman"), unless it is an article opening the sentence.
_NOT_NOW_CASED = re.compile(r"\b(?!(?:The|A|An|Its|Their)\s+$)[A-Z][\w'’.-]*\s+$")


def _voice_at(text: str, match: re.Match[str]) -> bool:
    """Is a match of `_voices` a voice of the body itself: not a former one, not one of another body
    whose name holds the body's ("North Harbour Board"), nor of a group of it ("Harbour Board union leader",
    "head of the Harbour Board workers' union")?"""
    before = text[: match.start()]
    if re.search(r"\b(?:former|ex|retired|late|onetime|then)[\s-]*$", before, re.I) or _NOT_NOW_CASED.search(before):
        return False
    between = match.groupdict().get("mid") or ""
    after = (match.groupdict().get("after") or "").split()
    words = [w.strip("'’").removesuffix("'s").removesuffix("’s").lower() for w in between.split() + after[:1]]
    if any(w in HUMAN_NOUNS or w in ORG_DESCRIPTORS for w in words):
        return False
    return not (after and (after[0][:1].isupper() or after[0].endswith(("'", "’", "'s", "’s"))))


def speaks_for(body: str, speaker: str, role: str) -> bool:
    """Does a statement's speaker speak for the body asked about: its spokeswoman, officials or chief,
    by role ("Harbour Board spokeswoman", "spokesman for Acme Rail") or as the speaker is written
    ("Acme Rail officials")? A former one, a member, a worker, a union of the body, or someone talking
    about it does not."""
    return bool(body) and any(_voice_at(text, m) for rx in _voices(body) for text in (role, speaker) if text
                              for m in rx.finditer(text))


def _voiced(sentence: str, body: str) -> bool:
    """Does the sentence name a voice of the body, and is that voice the one speaking in it?"""
    return any(_voice_at(sentence, m) and _speaking(sentence, re.compile(re.escape(m.group(0))))
               for rx in _voices(body, in_text=True) for m in rx.finditer(sentence))


# A dateline before the sentence proper: "Graz (AP) — ", "VIENNA – ".
_DATELINE = re.compile(r"^(?:[A-Z][\w.'’-]*\s*){1,4}(?:\([A-Z][\w. ]*\)\s*)?[–—-]\s+")
# What follows a sentence's subject when it is acting: an auxiliary, a past tense, a day.
_ACTS = re.compile(r"\s*(?:will|would|is|was|has|had|have|can|could|may|might|must|should|did|does|"
                   r"on|this|last|[a-z]+ed)\b")
_PASSIVE = re.compile(r"\s*(?:is|was|were|are|(?:has|have|had)\s+been|being)\s+(?:\w+ly\s+|also\s+|not\s+)?\w+(?:ed|en)\b")
# "Brill, the mayor, said", "Brill, 54, who chairs…, said", "Brill — the mayor — said", "Brill and Holm said",
# "Brill, author of “The Long Tide,” said" (a comma goes inside a closing quotation mark)
_APPOSITIVE = re.compile(r"\s*(?:(?:,\s*\d{1,3}\s*)?,[^,]{1,80},[”\"]?|\s[—–-]\s[^—–]{1,80}\s[—–-]"
                         r"|\s+(?:and|or)\s+(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*(?<!['’]s)(?=\s))")
# Passive, then X speaks in a clause of its own: "Brill was asked about the fees and said…".
_THEN_SAYS = re.compile(r"[^.;\"“”,]{0,80}?\b(?:and|but)\s+(?:\w+ly\s+)?(\w+)")
# Passive forms that still make X the speaker: "Brill was quoted by the paper as saying…".
_QUOTED_AS = re.compile(r"\s*(?:is|was|were|has been|had been)\s+(?:\w+ly\s+)?(?:quoted|reported|cited|heard)\s+"
                        r"(?:[\w.'’-]+\s+){0,5}?as\s+(?:saying|telling|writing)\b")
# A name after a preposition is not the sentence's subject ("Critics of Brill said", "a letter to
# Brill said"); "by" and "from" are left out, as "a statement by Brill said" is Brill's, and so are those
# that mostly lead a time ("On Tuesday Brill said").
_OBJECT_OF = re.compile(r"\b(?:of|to|for|against|with|about|toward|towards|unlike|like|than|without|between|among|despite)"
                        r"\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")
# Between a name and its verb: "(R-Ohio)", a dash, a comma; "also", "later", "wouldn't", an adverb
# ("repeatedly", "never", "still"), "herself", "went on to". An -ly noun is not an adverb: "the Brill family said".
_NEXT_WORD = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[—–,]?\s*(?:(?:also|later|then|again|once|would|will|did|does|has|had"
                        r"|have|could|can|may|might|should|must|never|still|even|first|just|both|now|always|ever"
                        r"|himself|herself|themselves|went on to|(?!(?:family|ally|rally|assembly)\b)[a-z]+ly)"
                        r"(?:n['’]t| not)?\s+)*([a-z]+)")
# "…, said Brill." — only verbs that put the speaker after them; "told Brill" makes Brill the listener.
_WORD_BEFORE = re.compile(r"(?:\b(?:said|says|added|adds|wrote|writes|explained|noted|continued)|\b[Aa]ccording to)"
                          r"\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")
# X as the subject of what another reports: "Dunn said Holm had promised…", "Dunn told reporters Holm…".
_REPORTED_BY = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_FORMS, key=len, reverse=True)) + r")\s+(?:[a-z]+\s+){0,3}"
                          r"(?:[A-Z][\w.'’-]*\s+){0,3}$")
# After "…, said Brill": the clause ends, maybe after a short time or place ("on Monday", "in a statement").
_CLAUSE_END = re.compile(r"(?:\s+(?:on|in|at|to)\s+(?:[\w'’-]+\s+){0,3}[\w'’-]+)?\s*(?:[,.;:!?\"”]|$)")


def _speaking(sentence: str, who: re.Pattern[str]) -> bool:
    """Is `who` the one speaking or acting in the sentence? "Brill said…", "Brill, the mayor, told…",
    "…, said Brill.", "according to Brill,", "Brill was quoted as saying…", and a sentence Brill opens
    and acts in ("Senator Ada Brill on Monday called…", "Ada Brill will push…"); not "Brill was
    criticised…", "Brill supporters say…", "Critics of Brill said…" or "Holm said Brill had promised…"."""
    # What looks like a dateline may be the speaker with a dash after: "Holm — the port chief — said".
    return any(_speaks_in(body, who) for body in dict.fromkeys((_DATELINE.sub("", sentence, count=1), sentence)))


# X's words introduced by a colon, as headlines and round-ups give them: "Holm: 'The tax must go'",
# "Critics agree – Marta Holm: '…'"; X opens the sentence or the part after a dash.
_COLON = re.compile(r"\s*:\s*\S")
_AFTER_DASH = re.compile(r"\s[-–—]\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")
# X as the agent of a passive verb of speaking: "Dunn was asked by port chief Marta Holm whether…".
_BY_SPEAKER = re.compile(r"\b(?:" + "|".join(sorted((w for w in SPEECH_FORMS if w.endswith("ed") or w in {"told", "said"}),
                                                      key=len, reverse=True))
                         + r")\s+by\s+(?:[\w.'’-]+\s+){0,4}$")


def _speaks_in(body: str, who: re.Pattern[str]) -> bool:
    for match in who.finditer(body):
        before, after = body[: match.start()], body[match.end():]
        if _QUOTED_AS.match(after[:80]) or (_WORD_BEFORE.search(before) and _CLAUSE_END.match(after)):
            return True
        if _COLON.match(after) and (_opens(body, who) or _AFTER_DASH.search(before)):
            return True
        if _BY_SPEAKER.search(before) and not _PASSIVE.match(after[:40]):
            return True
        if _PASSIVE.match(after[:40]):
            then = _THEN_SAYS.match(after[:120])
            if then and then.group(1) in SPEECH_FORMS:
                return True
            continue
        if _OBJECT_OF.search(before) or _REPORTED_BY.search(before):
            continue
        verbs = [_NEXT_WORD.match(after), _NEXT_WORD.match(_APPOSITIVE.sub("", after, count=1))]
        if any(verb and verb.group(1) in SPEECH_FORMS for verb in verbs):
            return True
        if _opens(body, who) and match.start() == who.search(body).start():
            shown = _APPOSITIVE.sub("", after, count=1) if after.startswith(",") else after
            if (_ACTS.match(shown) or _irregular_verb(shown)) and not _PASSIVE.match(shown[:40]):
                return True
            # A verb people mark as attributing, in any tense ("Holm sought to calm…", "Holm chose…").
            if any(verb and verb.group(1) in _attributing() for verb in verbs):
                return True
            # A headline capitalises its verb too: "Ada Brill Slams Port Fees".
            verb = _TITLE_VERB.match(shown)
            if verb and _headline(body) and _cue(verb.group(1).lower()):
                return True
    return False


_attributing = cache(frame_forms)  # read once, when first needed


def _irregular_verb(after: str) -> bool:
    """Is the next word an irregular past form ("Acme bought…", "Holm led…")?"""
    word = re.match(r"\s*([a-z]+)\b", after)
    return bool(word) and word.group(1) in irregular_past()


def _opens(body: str, who: re.Pattern[str]) -> bool:
    """Does `who` open the sentence, after titles and a description only ("U.S. Senator Ada Brill …",
    "Oscar-winning actress Ada Brill …", "Presumptive presidential nominee Ada Brill …")?"""
    match = who.search(body)
    return bool(match) and all(w[:1].isupper() or w[:1].isdigit() or _describes(w) for w in body[: match.start()].split())


_TITLE_VERB = re.compile(r"\s+([A-Z][a-z]+)\b")
# How a description's words end: adjectives ("presidential", "conservative", "democratic",
# "veteran"), and nouns of who someone is ("nominee", "frontrunner", "candidate", "chairman").
_DESCRIPTIVE = re.compile(r"(?:al|ive|ic|ary|ian|ist|ee|er|ate|an)$")
_ROLE = re.compile(ROLE_WORDS)


def _describes(word: str) -> bool:
    """A lowercase word of a description before a name: a title of more than three letters
    (nameparser's list holds a few short ones that are mostly verbs, "met"), a role, or a word shaped
    like an adjective or a noun of who someone is; never a function word or a verb of saying or
    thinking ("Critics say Brill…", "Polls show Brill…", "Dunn and Brill…")."""
    return (word.isalpha() and word not in STOP_WORDS and not _cue(word)
            and ((len(word) > 3 and is_title(word)) or bool(_ROLE.fullmatch(word) or _DESCRIPTIVE.search(word))))


def _cue(word: str) -> bool:
    return word in SPEECH_FORMS or word in _attributing()


def _headline(body: str) -> bool:
    """A sentence in title case, as headlines are: nearly all of its longer words capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", body) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
