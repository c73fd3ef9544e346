"""Dependency rules over one parsed unit (a sentence or a few, never cutting a quote).

Each rule yields a `Candidate`: what was said and who the parse says said it.
Pronouns and "the president" are resolved later, at article level
(`speakers.py`), because their antecedents live in other units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from retrieval.attribution.gazetteer import COGNITION, NO_INDIRECT, QUOTE_ONLY, REQUEST_VERBS, SPEECH_FORMS
from retrieval.attribution.quotes import Quote, quote_extent
from retrieval.attribution.speaker_np import _CONNECTORS, SpeakerNP, _abs, _clean_name, _span_text, analyse_np


@dataclass
class Candidate:
    kind: str  # direct | indirect
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: SpeakerNP | None  # None: inherit from the neighbouring statement
    unit: int
    quote_idx: int = -1  # index into the article's quote list for direct quotes
    continues: bool = False  # the quote continues the previous quote (no cue of its own)
    blank: list[tuple[int, int]] = field(default_factory=list)  # ranges to hide from date/place search


@dataclass
class Mention:
    pos: int
    text: str
    label: str  # PERSON | ORG
    is_subject: bool
    role: str = ""


_SUBJ = {"nsubj", "nsubjpass"}


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def is_cue(t: Token, ranges: list[tuple[int, int]], base: int, for_quote: bool) -> bool:
    """A speech verb outside any quotation (only quote-carrying verbs for quotes)."""
    lemma = SPEECH_FORMS.get(t.lower_)
    if lemma is None or _inside(base + t.idx, ranges):
        return False
    if t.pos_ not in ("VERB", "AUX") and not t.tag_.startswith("VB"):
        return False
    if not for_quote and (lemma in NO_INDIRECT or lemma in QUOTE_ONLY):
        return False
    # "He didn't say where …" reports no statement.
    if any(c.dep_ == "neg" for c in t.children) or any(c.dep_ == "neg" for c in t.head.children if t.dep_ == "xcomp"):
        return False
    if t.dep_ == "xcomp" and t.head.lower_ in _REFUSING:
        return False
    if lemma in COGNITION and (t.dep_ not in ("ROOT", "conj") or any(c.dep_ in _SUBJ and c.lower_ in ("it", "i", "we", "you") for c in t.children)):
        return False
    return True


_CUE_TAIL = re.compile(r"\b(?:" + "|".join(SPEECH_FORMS) + r")\b[^,;.]{0,30},\s*$", re.I)
_DESCRIBED_AS = re.compile(
    r"\b(?:described|calls|called|describes|praised|hailed|praises|hails)\b[^.;\"“”]{0,40}\bas(?: an?| the)?\s*$"
    # 'called the plan "a disaster"', 'dubbed it "the best"' (no "as", a short object in between)
    r"|\b(?:calls|called|dubbed|dubs|labelled|labeled|branded|termed)\s+(?:it|this|that|them|him|her|(?:the|a|an|his|her|its|their)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2})\s*$"
)
_SOURCE_HEADS = {"statement", "letter", "release", "memo", "email", "message", "note", "post", "announcement"}
_RAISING = {"went", "goes", "go", "going", "continued", "continues", "wanted", "wants", "tried", "began", "decided"}
_REFUSING = {"declined", "refused", "declines", "refuses", "declining", "refusing"}


def find_subject(v: Token, depth: int = 0) -> Token | None:
    """The speaker token of speech verb `v`: its subject, or its governing verb's."""
    if SPEECH_FORMS.get(v.lower_) == "quote":
        # "Detik.com quoted Djamal as saying": the quoted person speaks.
        for c in v.children:
            if c.dep_ == "dobj" and any(g.lower_ == "as" for g in v.children):
                return c
    # "was praised by Jobs as …": the agent speaks.
    for c in v.children:
        if c.dep_ == "agent" and SPEECH_FORMS.get(v.lower_) in QUOTE_ONLY:
            by_obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if by_obj is not None:
                return by_obj
    for c in v.children:
        if c.dep_ in _SUBJ and c.lower_ not in ("that", "which", "who", "this"):
            return c
    # "…," said Apple CEO Steve Jobs: the small model sometimes labels the
    # post-verbal speaker as an object.
    if v.lower_ in ("said", "says") or (v.tag_ in ("VBD", "VBZ") and v.i > 0 and v.doc[v.i - 1].text in ",\"”"):
        for c in v.rights:
            if c.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dep", "appos", "nsubj") and c.pos_ in ("PROPN", "NOUN"):
                return c
    # '…," claims writer John Ostrower': the verb parsed as part of the name.
    if v.dep_ == "compound" and v.i > 0 and v.doc[v.i - 1].text in ",\"”" and v.head.pos_ in ("PROPN", "NOUN"):
        h = v.head
        while h.dep_ == "compound" and h.head is not h:
            h = h.head
        return h
    # "A statement on X's website, the homepage of which …, states:" — the
    # subject was swallowed by a mis-parsed clause to the left.
    if v.i > 0 and v.doc[v.i - 1].text == ",":
        for c in v.lefts:
            if c.dep_ == "ccomp":
                subj = next((g for g in c.children if g.dep_ in _SUBJ), None)
                if subj is not None and subj.i == c.left_edge.i + (1 if c.left_edge.pos_ == "DET" else 0) and subj.lower_ in _SOURCE_HEADS:
                    return subj
    h = v.head
    if h is not v and depth < 3:
        # "quoted X as saying"
        if SPEECH_FORMS.get(h.lower_) == "quote":
            for c in h.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    return c
        # "X was quoted as saying that …"
        if v.dep_ == "pcomp" and h.lower_ == "as" and SPEECH_FORMS.get(h.head.lower_) == "quote":
            return next((c for c in h.head.children if c.dep_ in ("nsubjpass", "dobj")), None)
        # "…, adding that …" / "said …, and noted …"
        if v.dep_ in ("advcl", "conj", "pcomp") and h.pos_ in ("VERB", "AUX"):
            return find_subject(h, depth + 1)
        # "went on to say", "declined to say"; not "it is interesting to note".
        if v.dep_ == "xcomp" and (h.lower_ in SPEECH_FORMS or h.lower_ in _RAISING):
            return find_subject(h, depth + 1)
        # "The UAW issued a statement saying …"
        if v.dep_ == "acl" and h.lower_ in ("statement", "letter", "release", "note", "message") and h.head is not h:
            return find_subject(h.head, depth + 1)
    return None


