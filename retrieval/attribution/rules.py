"""Dependency rules over one parsed unit (a sentence or a few, never cutting a quote).

Each rule yields a `Candidate`: what was said and who the parse says said it.
Pronouns and "the president" are resolved later, at article level
(`speakers.py`), because their antecedents live in other units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from retrieval.attribution.gazetteer import (
    DESCRIPTOR_TITLES,
    HUMAN_NOUNS,
    NO_INDIRECT,
    PRONOUNS,
    QUOTE_ONLY,
    SOURCE_NOUNS,
    SPEECH_FORMS,
    TITLE_WORDS,
)
from retrieval.attribution.quotes import Quote, quote_extent


@dataclass
class SpeakerNP:
    mode: str  # name | pronoun | org | group | descriptor_ref
    text: str
    span: tuple[int, int]
    role: str = ""
    np_span: tuple[int, int] = (0, 0)  # the whole noun phrase incl. appositive


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
_NP_DROP = {"relcl", "acl", "appos", "punct", "advcl", "cc"}
_CONNECTORS = {"however", "but", "and", "meanwhile", "also", "so", "yet", "still", "moreover"}


def _abs(base: int, t: Token) -> tuple[int, int]:
    return base + t.idx, base + t.idx + len(t.text)


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
    return True


_CUE_TAIL = re.compile(r"\b(?:" + "|".join(SPEECH_FORMS) + r")\b[^,;.]{0,30},\s*$", re.I)
_DESCRIBED_AS = re.compile(r"\b(?:described|calls|called|describes)\b[^.;]{0,40}\bas(?: an?| the)?\s*$")
_RAISING = {"went", "goes", "go", "going", "continued", "continues", "wanted", "wants", "tried", "began", "decided"}
_REFUSING = {"declined", "refused", "declines", "refuses", "declining", "refusing"}


def find_subject(v: Token, depth: int = 0) -> Token | None:
    """The speaker token of speech verb `v`: its subject, or its governing verb's."""
    if SPEECH_FORMS.get(v.lower_) == "quote":
        # "Detik.com quoted Djamal as saying": the quoted person speaks.
        for c in v.children:
            if c.dep_ == "dobj" and any(g.lower_ == "as" for g in v.children):
                return c
    for c in v.children:
        if c.dep_ in _SUBJ and c.lower_ not in ("that", "which", "who", "this"):
            return c
    # "…," said Apple CEO Steve Jobs: the small model sometimes labels the
    # post-verbal speaker as an object.
    if v.lower_ in ("said", "says"):
        for c in v.rights:
            if c.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dep", "appos") and c.pos_ in ("PROPN", "NOUN"):
                return c
    h = v.head
    if h is not v and depth < 3:
        # "quoted X as saying"
        if SPEECH_FORMS.get(h.lower_) == "quote":
            for c in h.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    return c
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


def _clean_name(ent_tokens: list[Token]) -> list[Token]:
    toks = list(ent_tokens)
    while toks and (toks[0].lower_ in TITLE_WORDS or toks[0].lower_ in ("the", "a")):
        toks = toks[1:]
    while toks and (toks[-1].dep_ == "case" or toks[-1].text in ("'s", "’s", "'", ",", ".")):
        toks = toks[:-1]
    return toks


def _np_tokens(h: Token) -> list[Token]:
    drop: set[int] = set()
    for c in h.children:
        # "Fritz Henderson in New York": a location after a name is where, not who.
        if c.dep_ in _NP_DROP or (c.dep_ == "prep" and h.pos_ == "PROPN" and c.lower_ in ("in", "at", "on", "during")):
            drop.update(t.i for t in c.subtree)
    toks = [t for t in h.subtree if t.i not in drop]
    # Keep a contiguous stretch around the head.
    toks.sort(key=lambda t: t.i)
    lo = hi = toks.index(h)
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    while hi + 1 < len(toks) and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    out = toks[lo : hi + 1]
    while out and (out[0].is_punct or out[0].lower_ in _CONNECTORS):
        out = out[1:]
    while out and out[-1].is_punct:
        out = out[:-1]
    return out or [h]


def _span_text(doc: Doc, toks: list[Token]) -> str:
    return doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)] if toks else ""


_ORG_WORDS = {
    "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "group", "ministry", "department",
    "bank", "airlines", "airways", "motors", "company", "association", "union", "agency",
    "commission", "council", "committee", "office", "news", "times", "post", "journal",
    "reuters", "press", "house", "government", "administration", "board", "fund", "court",
}


def _person_cues(h: Token, np: list[Token]) -> bool:
    """Signs that a proper noun the model tagged ORG/GPE is a person: a title
    before it or a human appositive after it, and no organisation word."""
    if any(t.lower_ in _ORG_WORDS for t in np if t.pos_ == "PROPN"):
        return False
    if any(t.lower_ in TITLE_WORDS for t in np if t.i < h.i):
        return True
    for c in h.children:
        if c.dep_ == "appos" and (c.lower_ in HUMAN_NOUNS or c.lower_ in TITLE_WORDS or c.lower_ in ("fellow", "professor", "member", "author")):
            return True
    chain = [t for t in np if t.pos_ == "PROPN"]
    return h.ent_type_ in ("ORG", "GPE", "NORP") and 2 <= len(chain) <= 3 and all(t.is_title for t in chain) and any(c.dep_ == "appos" for c in h.children)


