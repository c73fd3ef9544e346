"""Rules over frames learned from counts (frames.py): a verb's or a noun's content where the verb
is not one of the speech verbs the clause rules read ("endorsed Holm", "called for a ban",
"polls show that …"), the passive with its agent ("was backed by the council"), and nominal cues
("his call for a ban"). They run after the clause rules, on the verbs those left unread.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from retrieval.attribution.candidates import Candidate
from retrieval.attribution.clauses import _balance, _trim, with_addressee, with_complementizer, with_conjoined_clause, with_contrast, with_terms
from retrieval.attribution.frames import (
    content_of,
    noun_content_of,
    passive_content,
    reported_clause,
    possessive_pronoun,
)
from retrieval.attribution.quotes import Quote
from retrieval.attribution.speaker_np import REL_SUBJECTS, SpeakerNP, _abs, analyse_np, counted
from retrieval.attribution.subjects import REFUSING, _inside, find_subject
from retrieval.attribution.that_clause import that_clause
from retrieval.speech_verbs import SPEECH_FORMS


def learned_candidates(
    doc: Doc,
    base: int,
    unit_idx: int,
    quotes: list[tuple[int, Quote]],
    extents: list[tuple[int, int]],
    direct_ext: list[tuple[int, int]],
    cands: list[Candidate],
) -> list[Candidate]:
    """The learned frames' statements in one unit, for cues none of `cands` (the clause rules') holds."""
    text_all = doc.text
    found: list[Candidate] = []
    # 2c. Learned frames: "endorsed Holm", "called for a ban", "promised to cut taxes", and
    # clauses of verbs beyond the speech list ("polls show that …"); see frames.py.
    # Only verbs no rule above has read: those rules cut their clauses more carefully.
    ruled = {c.cue for c in cands + found}
    for t in doc:
        hit = content_of(t) if _abs(base, t) not in ruled else None
        if hit is None or _inside(base + t.idx, extents) or _reports_itself(hit[1]):
            continue
        toks = with_addressee(t, with_contrast(t, with_complementizer(_trim(with_terms(t, hit[1])))))
        subj = find_subject(t)
        if not toks or subj is None or _inside(base + subj.idx, extents):
            continue
        span = _frame_span(toks, base, text_all, quotes, direct_ext)
        if span is None or span[0] <= base + subj.idx < span[1]:
            continue
        s, e = span
        # A weak frame ("supports", "wants to") counts only when its own subject names a person
        # or group (not a firm) and does not sit inside a clause that is itself reported
        # ("said voters want …", where the whole clause, not "voters", is what someone said).
        weak = hit[0].weak
        # A share of people holding the stance ("about half of voters support a ban", "while 19 percent
        # back Vane") is a poll's answer: what is backed need not be a name, and a clause of contrast
        # or time ("while …") is no report of someone else's.
        polled = weak and counted(subj) and subj.head.i == t.i and t.dep_ in ("ROOT", "advcl", "conj", "relcl") and not _embedded(t.head)
        # "a group backing Vane": a participle's doer is the noun it describes (subjects.find_subject);
        # whether that stands inside a report is the noun's clause's to tell.
        described = t.dep_ == "acl" and t.tag_ == "VBG" and subj.i == t.head.i
        # "…," Vane said, referring to the resorts': a participle after a comma is its verb's subject's.
        own = subj.head.i == t.i or described or (_participle_aside(t) and subj.head.i == t.head.i)
        if weak and not polled and (not own or _embedded(t.head if described else t) or (hit[0].key == "dobj" and not _names_someone(hit[1]))):
            continue
        # What someone would not say, inside what another reports ("the paper said the office
        # refused to …"), is the reporter's claim, not the refuser's statement.
        if _embedded(t) and (t.lower_ in REFUSING or any(c.dep_ == "neg" for c in t.children)):
            continue
        # Any determined or counted subject may hold a stance ("56 percent back Vane").
        spk = analyse_np(subj, base, loose=True)
        if weak and spk is not None and spk.mode not in _PEOPLE:
            continue  # "Acme Rail delivered its last train": a firm's deeds are not its words
        if spk is not None:
            # "has endorsed", "will not" — the auxiliaries right before the verb belong to the phrase.
            first = t
            while first.i > 0 and doc[first.i - 1].dep_ in ("aux", "neg", "advmod") and doc[first.i - 1].head.i == t.i:
                first = doc[first.i - 1]
            phrase = (base + first.idx, e)
            found.append(Candidate("indirect", (s, e), _abs(base, t), spk, unit_idx, blank=[(s, e), spk.np_span], ante=_local_antecedent(t, subj, base, extents), phrase=phrase, weak=weak))

    # 2g. Any other verb through its that-clause ("conceded that …", "the filing suggests
    # that …", "is confident that …"): the shape is the cue where the word is too rare to learn
    # (that_clause.py).
    ruled = {c.cue for c in cands + found}
    for t in doc:
        hit = that_clause(t) if _abs(base, t) not in ruled and not _inside(base + t.idx, extents) else None
        if hit is None or _inside(base + hit[1].idx, extents):
            continue
        c, subj = hit
        toks = with_contrast(t, with_complementizer(_trim(with_terms(t, with_conjoined_clause(t, sorted(c.subtree, key=lambda x: x.i))))))
        span = _frame_span(toks, base, text_all, quotes, direct_ext) if len(toks) >= 3 else None
        spk = analyse_np(subj, base, loose=True) if span is not None else None
        if spk is not None:
            found.append(Candidate("indirect", span, _abs(base, t), spk, unit_idx, blank=[span, spk.np_span], ante=_local_antecedent(t, subj, base, extents)))

    # 2h. The passive of such a verb with its agent: "the plan was backed by the council"
    # (unless the verb already carries a quote: 'was praised by X as "…"').
    ruled = {c.cue for c in cands + found}
    for t in doc:
        hit = passive_content(t)
        if hit is None or _inside(base + t.idx, extents) or _abs(base, t) in ruled:
            continue
        frame, ptoks, who = hit
        toks = _trim(ptoks)
        span = _frame_span(toks, base, text_all, quotes, direct_ext) if toks and not _inside(base + who.idx, extents) else None
        # The agent must read as a speaker by the strict test ("justified by the speed" is a reason);
        # a weak frame ("was offered by") and a person as the content ("was recommended by") say too
        # little of what was said.
        spk = analyse_np(who, base) if span is not None and not frame.weak else None
        if spk is not None and spk.mode in _PEOPLE and next(x for x in ptoks if x.head.i == t.i).ent_type_ != "PERSON":
            found.append(Candidate("indirect", span, _abs(base, t), spk, unit_idx, blank=[span, spk.np_span]))

    # 2e. Nominal cues learned the same way: "his call for a ban", "made allegations against
    # the mayor", "is critical of the plan".
    for n in doc:
        hit = noun_content_of(n) if not _inside(base + n.idx, extents) else None
        if hit is None:
            continue
        _, ntoks, who = hit
        toks = with_complementizer(_trim(ntoks))
        if not toks or _inside(base + who.idx, extents) or _embedded(who.head):
            continue
        span = _frame_span(toks, base, text_all, quotes, direct_ext)
        if span is None or span[0] <= base + who.idx < span[1]:
            continue
        s, e = span
        pron = possessive_pronoun(who)
        spk = SpeakerNP("pronoun", pron, _abs(base, who), np_span=_abs(base, who)) if pron else analyse_np(who, base)
        if spk is not None:
            found.append(Candidate("indirect", (s, e), _abs(base, n), spk, unit_idx, blank=[(s, e), spk.np_span]))
    return found


def _frame_span(toks: list[Token], base: int, text: str, quotes: list[tuple[int, Quote]], direct_ext: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The character span of a learned frame's content, or None when a direct quote already holds it."""
    s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
    s, e = _balance(text, s, e, [q for _, q in quotes])
    covered = sum(max(0, min(e, qb) - max(s, qa)) for qa, qb in direct_ext)
    return None if covered > 0.7 * (e - s) else (s, e)


