"""Content spans of reported speech: which tokens of a clause were said.

Trimming connectives and a reporter's trailing gloss, clauses hanging off a
"memo"/"concern" noun, the to-infinitive of a request, balancing quote marks.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from retrieval.attribution.frames import lemma_of
from retrieval.attribution.gazetteer import NO_INDIRECT, REQUEST_VERBS
from retrieval.speech_verbs import SPEECH_FORMS, SPEECH_NOUNS
from retrieval.attribution.quotes import Quote, quote_extent
from retrieval.attribution.speaker_np import _CONNECTORS, counted
from retrieval.attribution.subjects import reporter_participle


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def _trim(toks: list[Token]) -> list[Token]:
    while toks and (toks[0].is_punct or toks[0].lower_ in _CONNECTORS or (toks[0].dep_ in ("mark", "dobj") and toks[0].lower_ == "that")):
        toks = toks[1:]
    while toks and (toks[-1].text in (",", ".", ";", ":", "—", "–", "-", "(", "'") or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    cut = _medium_tail(toks) or _reporting_tail(toks)
    return _trim(toks[:cut]) if cut else toks


# A relative clause stays: it describes a noun of the content, often in the speaker's own words
# ("the delegate system, which he said leaves voters out").
_TAIL_CLAUSES = {"advcl", "conj"}


def _reporting_tail(toks: list[Token]) -> int:
    """'he is tough enough to be mayor after a woman told him she worries …', 'they were worried,
    and 4 in 10 said …': a clause of time, contrast or a second clause ending the content, in which
    someone else reports a saying of their own, is a statement apart (PolNeAR's annotators end the
    content before it). The index it starts at, 0: none."""
    if len(toks) < 6:
        return 0
    ids = {t.i for t in toks}
    last = toks[-1].i
    for k, t in enumerate(toks):
        if k < _MIN_SAID:
            continue
        if t.dep_ not in _TAIL_CLAUSES or t.head.i not in ids or t.right_edge.i != last or t.left_edge.i not in ids:
            continue
        start = t.left_edge.i
        # A condition or reason is the terms of what was said, whoever it mentions saying something.
        if start - toks[0].i < _MIN_SAID or start <= t.head.i or any(m.dep_ == "mark" and m.lower_ in _TERMS for m in t.children):
            continue
        reports = any(
            # Not the speaker's own "I think" inside the words quoted.
            y.pos_ == "VERB" and SPEECH_FORMS.get(y.lower_) not in (None, *NO_INDIRECT)
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("i", "we") for c in y.children)
            and any(c.dep_ in ("ccomp", "xcomp") for c in y.children)
            for y in t.subtree
        )
        if reports:
            return next(j for j, y in enumerate(toks) if y.i == start)
    return 0


_MIN_SAID = 3  # words of content before a phrase can be cut from its end as the medium


def _medium_tail(toks: list[Token]) -> int:
    """'praised the ruling in a statement', '… in an interview with the Courier': a phrase ending
    the content that names where the words were given says how it was said, not what. 0: none.
    Not a definite noun with its own "of" ("stalled on the release of the hostages", "an error in
    the statement of accounts"): that is a thing talked about."""
    for k, p in enumerate(toks):
        if k >= _MIN_SAID and p.dep_ == "prep" and p.lower_ in ("in", "on", "during", "via") and p.right_edge.i == toks[-1].i:
            o = next((c for c in p.children if c.dep_ == "pobj"), None)
            if o is not None and o.lower_ in SPEECH_NOUNS and not _a_thing(o):
                return k
    return 0


def _a_thing(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)


def with_complementizer(toks: list[Token]) -> list[Token]:
    """The clause with the "that" introducing it: PolNeAR's annotators count it as part of
    what was said (the answer composer drops it again after "said that")."""
    if toks and toks[0].i > 0:
        doc = toks[0].doc
        j = toks[0].i - 1
        # 'said that “we will win”': the quote mark opening the clause sits between the two; in
        # 'argued that, while fares rose, …' the comma after an interrupting phrase trimmed away.
        while j > 0 and (doc[j].is_quote or doc[j].text in (",", "—", "–", "-")):
            j -= 1
        prev = doc[j]
        if prev.lower_ == "that" and prev.dep_ == "mark" and prev.head.i in {t.i for t in toks}:
            return [*doc[j : toks[0].i], *toks]
    return toks


def with_addressee(v: Token, toks: list[Token]) -> list[Token]:
    """A request's content with whom it asks: "urged residents to stay indoors", "called on the
    council to act", "encouraged voters to turn out". PolNeAR's annotators (and this project's gold)
    mark the addressee with the infinitive: "to stay indoors" alone does not say who should.
    Only an object or "on"-object of the cue that ends right where its to-infinitive starts."""
    if not toks or not any(a.dep_ == "aux" and a.lower_ in ("to", "not") for a in toks[0].doc[toks[0].i : toks[0].i + 2]):
        return toks
    for c in v.children:
        who = c
        if c.dep_ == "prep" and c.lower_ in ("on", "upon"):
            who = next((o for o in c.children if o.dep_ == "pobj"), c)
        # "promised Monday to act": a day the parser took for an object is when, not whom.
        if who.dep_ in ("dobj", "dative", "pobj") and v.i < who.i and who.right_edge.i + 1 == toks[0].i and who.ent_type_ not in ("DATE", "TIME"):
            return [*who.doc[who.left_edge.i : toks[0].i], *toks]
    return toks


def without_cue_time(v: Token, toks: list[Token]) -> list[Token]:
    """'said Tuesday the ferry would run', 'said on Friday she had met …': with no "that", a day
    right after the cue is when it was said; the parser opens the clause with it."""
    if not toks or toks[0].i != v.i + 1:
        return toks
    m = toks[0] if toks[0].dep_ == "npadvmod" else toks[0] if toks[0].dep_ == "prep" and toks[0].lower_ in ("on", "at", "in") else None
    words = [x for x in m.subtree if x.i != m.i or m.dep_ == "npadvmod"] if m is not None else []
    if words and all(x.ent_type_ in ("DATE", "TIME") for x in words) and m.head.i in {x.i for x in toks}:
        return [x for x in toks if x.i > m.right_edge.i]
    return toks


# Subordinators of condition, reason and purpose: the terms of what was said. Time and contrast
# ("as", "after", "when", "while", "though") frame the saying in the reporter's words instead.
_TERMS = {"if", "unless", "because", "so", "lest"}


def with_terms(v: Token, toks: list[Token]) -> list[Token]:
    """'promised to act if elected', 'threatened to stay away unless he is paid', 'said it would
    close if the levy passed': a clause of condition or reason the parser hangs on the cue verb
    right after the content is part of what was said (PolNeAR's annotators keep it)."""
    if not toks:
        return toks
    doc = toks[0].doc
    for c in v.children:
        if c.dep_ != "advcl" or c.i <= toks[-1].i:
            continue
        gap = doc[toks[-1].i + 1 : c.left_edge.i]
        first = c.left_edge
        marked = any(m.dep_ == "mark" and m.lower_ in _TERMS and m.i == first.i for m in c.children)
        # "… because he worries that …": a reason that reports a saying of its own is a statement apart.
        reports = any(x.dep_ == "ccomp" for x in c.subtree)
        if marked and all(g.is_punct for g in gap) and not reports:
            return [*toks, *gap, *sorted(c.subtree, key=lambda x: x.i)]
    return toks


# Contrast: "found that 449 insiders back Holm, while only 19 support Vane" — the other half of
# the comparison the source made.
_CONTRAST = {"while", "whereas"}


def with_contrast(v: Token, toks: list[Token]) -> list[Token]:
    """A "that"-clause's contrast the parser hangs on the cue right after it is part of what was
    said. Not where the cue's subject is itself a share ("half said they would vote, while 9 percent
    …"): there each share gives its own answer, a statement apart; nor a contrast that reports a
    saying of its own."""
    if not toks or toks[0].lower_ != "that" or toks[0].dep_ != "mark":
        return toks
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or counted(subj):
        return toks
    doc = toks[0].doc
    for c in v.children:
        if c.dep_ != "advcl" or c.i <= toks[-1].i or c.left_edge.lower_ not in _CONTRAST:
            continue
        gap = doc[toks[-1].i + 1 : c.left_edge.i]
        if all(g.is_punct for g in gap) and not any(x.dep_ == "ccomp" for x in c.subtree):
            return [*toks, *gap, *sorted(c.subtree, key=lambda x: x.i)]
    return toks


_CLAUSE_CC = {"and", "but", "nor", "yet"}


def with_conjoined_clause(v: Token, toks: list[Token]) -> list[Token]:
    """'said the bridge was safe, but no date has been set', 'think it worked, but that more is
    to do': the parser hangs a second clause with a subject of its own (or its own "that") on the
    cue verb, where it is the rest of what was said. A verb of saying or a learned cue there is
    a second statement ("…, and Holm added that …"), and a clause without its own subject is the
    speaker's next deed ("…, and shared a link"): neither is joined."""
    if not toks:
        return toks
    doc = toks[0].doc
    for c in v.children:
        if c.dep_ != "conj" or c.i <= toks[-1].i or c.pos_ not in ("VERB", "AUX"):
            continue
        gap = doc[toks[-1].i + 1 : c.left_edge.i]
        if not any(g.lower_ in _CLAUSE_CC for g in gap) or not all(g.is_punct or g.lower_ in _CLAUSE_CC for g in gap):
            continue
        own = any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children) or any(
            g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        # A passive is no learned cue's active frame ("no date has been set", frames.content_of).
        learned = lemma_of(c.lower_) is not None and not any(g.dep_ == "auxpass" for g in c.children)
        if own and c.lower_ not in SPEECH_FORMS and not learned:
            # '…, but prices rose, according to the survey': the survey is a source, not a word said.
            cut = {x.i for a in c.children if a.lower_ == "according" for x in a.subtree}
            return [*toks, *gap, *sorted((x for x in c.subtree if x.i not in cut), key=lambda x: x.i)]
    return toks


_GLOSS = {"referring", "citing", "speaking", "adding", "noting", "saying", "explaining", "calling", "describing"}
_STANCE_NOUNS = {
    "hope", "concern", "concerns", "confidence", "fear", "fears", "belief", "view", "optimism", "doubt", "doubts",
    "regret", "worry", "worries", "opinion", "conviction", "frustration", "disappointment", "satisfaction",
}


def _drop_gloss(comp: Token) -> list[Token]:
    """The clause without a trailing reporter's gloss (', referring to …')."""
    toks = sorted(comp.subtree, key=lambda x: x.i)
    # "…, claiming that …", "…, telling reporters …" ending the clause, wherever the parser hung it:
    # the speaker's next statement (see subjects.reporter_participle), not more of this one.
    tail = [c for c in toks if c.i > comp.i and c.right_edge.i == comp.right_edge.i and reporter_participle(c)]
    if tail:
        toks = [x for x in toks if x.i < min(c.left_edge.i for c in tail)]
    for c in comp.children:
        if c.dep_ == "advcl" and c.lower_ in _GLOSS and c.i > comp.i and c.i > 0 and comp.doc[c.i - 1].is_punct:
            cut = c.left_edge.i
            toks = [x for x in toks if x.i < cut]
        # "confirmed that X had left, but did not say whether …": a second verb of
        # the reporting subject, conjoined into the clause, is not what was said.
        elif c.dep_ == "conj" and c.i > comp.i and c.pos_ in ("VERB", "AUX") and not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children):
            prev = comp.doc[c.left_edge.i - 1] if c.left_edge.i > 0 else None
            negated = any(g.dep_ == "neg" for g in c.children)
            if (c.lower_ in SPEECH_FORMS or negated) and (prev is None or prev.dep_ == "cc" or prev.is_punct):
                cut = c.left_edge.i - (1 if prev is not None and prev.dep_ == "cc" else 0)
                toks = [x for x in toks if x.i < cut]
    return toks


