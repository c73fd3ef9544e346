"""The that-clause as a cue of its own: "X conceded that …", "the filing suggests that …",
"X is confident that …".

Which words report is a long tail: most verbs people marked as cues in PolNeAR train were seen
there too seldom to learn one by one (frames.py). The shape is common to them: a verb (or an adjective
after "is") with a subject of its own and a clausal complement opened by "that". `benchmarks/learn_cues.py`
counts that shape per lemma (`clause_and_subject`) ("that_frames": times marked, times seen); a verb is read through
it unless its counts show people seldom mark it so ("ensure that", "make sure that"):
seen at least `EXCLUDE_SEEN` times and marked in under `EXCLUDE_RATE` of them. Unseen verbs
are read: the shape's own rate over the rarely seen lemmas is what the learning script prints.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from retrieval.attribution.frames import _raw
from retrieval.attribution.gazetteer import HUMAN_NOUNS
from retrieval.speech_verbs import SPEECH_FORMS

EXCLUDE_SEEN = 4
EXCLUDE_RATE = 0.3


@cache
def _excluded_forms() -> frozenset[str]:
    """Surface forms of the verbs whose counts say the shape is not a cue for them."""
    raw = _raw()
    frames, forms = raw.get("that_frames", {}), raw.get("that_forms", {})
    out: set[str] = set()
    for lemma, (hits, seen) in frames.items():
        if seen >= EXCLUDE_SEEN and hits < EXCLUDE_RATE * seen:
            out.update(forms.get(lemma, [lemma]))
    return frozenset(out)


_EMPTY_SUBJECTS = {"it", "this", "that", "there", "what", "which"}


def clause_and_subject(w: Token) -> tuple[Token, Token] | None:
    """The shape alone, as `benchmarks/learn_cues.py` counts it: a that-clause complement of a verb
    with a subject of its own ("X conceded that …"), or of an adjective completing a copula
    ("X is confident that …"), and that subject. "It is clear that …" has none: no one is."""
    if w.pos_ == "VERB":
        subj = next((c for c in w.children if c.dep_ == "nsubj"), None)
        deps = list(w.children)
    elif w.pos_ == "ADJ" and w.dep_ == "acomp" and w.head.pos_ in ("AUX", "VERB"):
        subj = next((c for c in w.head.children if c.dep_ == "nsubj"), None)
        # An adjective's stance is a person's or a group's ("X is hopeful that"); of a thing it is a
        # quality ("the maxim was true that …").
        if subj is not None and not (subj.pos_ in ("PROPN", "PRON") or subj.lower_ in HUMAN_NOUNS):
            return None
        deps = [*w.children, *w.head.children]  # the parser often hangs the clause on the "is"
    else:
        return None
    if subj is None or subj.lower_ in _EMPTY_SUBJECTS:
        return None
    c = next((c for c in deps if c.dep_ == "ccomp" and c.i > w.i and c.left_edge.lower_ == "that" and c.left_edge.dep_ == "mark"), None)
    return (c, subj) if c is not None else None


def that_clause(v: Token) -> tuple[Token, Token] | None:
    """The that-clause word `v` reports through and its subject, if the shape applies to it.

    Speech verbs are left to the clause rules, which read them with more care; a passive
    ("it was decided that") has no source; a word whose counts exclude it reports nothing."""
    if v.lower_ in SPEECH_FORMS or v.lower_ in _excluded_forms():
        return None
    if any(c.dep_ in ("auxpass", "nsubjpass", "expl") for c in v.children):
        return None
    hit = clause_and_subject(v)
    # "marked the third time that …": a thing as object, and the clause is its relative one
    # (the parser hangs it on the verb); one is told, reminded or warned as a person.
    if hit is not None and any(o.dep_ == "dobj" and o.i < hit[0].i and o.pos_ == "NOUN" and o.lower_ not in HUMAN_NOUNS for o in v.children):
        return None
    return hit