def _reports_itself(toks: list[Token]) -> bool:
    """'is continuing to insist she will …', 'appeared to imply that …': the infinitive is a verb of
    saying with a clause of its own, which the clause rules read with it as the cue; the verb before
    tells only that the saying goes on or seems so, and its larger span would swallow the clause."""
    x = next((t for t in toks if t.head.i not in {y.i for y in toks}), toks[0])
    # "declined to say whether …": a refusal is itself what is reported (its phrase reads as written).
    if x.dep_ != "xcomp" or x.head.lower_ in REFUSING or not any(c.dep_ == "ccomp" for c in x.children):
        return False
    return x.lower_ in SPEECH_FORMS or that_clause(x) is not None


def _names_someone(toks: list[Token]) -> bool:
    """The object is a name ("backed Smith"), not a thing done ("offered the rationale")."""
    head = next((t for t in toks if t.head.i not in {x.i for x in toks}), toks[0])
    return head.pos_ == "PROPN"


_PEOPLE = {"name", "pronoun", "group", "descriptor_ref"}
_CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "pcomp", "acl", "csubj", "pobj"}



def _embedded(v: Token) -> bool:
    """`v` is, or lies inside, a complement or adverbial clause (not a main or relative clause)."""
    x = v
    while x.head.i != x.i:
        if x.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in REL_SUBJECTS for c in x.children):
            # "half of the voters who back Vane": a relative clause whose subject is the noun it
            # describes is embedded only where that noun is (a prepositional object is part of the
            # noun's phrase, not a clause), so skip up to the noun phrase's own head. Not "the
            # scenario where the board wants …": there the clause describes a thing, and its own
            # subject speaks only hypothetically.
            x = x.head
            while x.dep_ in ("pobj", "prep") and x.head.i != x.i and x.head.pos_ not in ("VERB", "AUX"):
                x = x.head
            if x.dep_ == "pobj":
                x = x.head  # the preposition of a verb ("among those who …"): an adjunct, no clause
            continue
        # A sentence of its own hung on the next one, or a clause of time or contrast beside the
        # main one, is no clause that someone reports.
        if x.dep_ in _CLAUSE_DEPS and not _own_sentence(x) and not _aside_clause(x):
            return True
        x = x.head
    return False