def _memo_clause(v: Token) -> Token | None:
    """'announced in an internal memo that …' parsed as a relative clause of 'memo';
    'expressed concern that …', 'stressed his view that …' (a clause on the object)."""
    for o in v.children:
        if o.dep_ == "dobj" and o.lower_ in _STANCE_NOUNS:
            for r in o.children:
                if r.dep_ in ("acl", "relcl", "ccomp") and r.i > o.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in r.children):
                    return r
    for p in v.children:
        if p.dep_ != "prep" or p.lower_ not in ("in", "on", "via", "through"):
            continue
        for o in p.children:
            if o.dep_ == "pobj" and o.lower_ in SPEECH_NOUNS:
                for r in o.children:
                    if r.dep_ in ("relcl", "acl") and r.i > o.i and r.left_edge.lower_ == "that" and r.left_edge.i == o.i + 1:
                        return r
    return _clause_after_adjuncts(v)


_ADJUNCTS = {"prep", "advmod", "npadvmod"}


def _clause_after_adjuncts(v: Token) -> Token | None:
    """'said earlier on Friday during a news conference that he may wait …': when only adverbs and
    prepositional phrases stand between the cue and a "that"-clause, the small model may hang the
    clause on the last noun as a relative clause. A relative clause's "that" is its subject or
    object; a complementizer "that" (and a subject of the clause's own) shows it is the cue's."""
    adj = [c for c in v.children if c.dep_ in _ADJUNCTS and c.i > v.i]
    if not adj:
        return None
    inner = {x.i: x for c in adj for x in c.subtree}
    for x in inner.values():
        if x.dep_ not in ("relcl", "acl", "ccomp") or x.head.pos_ not in ("NOUN", "PROPN"):
            continue
        m = x.left_edge
        if m.lower_ != "that" or m.dep_ != "mark" or m.head.i != x.i:
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.lower_ not in ("that", "which", "who") for c in x.children):
            continue
        if all(i in inner for i in range(v.i + 1, m.i)) and x.head.right_edge.i == x.right_edge.i:
            return x
    return None


