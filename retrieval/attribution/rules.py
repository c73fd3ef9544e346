"""Dependency rules over one parsed unit (a sentence or a few, never cutting a quote).

Each rule yields a `Candidate`: what was said and who the parse says said it.
Pronouns and "the president" are resolved later, at article level
(`speakers.py`), because their antecedents live in other units.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from retrieval.attribution.candidates import Candidate, Mention
from retrieval.attribution.clauses import (
    _balance,
    _drop_gloss,
    _memo_clause,
    _object_infinitive,
    _request_clause,
    _trim,
    according_side,
    reported_question,
    short_answer,
    with_addressee,
    with_complementizer,
    with_conjoined_clause,
    with_contrast,
    with_terms,
    without_cue_time,
)
from retrieval.attribution.fragments import (
    as_source,
    bare_name_speaker,
    headline_colon,
    manner_cue,
    parenthetical,
    parts_of,
    split_subject,
    statement_noun,
    trailing_source,
)
from retrieval.attribution.frames import reported_clause
from retrieval.attribution.learned import _local_antecedent, learned_candidates
from retrieval.attribution.quotes import Quote, quote_extent
from retrieval.attribution.speaker_np import (
    SpeakerNP,
    _abs,
    _clean_name,
    _span_text,
    analyse_np,
    counted,
)
from retrieval.attribution.subjects import (
    _SUBJ,
    _inside,
    find_subject,
    is_cue,
)
from retrieval.speech_verbs import SPEECH_FORMS

_CUE_TAIL = re.compile(r"\b(?:" + "|".join(SPEECH_FORMS) + r")\b[^,;.]{0,30},\s*$", re.I)
_DESCRIBED_AS = re.compile(
    r"\b(?:described|calls|called|describes|praised|hailed|praises|hails)\b[^.;\"“”]{0,40}\bas(?: an?| the)?\s*$"
    # 'called the plan "a disaster"', 'dubbed it "the best"' (no "as", a short object in between)
    r"|\b(?:calls|called|dubbed|dubs|labelled|labeled|branded|termed)\s+(?:it|this|that|them|him|her|(?:the|a|an|his|her|its|their)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2})\s*$"
)
def _co_speakers(c: Candidate, subj: Token | None, base: int) -> list[Candidate]:
    """'Smith and Jones said …': the same statement once more for each conjoined person."""
    if subj is None or c.speaker is None or c.speaker.mode != "name":
        return []
    out = []
    for x in subj.children:
        if x.dep_ == "conj" and x.pos_ == "PROPN":
            sp = analyse_np(x, base)
            if sp is not None and sp.mode == "name" and sp.text != c.speaker.text:
                out.append(Candidate(c.kind, c.content, c.cue, sp, c.unit, c.quote_idx, blank=list(c.blank), co_speaker=True))
    return out


_SMALL_WORDS = {"a", "an", "the", "of", "on", "in", "for", "and", "or", "to", "with", "at", "by", "from", "vs"}


# What a show's or a book's name follows: a possessive ("on Harbour TV's "Morning Tide,"") or a
# preposition ("said on "Coast Talk."", "starred in "…""). Words spoken follow neither.
_NAME_SLOT = re.compile(r"(?:['’]s|\b(?:on|in|at|to|from|of|for|with))\s*$", re.I)


def _is_title(content: str, before: str = "") -> bool:
    """A quoted name rather than words spoken: every word capitalised but the small ones, and no
    punctuation closing a spoken line ('"We Will Not Back Down," she said' is speech), unless
    the quote stands where a name does (`_NAME_SLOT`: the comma or stop is the sentence's)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    if not 2 <= len(words) <= 8 or (content.rstrip()[-1:] in ",.?!;:…" and not _NAME_SLOT.search(before)):
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


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
        if _is_title(content, text_all[max(0, q.open_mark - base - 12) : q.open_mark - base]):
            continue  # 'told "Morning Harbour Live" on Sunday': the name of a show, book or report
        cue_tok: Token | None = None
        subj_tok: Token | None = None
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
                    subj_tok = subj
                cue_span = _abs(base, t)
            if spk is not None:
                cue_tok = t
                break
        if cue_tok is None:
            manner = manner_cue(doc, base, a, b, extents)
            subj = find_subject(manner) if manner is not None else None
            spk = analyse_np(subj, base) if subj is not None and not _inside(base + subj.idx, extents) else None
            if manner is not None and spk is not None:
                cands.append(Candidate("direct", (cs, ce), _abs(base, manner), spk, unit_idx, qi, blank=[(a, b), spk.np_span]))
                continue
            bare = bare_name_speaker(doc, base, a, b, extents)
            if bare is not None:
                cands.append(Candidate("direct", (cs, ce), None, bare, unit_idx, qi, blank=[(a, b), bare.np_span]))
                continue
            # No cue here: only a quote that is most of its unit may inherit a speaker.
            if (b - a) < 0.6 * len(text_all):
                continue
            cands.append(Candidate("direct", (cs, ce), None, None, unit_idx, qi, continues=q.continues, blank=[(a, b)]))
            continue
        blank = [(a, b), spk.np_span]
        cands.append(Candidate("direct", (cs, ce), cue_span, spk, unit_idx, qi, blank=blank))
        cands.extend(_co_speakers(cands[-1], subj_tok if cue_tok.lower_ != "according" else None, base))

    # Only quotes that became direct statements shadow reported speech.
    direct_ext = [quote_extent(quotes[i][1]) for i, (qi, _) in enumerate(quotes) if any(c.quote_idx == qi for c in cands)]

    # 2. Reported speech: a speech verb with a clausal complement.
    for t in doc:
        if not is_cue(t, extents, base, False):
            continue
        comp = reported_clause(t)
        if comp is not None and split_subject(t) is not None:
            continue  # the clause is interrupted by its attribution: 2a reads it
        if comp is None:
            comp = _memo_clause(t) or _object_infinitive(t)
        if comp is None:
            continue
        toks = _trim(with_terms(t, without_cue_time(t, with_conjoined_clause(t, _drop_gloss(comp)))))
        if t.dep_ == "relcl":
            # "a wall, which he said the neighbours should pay for": the relative pronoun moved out
            # of the clause; what was said is the clause after the cue, when that has a subject of
            # its own ("which he said would cost little" leaves no clause to tell).
            toks = [x for x in toks if x.i > t.i]
            if not any(x.dep_ in _SUBJ and x.head.i == comp.i for x in toks):
                continue
        if len(toks) < 3:
            continue
        toks = with_contrast(t, with_complementizer(toks))
        s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        s, e = _balance(text_all, s, e, [q for _, q in quotes])
        covered = sum(max(0, min(e, qb) - max(s, qa)) for qa, qb in direct_ext)
        if covered > 0.7 * (e - s):
            continue  # the direct quote is the statement
        subj = find_subject(t)
        if subj is None or _inside(base + subj.idx, extents) or s <= base + subj.idx < e:
            continue
        spk = analyse_np(subj, base, loose=True)
        if spk is None:
            continue
        cands.append(Candidate("indirect", (s, e), _abs(base, t), spk, unit_idx, blank=[(s, e), spk.np_span], ante=_local_antecedent(t, subj, base, extents)))
        cands.extend(_co_speakers(cands[-1], subj, base))

    # 2a. "The deal, Smith said, would be signed"; "As Smith noted, …"; "the minister's statement that …".
    for t in doc:
        hit = parenthetical(t, base, extents)
        # An interrupting "…, many economists say, …" is a clause of saying like "X say that …":
        # any determined or counted group may be its source, as there.
        loose = hit is not None
        hit = hit or as_source(t, base, extents) or statement_noun(t, base, extents)
        if hit is None:
            continue
        toks, subj = hit
        s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        covered = sum(max(0, min(e, qb) - max(s, qa)) for qa, qb in direct_ext)
        spk = analyse_np(subj, base, loose=loose) if covered <= 0.7 * (e - s) and not _inside(base + subj.idx, extents) else None
        if spk is not None:
            # Only the words said are hidden from the day and place search: "said on Friday" between them is when.
            parts = parts_of(toks, base)
            cands.append(Candidate("indirect", (s, e), _abs(base, t), spk, unit_idx, blank=[*(parts or [(s, e)]), spk.np_span], parts=parts))

    # 2i. "…, campaign finance records show." where the parse lost the verb (fragments.trailing_source).
    tail = trailing_source(doc, base, extents)
    if tail is not None and _abs(base, tail[1]) not in {c.cue for c in cands}:
        toks, cue, spk = tail
        s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        if not any(c.content[0] < e and s < c.content[1] for c in cands):
            cands.append(Candidate("indirect", (s, e), _abs(base, cue), spk, unit_idx, blank=[(s, e), spk.np_span]))

    # 2b. Reported requests: "urged residents to stay indoors", "called on Congress to act".
    for t in doc:
        x = _request_clause(t, extents, base)
        if x is None:
            continue
        toks = with_addressee(t, _trim(with_terms(t, sorted(x.subtree, key=lambda y: y.i))))
        subj = find_subject(t)
        if len(toks) < 3 or subj is None or _inside(base + subj.idx, extents):
            continue
        s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        s, e = _balance(text_all, s, e, [q for _, q in quotes])
        covered = sum(max(0, min(e, qb) - max(s, qa)) for qa, qb in direct_ext)
        spk = analyse_np(subj, base) if covered <= 0.7 * (e - s) else None
        if spk is not None:
            cands.append(Candidate("indirect", (s, e), _abs(base, t), spk, unit_idx, blank=[(s, e), spk.np_span]))

    # 2f. Reported questions ("asked workers if they would come") and short answers ("half said so").
    for t in doc:
        if not is_cue(t, extents, base, True):
            continue
        q = reported_question(t)
        toks = _trim(sorted(q.subtree, key=lambda y: y.i)) if q is not None else None
        if toks is not None and len(toks) < 3:
            continue
        toks = toks or (short_answer(t) if is_cue(t, extents, base, False) else None)
        subj = find_subject(t) if toks else None
        # A bare "so" or "yes" tells nothing of whose answer it is: only the verb's own subject says.
        if subj is None or _inside(base + subj.idx, extents) or (q is None and subj.head.i != t.i):
            continue
        s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        spk = analyse_np(subj, base, loose=True) if not _inside(s, direct_ext) else None
        if spk is not None:
            cands.append(Candidate("indirect", (s, e), _abs(base, t), spk, unit_idx, blank=[(s, e), spk.np_span]))

    # 2c, 2e, 2g, 2h. Frames learned from counts and the that-clause shape (learned.py): only verbs no rule above has read.
    cands += learned_candidates(doc, base, unit_idx, quotes, extents, direct_ext, cands)

    # 2d. Headlines: "Brill: Harbour Fees Are Rigged".
    head = headline_colon(doc, base) if not quotes else None
    if head is not None:
        content, colon, spk, known_only = head
        cands.append(Candidate("indirect", content, colon, spk, unit_idx, blank=[content, spk.np_span], known_only=known_only))

    # 3. "according to X".
    answers = _counted_answers(doc, base)
    for t in doc:
        if t.lower_ != "according" or t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
            continue
        if _inside(base + t.idx, extents):
            continue
        pobj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        spk = analyse_np(pobj, base, loose=True)  # "according to early results", "to a count by …"
        if spk is None:
            continue
        phrase = sorted(t.subtree, key=lambda x: x.i)
        toks = _trim(according_side(t.sent, phrase[0].i, phrase[-1].i))
        if len(toks) < 3:
            continue
        s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        s, e = _balance(text_all, s, e, [q for _, q in quotes])
        covered = sum(max(0, min(e, qb) - max(s, qa)) for qa, qb in direct_ext)
        # "According to the Times, an insider claimed that …": the claimant speaks. Not a counted
        # share ("According to the survey, 51 percent of riders said …"): the survey reports the
        # share and its answer together, and the whole clause is what it says.
        claimed = any(c.kind == "indirect" and not c.weak and c.cue is not None and s <= c.cue[0] < e and c.cue[0] not in answers for c in cands)
        if claimed or covered > 0.7 * (e - s):
            continue
        cue = (base + t.idx, base + doc[t.i + 1].idx + len(doc[t.i + 1].text))
        # "The firm wanted to cut costs, according to X": X reports it; the firm said nothing.
        cands = [c for c in cands if not (c.weak and c.cue is not None and s <= c.cue[0] < e)]
        parts = parts_of(toks, base)
        if parts:  # a quotation closed at either end belongs to the part it ends
            parts[0], parts[-1] = (s, parts[0][1]), (parts[-1][0], e)
        cands.append(Candidate("indirect", (s, e), cue, spk, unit_idx, blank=[*(parts or [(s, e)]), spk.np_span], parts=parts))

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


def _counted_answers(doc, base: int) -> set[int]:
    """Where a counted share of a group answers a clause ("51 percent of riders said …"): the
    offsets of those verbs of saying."""
    out = set()
    for x in doc:
        if any(c.dep_ == "ccomp" for c in x.children):
            subject = find_subject(x)
            if subject is not None and counted(subject):
                out.add(base + x.idx)
    return out