def _own_sentence(x: Token) -> bool:
    """'Vane attacked Holm: he said he had raised …': a clause before a verb that reports another
    after it (frames.reported_clause), set off by a colon, semicolon or dash, is a sentence of its
    own that the parser hung on the later verb."""
    v = x.head
    if x.dep_ != "ccomp" or x.i > v.i or reported_clause(v).i == x.i:
        return False
    return any(t.text in (":", ";", "—", "–") for t in x.doc[x.right_edge.i : v.i])


# Subordinators of a clause that tells a fact of its own beside the main clause, which no one in
# the sentence reports ("Though she never mentioned Holm, …", "after a poll showed …"); not "if"
# or "unless": a condition tells what someone would do, not what they did; nor "because" or
# "since": a reason may be the main clause's subject's own ("wants X because it thinks …").
_ASIDE_MARKS = {"though", "although", "while", "whereas", "after", "before", "when", "as"}


def _aside_clause(x: Token) -> bool:
    """`x` heads an adverbial clause with a subject of its own, opened by one of `_ASIDE_MARKS`,
    or a participle set off by a comma after its verb ("…, refusing to attack his rivals"): the
    subject's next deed, as "…, saying …" is its next statement (subjects.reporter_participle)."""
    if x.dep_ != "advcl":
        return False
    if _participle_aside(x):
        return True
    return any(c.dep_ == "nsubj" for c in x.children) and any(c.dep_ == "mark" and c.lower_ in _ASIDE_MARKS and c.i < x.i for c in x.children)


def _participle_aside(x: Token) -> bool:
    """`x` is a participle set off by a comma after the verb it hangs on, with no subject of its own."""
    return (
        x.dep_ == "advcl" and x.tag_ == "VBG" and x.i > x.head.i and x.left_edge.i > 0
        and x.doc[x.left_edge.i - 1].text == "," and not any(c.dep_ in ("nsubj", "mark") for c in x.children)
    )


def _local_antecedent(v: Token, subj: Token, base: int, extents: list[tuple[int, int]]) -> str:
    """'Acme sued Brill, but a settlement was reached after he testified that …':
    a he/she in a subordinate clause refers to a name earlier in its sentence
    (kept only if the article knows it as a person)."""
    if subj.lower_ not in ("he", "she") or v.dep_ not in ("advcl", "relcl"):
        return ""
    names = [
        t for t in v.sent
        if t.i < v.left_edge.i and t.pos_ == "PROPN" and t.dep_ in ("nsubj", "dobj", "nsubjpass", "appos") and not _inside(base + t.idx, extents)
    ]
    return "|".join(t.text for t in reversed(names))