def _request_clause(t: Token, ranges: list[tuple[int, int]], base: int) -> Token | None:
    """The to-infinitive a request verb governs when it has an addressee."""
    lemma = SPEECH_FORMS.get(t.lower_)
    if lemma not in REQUEST_VERBS or t.pos_ != "VERB" or _inside(base + t.idx, ranges):
        return None
    if any(c.dep_ == "neg" for c in t.children) or t.dep_ in ("relcl", "amod", "acl"):
        return None
    addressee = any(c.dep_ in ("dobj", "dative") for c in t.children)
    if lemma == "call":
        addressee = any(c.dep_ == "prep" and c.lower_ in ("on", "upon") for c in t.children)
    if not addressee:
        return None
    for c in t.children:
        if c.dep_ in ("xcomp", "ccomp") and c.i > t.i and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return c
    return None


def _balance(text: str, s: int, e: int, quotes: list[Quote]) -> tuple[int, int]:
    """Extend an indirect content span to close a quotation it opens."""
    for q in quotes:
        a, b = quote_extent(q)
        if s <= a < e < b and q.close_mark is not None:
            e = b
        elif a < s < b <= e and s - a < 3:
            s = a
    # Drop a dangling closing mark at the very end with no opener inside.
    return s, e


def _object_infinitive(v: Token) -> Token | None:
    """'analysts predict development of one to trigger …': the object with its to-infinitive
    (the parser hangs the infinitive on a noun inside the object)."""
    if SPEECH_FORMS.get(v.lower_) not in ("predict", "forecast"):
        return None
    for o in v.children:
        if o.dep_ == "dobj" and o.i > v.i and any(x.dep_ == "aux" and x.lower_ == "to" for x in o.subtree):
            return o
    return None