def _trim(toks: list[Token]) -> list[Token]:
    while toks and (toks[0].is_punct or toks[0].lower_ in _CONNECTORS or (toks[0].dep_ in ("mark", "dobj") and toks[0].lower_ == "that")):
        toks = toks[1:]
    while toks and (toks[-1].text in (",", ".", ";", ":", "—", "–", "-", "(", "'") or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    return toks


_GLOSS = {"referring", "citing", "speaking", "adding", "noting", "saying", "explaining", "calling", "describing"}
_STANCE_NOUNS = {
    "hope", "concern", "concerns", "confidence", "fear", "fears", "belief", "view", "optimism", "doubt", "doubts",
    "regret", "worry", "worries", "opinion", "conviction", "frustration", "disappointment", "satisfaction",
}
_MEMO_NOUNS = {"memo", "statement", "letter", "email", "e-mail", "interview", "release", "message", "note", "speech", "post"}


def _drop_gloss(comp: Token) -> list[Token]:
    """The clause without a trailing reporter's gloss (', referring to …')."""
    toks = sorted(comp.subtree, key=lambda x: x.i)
    for c in comp.children:
        if c.dep_ == "advcl" and c.lower_ in _GLOSS and c.i > comp.i and c.i > 0 and comp.doc[c.i - 1].is_punct:
            cut = c.left_edge.i
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
            if o.dep_ == "pobj" and o.lower_ in _MEMO_NOUNS:
                for r in o.children:
                    if r.dep_ in ("relcl", "acl") and r.i > o.i and r.left_edge.lower_ == "that" and r.left_edge.i == o.i + 1:
                        return r
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


def unit_candidates(doc: Doc, base: int, unit_idx: int, quotes: list[tuple[int, Quote]]) -> tuple[list[Candidate], list[Mention]]:
    """All statements the rules find in one parsed unit, plus its name mentions."""
    text_all = doc.text
    extents = [quote_extent(q) for _, q in quotes]
    cands: list[Candidate] = []

    # 1. Direct quotations.
    for qi, q in quotes:
        qs, qe = q.start, q.end
        content = text_all[qs - base : qe - base]
        stripped = content.rstrip(" ,\u00a0")
        lead = len(content) - len(content.lstrip())
        cs, ce = qs + lead, qs + len(stripped)
        if ce <= cs:
            continue
        words = stripped.split()
        prev_char = text_all[: q.open_mark - base].rstrip()[-1:] if q.open_mark > base else ""
        first = stripped.lstrip()[:1]
        before = text_all[max(0, q.open_mark - base - 40) : q.open_mark - base]
        after_cue = prev_char == "," and _CUE_TAIL.search(before) is not None
        partial = first.islower() and prev_char != ":" and not q.continues and not after_cue
        # 'described the plan as "comprehensive, …"' is the speaker's own wording.
        if partial and len(words) >= 3 and _DESCRIBED_AS.search(before):
            partial = False
        if partial:
            continue  # a phrase quoted inside reported speech: the indirect rule owns it
        a, b = quote_extent(q)
        ranked: list[tuple[int, Token]] = []
        for t in doc:
            pos = base + t.idx
            if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                ok = not _inside(pos, extents)
            else:
                ok = is_cue(t, extents, base, True)
                # 'the text "…", states: "…"': a cue before a colon owns the quote after it.
                if ok and pos > b and t.i + 1 < len(doc) and doc[t.i + 1].text == ":":
                    ok = False
            if ok:
                ranked.append((a - pos if pos < a else pos - b, t))
        ranked.sort(key=lambda x: x[0])
        # Short quotes are usually scare quotes or titles; keep "Yes, we can," he said.
        cue_after = bool(ranked) and ranked[0][0] < 30 and base + ranked[0][1].idx > b
        if len(words) < 3 and not (len(words) >= 2 and cue_after and content.rstrip().endswith((",", "?", "!"))):
            continue
        cue_tok: Token | None = None
        spk: SpeakerNP | None = None
        cue_span: tuple[int, int] | None = None
        for _, t in ranked[:3]:
            if t.lower_ == "according":
                pobj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
                spk = analyse_np(pobj, base) if pobj is not None else None
                cue_span = (base + t.idx, base + doc[t.i + 1].idx + len(doc[t.i + 1].text))
            else:
                subj = find_subject(t)
                spk = None
                if subj is not None and not _inside(base + subj.idx, extents):
                    spk = analyse_np(subj, base)
                cue_span = _abs(base, t)
            if spk is not None:
                cue_tok = t
                break
        if cue_tok is None:
            # No cue here: only a quote that is most of its unit may inherit a speaker.
            if (b - a) < 0.6 * len(text_all):
                continue
            cands.append(Candidate("direct", (cs, ce), None, None, unit_idx, qi, continues=q.continues, blank=[(a, b)]))
            continue
        blank = [(a, b), spk.np_span]
        cands.append(Candidate("direct", (cs, ce), cue_span, spk, unit_idx, qi, blank=blank))

    # Only quotes that became direct statements shadow reported speech.
    direct_ext = [quote_extent(quotes[i][1]) for i, (qi, _) in enumerate(quotes) if any(c.quote_idx == qi for c in cands)]

    # 2. Reported speech: a speech verb with a clausal complement.
    for t in doc:
        if not is_cue(t, extents, base, False):
            continue
        comp = next((c for c in t.children if c.dep_ == "ccomp"), None)
        if comp is None:
            comp = _memo_clause(t)
        if comp is None:
            continue
        toks = _trim(_drop_gloss(comp))
        if len(toks) < 3:
            continue
        s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        s, e = _balance(text_all, s, e, [q for _, q in quotes])
        covered = sum(max(0, min(e, qb) - max(s, qa)) for qa, qb in direct_ext)
        if covered > 0.7 * (e - s):
            continue  # the direct quote is the statement
        subj = find_subject(t)
        if subj is None or _inside(base + subj.idx, extents) or s <= base + subj.idx < e:
            continue
        spk = analyse_np(subj, base)
        if spk is None:
            continue
        cands.append(Candidate("indirect", (s, e), _abs(base, t), spk, unit_idx, blank=[(s, e), spk.np_span]))

    # 2b. Reported requests: "urged residents to stay indoors", "called on Congress to act".
    for t in doc:
        x = _request_clause(t, extents, base)
        if x is None:
            continue
        toks = _trim(sorted(x.subtree, key=lambda y: y.i))
        subj = find_subject(t)
        if len(toks) < 3 or subj is None or _inside(base + subj.idx, extents):
            continue
        s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        s, e = _balance(text_all, s, e, [q for _, q in quotes])
        covered = sum(max(0, min(e, qb) - max(s, qa)) for qa, qb in direct_ext)
        spk = analyse_np(subj, base) if covered <= 0.7 * (e - s) else None
        if spk is not None:
            cands.append(Candidate("indirect", (s, e), _abs(base, t), spk, unit_idx, blank=[(s, e), spk.np_span]))

    # 3. "according to X".
    for t in doc:
        if t.lower_ != "according" or t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
            continue
        if _inside(base + t.idx, extents):
            continue
        pobj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        spk = analyse_np(pobj, base)
        if spk is None:
            continue
        sent: Span = t.sent
        phrase = sorted(list(t.subtree), key=lambda x: x.i)
        p0, p1 = phrase[0].i, phrase[-1].i
        left = [x for x in sent if x.i < p0]
        right = [x for x in sent if x.i > p1]
        side = left if len(left) >= len(right) else right
        toks = _trim(side)
        if len(toks) < 3:
            continue
        s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        s, e = _balance(text_all, s, e, [q for _, q in quotes])
        covered = sum(max(0, min(e, qb) - max(s, qa)) for qa, qb in direct_ext)
        if covered > 0.7 * (e - s):
            continue
        cue = (base + t.idx, base + doc[t.i + 1].idx + len(doc[t.i + 1].text))
        cands.append(Candidate("indirect", (s, e), cue, spk, unit_idx, blank=[(s, e), spk.np_span]))

    # 4. A cue with a speaker but nothing said in this unit ("X commented on
    # the falls." / "X said:") lets a following bare quote find its speaker.
    used = {c.cue for c in cands}
    for t in doc:
        if not is_cue(t, extents, base, True) or _abs(base, t) in used:
            continue
        subj = find_subject(t)
        if subj is None or _inside(base + subj.idx, extents):
            continue
        spk = analyse_np(subj, base)
        if spk is not None:
            cands.append(Candidate("cue", _abs(base, t), _abs(base, t), spk, unit_idx))

    # Name mentions for pronoun resolution and canonical names.
    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or _inside(base + ent.start_char, extents):
            continue
        toks = _clean_name(list(ent)) if ent.label_ == "PERSON" else list(ent)
        if not toks:
            continue
        is_subj = ent.root.dep_ in _SUBJ
        role = ""
        if ent.label_ == "PERSON":
            np = analyse_np(ent.root, base)
            role = np.role if np is not None and np.mode == "name" else ""
        mentions.append(Mention(base + toks[0].idx, _span_text(doc, toks), ent.label_, is_subj, role))
    return cands, mentions