def analyse_np(h: Token, base: int) -> SpeakerNP | None:
    """Who `h` (a subject or "according to" object) names, and the role given."""
    doc = h.doc
    if h.lower_ in PRONOUNS and h.pos_ == "PRON":
        s = _abs(base, h)
        return SpeakerNP("pronoun", h.text, s, np_span=s)
    np = _np_tokens(h)
    np_ids = {t.i for t in np}
    appos = [c for c in h.children if c.dep_ == "appos"]
    np_end_tok = max([np[-1]] + [t for a in appos for t in a.subtree], key=lambda t: t.i)
    np_span = (base + np[0].idx, base + np_end_tok.idx + len(np_end_tok.text))
    person = None
    for ent in doc.ents:
        if ent.label_ == "PERSON" and (h.i in range(ent.start, ent.end) or any(t.i in np_ids for t in ent)):
            person = ent
            break
    if person is None and h.pos_ != "PROPN":
        for a in appos:  # "the company's chief, John Smith, said"
            for ent in doc.ents:
                if ent.label_ == "PERSON" and ent.start <= a.i < ent.end:
                    person = ent
    org_like = False
    if person is None and h.pos_ == "PROPN":
        org_like = h.ent_type_ not in ("", "PERSON") and not _person_cues(h, np)
        # A name the model did not tag: the compound chain ending at the head.
        chain = [t for t in np if t.i <= h.i and (t.pos_ == "PROPN" or t.i == h.i)]
        chain = [t for t in chain if t.i >= max([x.i for x in np if x.i <= h.i and x.pos_ != "PROPN"], default=-1)]
        person = doc[chain[0].i : h.i + 1] if chain else doc[h.i : h.i + 1]
    if person is not None:
        name = _clean_name(list(person))
        if not name:
            return None
        ns, ne = base + name[0].idx, base + name[-1].idx + len(name[-1].text)
        prefix = [t for t in np if t.i < name[0].i and t.i >= np[0].i]
        while prefix and prefix[0].lower_ in ("the", "a", "an"):
            prefix = prefix[1:]
        role = _span_text(doc, prefix).strip(" ,")
        if role.lower().rstrip(".") in ("mr", "mrs", "ms", "miss", "sir"):
            role = ""
        if not role and appos and not any(a.i in range(person.start, person.end) for a in appos):
            a_toks = sorted(appos[0].subtree, key=lambda t: t.i)
            a_toks = [t for t in a_toks if not (t.is_punct and t.i in (a_toks[0].i, a_toks[-1].i))]
            role = _span_text(doc, a_toks).strip(" ,")
        if not role:
            after = [t for t in np if t.i > name[-1].i]
            if after and after[0].lower_ in ("of", "from", "at"):
                role = _span_text(doc, after[1:]).strip(" ,")
        if org_like:
            return SpeakerNP("org", doc.text[ns - base : ne - base], (ns, ne), "", np_span)
        return SpeakerNP("name", doc.text[ns - base : ne - base], (ns, ne), role, np_span)
    for a in appos:
        # "The US car manufacturer General Motors said": the name speaks.
        if a.pos_ == "PROPN" and h.pos_ == "NOUN":
            a_np = _np_tokens(a)
            a_text = _span_text(doc, a_np)
            a_s = (base + a_np[0].idx, base + a_np[0].idx + len(a_text))
            return SpeakerNP("org", a_text, a_s, _span_text(doc, np), np_span=np_span)
    text = _span_text(doc, np)
    s = (base + np[0].idx, base + np[0].idx + len(text))
    if h.ent_type_ in ("ORG", "NORP", "GPE", "FAC") or h.pos_ == "PROPN":
        return SpeakerNP("org", text, s, np_span=np_span)
    low = h.lower_
    if h.is_title and h.pos_ == "NOUN" and low not in HUMAN_NOUNS and low not in SOURCE_NOUNS:
        # A capitalised noun the tagger missed as a name ("Zelenskyy noted"):
        # kept only if the article names such a person or organisation.
        return SpeakerNP("maybe", text, s, np_span=np_span)
    if low in DESCRIPTOR_TITLES and len(np) <= 3 and np[0].lower_ == "the":
        return SpeakerNP("descriptor_ref", text, s, np_span=np_span)
    if low in HUMAN_NOUNS or low in SOURCE_NOUNS or low in TITLE_WORDS:
        return SpeakerNP("group", text, s, np_span=np_span)
    return None


def _trim(toks: list[Token]) -> list[Token]:
    while toks and (toks[0].is_punct or toks[0].lower_ in _CONNECTORS or (toks[0].dep_ == "mark" and toks[0].lower_ == "that")):
        toks = toks[1:]
    while toks and (toks[-1].text in (",", ".", ";", ":", "—", "–", "-", "(", "'") or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    return toks


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
            continue
        toks = _trim(sorted(comp.subtree, key=lambda x: x.i))
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