_WH = {"if", "whether", "who", "whom", "whose", "what", "which", "why", "how", "when", "where"}


def reported_question(v: Token) -> Token | None:
    """'Holm asked workers if they planned to come', 'she asked who would pay': the question a
    speaker put, an if/whether/wh- clause of "ask" (its to-infinitive is a request, `_request_clause`).
    Only a finite "asked" with a subject of its own: in "Asked if …, Holm said no" Holm did not ask."""
    if SPEECH_FORMS.get(v.lower_) != "ask" or v.pos_ != "VERB" or v.tag_ in ("VBN", "VBG"):
        return None
    if not any(c.dep_ == "nsubj" for c in v.children) or any(c.dep_ == "neg" for c in v.children):
        return None
    for c in v.children:
        if c.dep_ in ("ccomp", "advcl") and c.i > v.i and c.left_edge.lower_ in _WH and c.left_edge.i > v.i:
            return c
    return None


_ANSWERS = {"so", "yes", "no"}


def short_answer(v: Token) -> list[Token] | None:
    """'half said so', 'most said yes', '64 percent say the same of the mayor': a reported answer
    too short for a clause (polls and interviews report them). The verb must have no clause of its own."""
    if any(c.dep_ in ("ccomp", "xcomp") for c in v.children):
        return None
    for c in v.children:
        if c.i < v.i:
            continue
        if c.lower_ in _ANSWERS and c.dep_ in ("advmod", "intj", "dobj", "npadvmod") and not list(c.children):
            return [c]
        if c.dep_ == "dobj" and c.lower_ == "same" and any(d.dep_ == "det" and d.lower_ == "the" for d in c.children):
            return sorted(c.subtree, key=lambda t: t.i)
    return None


def according_side(sent: Span, p0: int, p1: int) -> list[Token]:
    """What an "according to X" phrase (tokens p0..p1 of `sent`) attributes: the longer side of
    the sentence, but the whole clause where the phrase interrupts it ("The ferry, according to
    the board, lost money": its subject before, its verb after), and the clause before where the
    one after is joined to it ("Fares rose, according to the board, and the bridge is late")."""
    left = [x for x in sent if x.i < p0]
    right = [x for x in sent if x.i > p1]
    right_ids = {x.i for x in right}
    if left and right and any(x.dep_ in ("nsubj", "nsubjpass") and x.head.i in right_ids for x in left):
        return left + right
    first = next((x for x in right if not x.is_punct), None)
    if left and first is not None and first.dep_ == "cc":
        return left
    return left if len(left) >= len(right) else right
