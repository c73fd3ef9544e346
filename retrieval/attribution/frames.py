"""Attribution frames learned from cue counts: which verbs attribute, through which dependent.

News attributes with far more than "say": endorse (an object), call for (a prepositional
object), promise to (an infinitive), show that (a clause), criticize … for. Which verb and
dependent pairs do so was counted over PolNeAR's train split by `benchmarks/learn_cues.py`
(lemma, dependency label, times annotated as cue and content, times seen; no corpus text)
and is kept in `data/learned_frames.json`. A frame is used when people marked it as an
attribution often enough, both absolutely and as a share of its uses: `MIN_HITS`, `MIN_RATE`.
Frames marked less often (`WEAK_RATE`: "supports the senator", "wants to cut taxes", "voted for")
are still mostly attributions when a named or pronoun subject does them itself, so they are
kept as weak frames that the rules use only then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from retrieval.speech_verbs import SPEECH_NOUNS

_DATA = Path(__file__).with_name("data") / "learned_frames.json"
MIN_HITS = 3
MIN_RATE = 0.4
# The long tail of cues: frames seen a few times that people marked on a third of them or more
# (0.34 let in 5 more matches and no false positive on PolNeAR train-150 against 0.5; below MIN_RATE they are weak frames).
RARE_HITS = 2
RARE_RATE = 0.34
WEAK_HITS = 5
WEAK_RATE = 0.1
_PRONOUN_ONLY = {"it", "this", "that", "them", "him", "her", "what", "which", "so", "one"}


@dataclass(frozen=True)
class Frame:
    lemma: str
    key: str  # a dependency label, or "prep:for" for the object of "for"
    hits: int
    seen: int

    @property
    def rank(self) -> tuple[bool, float]:
        """Which of several frames of one word is its content: a rare one (`_rare_but_clear`) only
        where no better-attested one applies ("hailed the deal as a victory": the deal), then the
        one people marked most often."""
        return self.hits >= MIN_HITS, self.hits / self.seen

    @property
    def weak(self) -> bool:
        """Marked as an attribution in fewer than `MIN_RATE` of its uses."""
        return self.hits < MIN_RATE * self.seen


@cache
def _raw() -> dict:
    """The learned table, read once for the verb and the noun frames."""
    return json.loads(_DATA.read_text(encoding="utf-8"))


def _usable(raw: dict[str, dict[str, list[int]]], weak_too: bool) -> dict[str, dict[str, Frame]]:
    frames: dict[str, dict[str, Frame]] = {}
    for lemma, keys in raw.items():
        known = sum(h for h, _ in keys.values()) >= MIN_HITS
        for key, (hits, seen) in keys.items():
            if (hits >= MIN_HITS and hits / seen >= MIN_RATE) or _rare_but_clear(key, hits, seen, known) or (weak_too and hits >= WEAK_HITS and hits / seen >= WEAK_RATE):
                frames.setdefault(lemma, {})[key] = Frame(lemma, key, hits, seen)
    return frames


def _rare_but_clear(key: str, hits: int, seen: int, known: bool) -> bool:
    """A rare frame ("acquiesced to …", "cautioned against …"): marked `RARE_HITS` times and on at
    least `RARE_RATE` of its uses, of a word people mark as a cue elsewhere too (`known`), and one
    dependent only (an object plus a preposition is too often an adjunct: "saw a day with …")."""
    return known and hits >= RARE_HITS and hits / seen >= RARE_RATE and not key.startswith("dobj+")


@cache
def _table() -> tuple[dict[str, str], dict[str, dict[str, Frame]]]:
    """surface form -> lemma, and lemma -> key -> Frame, for the verb frames that pass the thresholds."""
    raw = _raw()
    frames = _usable(raw["frames"], weak_too=True)
    forms = {f: lemma for lemma in frames for f in raw["forms"].get(lemma, [lemma])}
    return forms, frames


@cache
def _noun_table() -> tuple[dict[str, str], dict[str, dict[str, Frame]]]:
    """The same for nouns and adjectives ("call for", "critical of"), counted over their uses
    with a source (`nominal_source`); no weak ones."""
    raw = _raw()
    frames = _usable(raw.get("noun_frames", {}), weak_too=False)
    forms = {f: lemma for lemma in frames for f in raw["noun_forms"].get(lemma, [lemma])}
    return forms, frames


def frame_forms() -> set[str]:
    """Surface forms of every verb with a usable frame (for the parse prefilter)."""
    return set(_table()[0])


def noun_forms() -> set[str]:
    """Surface forms of every noun or adjective with a usable frame (for the parse prefilter)."""
    return set(_noun_table()[0])


def lemma_of(form: str) -> str | None:
    """The lemma of a surface form of a verb with a usable frame."""
    return _table()[0].get(form)


def reports_clauses(form: str) -> bool:
    """A verb people mark as reporting its clause often enough to learn ("concluded", "believes")."""
    lemma = lemma_of(form)
    return lemma is not None and "ccomp" in _table()[1][lemma]


def reported_clause(v: Token) -> Token | None:
    """The clausal complement verb `v` reports: the one after it when the parser gives it two
    ("Vane won the vote: he said he had raised …", "…; she says the plan will fail"). A clause
    before the verb is what was said only when none follows ("Turnout fell, the survey shows")."""
    comps = [c for c in v.children if c.dep_ == "ccomp"]
    return next((c for c in comps if c.i > v.i), comps[0] if comps else None)


def content_of(v: Token) -> tuple[Frame, list[Token]] | None:
    """The learned frame verb `v` uses here and the tokens of its content, if any."""
    forms, frames = _table()
    lemma = forms.get(v.lower_)
    if lemma is None or v.pos_ != "VERB":
        return None
    # Refusals and negations ("declined to comment on …", "did not mention X") are kept: they
    # answer "what did X say about Y?" too, and carry their phrase, so they read as written.
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children):
        return None  # "Holm is expected to win": a passive's subject is not its source
    usable = frames[lemma]
    found: list[tuple[Frame, list[Token]]] = []
    preps = [c for c in v.children if c.dep_ == "prep" and c.i > v.i]
    for c in v.children:
        # "Turnout fell, the survey shows": a clause before the verb is its content too, unless
        # one follows it ("A rose: the survey shows B").
        if c.i < v.i and (c.dep_ != "ccomp" or reported_clause(v).i != c.i):
            continue
        if c.dep_ in usable:
            found.append((usable[c.dep_], sorted(c.subtree, key=lambda t: t.i)))
        if c.dep_ == "dobj":
            # "accused the council of hiding …": the parser often hangs the verb's
            # preposition on its object.
            preps += [p for p in c.children if p.dep_ == "prep" and p.i == c.right_edge.i + 1 - len(list(p.subtree))]
    for c in v.children:
        # "called for the city to repave the road": the parser reads "for … to …" as a
        # clause with "for" as its marker; it is the same prepositional content.
        mark = next((m for m in c.children if m.dep_ == "mark" and m.i == c.left_edge.i), None)
        if c.dep_ == "advcl" and c.i > v.i and mark is not None and f"prep:{mark.lower_}" in usable:
            if any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                found.append((usable[f"prep:{mark.lower_}"], [t for t in sorted(c.subtree, key=lambda t: t.i) if t.i != mark.i]))
    for p in preps:
        if f"prep:{p.lower_}" in usable:
            for o in p.children:
                if o.dep_ in ("pobj", "pcomp"):
                    found.append((usable[f"prep:{p.lower_}"], sorted(o.subtree, key=lambda t: t.i) + _infinitive_after(v, o)))
    # "called the plan a disaster", "described Smith as a friend": the object with the
    # predicate or the verb's own prepositional phrase after it.
    obj = next((c for c in v.children if c.dep_ == "dobj" and c.i > v.i), None)
    for c in v.children if obj is not None else ():
        key = "dobj+oprd" if c.dep_ == "oprd" else f"dobj+prep:{c.lower_}" if c.dep_ == "prep" else ""
        if key in usable and c.i > obj.i:
            found.append((usable[key], list(v.doc[obj.left_edge.i : c.right_edge.i + 1])))
    if not found:
        return None
    # Several learned dependents: the one people marked most often is the content
    # ("criticized the council for delays": the reason, not the council).
    frame, toks = max(found, key=lambda x: x[0].rank)
    if len(toks) == 1 and toks[0].lower_ in _PRONOUN_ONLY:
        return None  # "denied it": nothing a reader could be told was said
    if frame.key == "dobj":
        toks = _noun_clause(toks) or _with_object_pp(v, toks)
    head = next((t for t in toks if t.head.i not in {x.i for x in toks}), toks[0])
    # "issued a statement", "gave a speech": the object names the act of saying, not what was said.
    if head.lower_ in SPEECH_NOUNS and not any(c.dep_ in ("prep", "acl", "relcl", "ccomp") for c in head.children):
        return None
    return frame, toks


def _infinitive_after(v: Token, o: Token) -> list[Token]:
    """'called for an inquiry to examine the contracts': the small model hangs the infinitive that
    says what the thing asked for should do on the verb; right after the object, it is part of it."""
    for c in v.children:
        if c.dep_ in ("advcl", "xcomp") and c.left_edge.i == o.right_edge.i + 1 and c.left_edge.lower_ == "to":
            return sorted(c.subtree, key=lambda t: t.i)
    return []


def _noun_clause(toks: list[Token]) -> list[Token] | None:
    """'expressed amusement that the council had read it', 'made the observation that …': an object
    noun whose that-clause completes it names the act (with the verb, the cue); the clause is what
    was said. Only a clause opened by "that" as a complementizer, right after the noun (a relative
    "that" is the clause's subject or object, not its marker)."""
    head = next((t for t in toks if t.head.i not in {x.i for x in toks}), toks[0])
    if head.pos_ != "NOUN":
        return None
    for c in head.children:
        m = c.left_edge
        if c.dep_ in ("acl", "ccomp") and m.i == head.i + 1 and m.lower_ == "that" and m.dep_ == "mark" and c.right_edge.i == toks[-1].i:
            return sorted(c.subtree, key=lambda t: t.i)
    return None


_NOUN_PREPS = {"in", "of", "to", "on", "with", "about", "over", "against"}


def _with_object_pp(v: Token, toks: list[Token]) -> list[Token]:
    """'praised her judgment in the crisis': the small model hangs a preposition that belongs to
    the object on the verb; one right after the object (not a time: "on Monday") goes with it."""
    for p in sorted((c for c in v.children if c.dep_ == "prep" and c.lower_ in _NOUN_PREPS), key=lambda c: c.i):
        if p.i != toks[-1].i + 1 or any(o.ent_type_ in ("DATE", "TIME") for o in p.children):
            break
        toks = toks + sorted(p.subtree, key=lambda t: t.i)
    return toks


_POSSESSIVE = {"his": "he", "her": "she", "their": "they", "its": "it"}


def noun_content_of(n: Token) -> tuple[Frame, list[Token], Token] | None:
    """A nominal cue's content and the token naming its source: "his call for a ban" (the
    possessor), "made allegations against the mayor", "is critical of the plan" (the subject
    of the verb the noun or adjective completes)."""
    forms, frames = _noun_table()
    lemma = forms.get(n.lower_)
    if lemma is None or n.pos_ not in ("NOUN", "ADJ"):
        return None
    usable = frames[lemma]
    found: list[tuple[Frame, list[Token]]] = []
    for c in n.children:
        if c.i < n.i:
            continue
        if c.dep_ == "prep" and f"prep:{c.lower_}" in usable:
            for o in c.children:
                if o.dep_ in ("pobj", "pcomp"):
                    found.append((usable[f"prep:{c.lower_}"], sorted(o.subtree, key=lambda t: t.i)))
        elif c.dep_ in ("acl", "ccomp", "relcl", "xcomp"):
            for m in c.children:
                key = f"clause:{m.lower_}"
                if ((m.dep_ == "mark" and m.lower_ == "that") or (m.dep_ == "aux" and m.lower_ == "to")) and key in usable:
                    found.append((usable[key], sorted(c.subtree, key=lambda t: t.i)))
    if not found:
        return None
    frame, toks = max(found, key=lambda x: x[0].rank)
    if len(toks) == 1 and toks[0].lower_ in _PRONOUN_ONLY:
        return None
    who = nominal_source(n)
    return (frame, toks, who) if who is not None else None


def nominal_source(n: Token) -> Token | None:
    """Who a noun or adjective speaks for: its possessor ("his call"), or the subject of the
    verb it completes ("made allegations", "is critical"), unless that verb is negated.
    `benchmarks/learn_cues.py` counts noun frames only where this finds someone."""
    who = next((c for c in n.children if c.dep_ == "poss"), None)
    if who is None and n.dep_ in ("dobj", "attr", "acomp") and n.head.pos_ in ("VERB", "AUX"):
        if any(c.dep_ == "neg" for c in n.head.children):
            return None
        who = next((c for c in n.head.children if c.dep_ == "nsubj"), None)
    return who


def possessive_pronoun(t: Token) -> str | None:
    """'he' for 'his' etc.: a possessor pronoun resolves as its subject form."""
    return _POSSESSIVE.get(t.lower_) if t.pos_ == "PRON" else None


def passive_content(v: Token) -> tuple[Frame, list[Token], Token] | None:
    """'The plan was backed by the council', 'the move was first reported by the Gazette': the
    passive of a verb whose learned content is its object. The passive subject is that content and
    the agent ("by …") its source. Without an agent there is no source ("Holm is expected to win")."""
    forms, frames = _table()
    lemma = forms.get(v.lower_)
    if lemma is None or v.pos_ != "VERB" or "dobj" not in frames[lemma]:
        return None
    if not any(c.dep_ == "auxpass" for c in v.children) or any(c.dep_ == "neg" for c in v.children):
        return None
    subj = next((c for c in v.children if c.dep_ == "nsubjpass" and c.i < v.i), None)
    agent = next((c for c in v.children if c.dep_ == "agent"), None)
    who = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if subj is None or who is None or subj.pos_ == "PRON":
        return None  # "which was backed by …", "it was …": nothing a reader could be told
    return frames[lemma]["dobj"], sorted(subj.subtree, key=lambda t: t.i), who
