"""Statement shapes without an ordinary "X said that …" frame.

* "The deal, Smith said, would be signed" — a parenthetical cue inside reported speech;
* "As Smith noted, the fees have doubled" — an as-clause names who said the clause it hangs on;
* "the minister's statement that …", "a claim by the union that …" — a statement noun;
* 'Smith: "…"' (a list of reactions) and '"…," Ada Brill, an analyst.' (no verb) —
  a bare name next to a quotation names its speaker;
* "Brill: Harbour Fees Are Rigged", "Poll: Turnout Will Fall" — a headline's source before a colon;
* '"Go home," Brill barked', 'Brill boomed: "…"' — any verb right next to a quotation in the
  places a speech verb takes is the way it was said.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from retrieval.attribution.clauses import _inside, _trim
from retrieval.attribution.frames import reports_clauses
from retrieval.attribution.gazetteer import HUMAN_NOUNS, SOURCE_NOUNS
from retrieval.speech_verbs import SPEECH_FORMS
from retrieval.attribution.speaker_np import SpeakerNP, analyse_np

STATEMENT_NOUNS = {
    "statement", "claim", "claims", "assertion", "announcement", "warning", "remark", "remarks",
    "comment", "comments", "admission", "insistence", "promise", "prediction", "argument", "pledge",
    "assurance", "assurances", "allegation", "allegations", "suggestion", "contention",
}


def parenthetical(v: Token, base: int, extents: list[tuple[int, int]]) -> tuple[list[Token], Token] | None:
    """'The deal, Smith said, would be signed': the clause around ', Smith said,' and its subject.
    Also a verb learned to report clauses ("The gain, they concluded, never came"), and one that
    ends the sentence ("It failed, he said, on condition of anonymity")."""
    if (SPEECH_FORMS.get(v.lower_) is None and not reports_clauses(v.lower_)) or _inside(base + v.idx, extents):
        return None
    split = split_subject(v)
    if split is not None:
        toks, subj = split
        return (toks, subj) if len(toks) >= 4 and not _cuts_quote(toks, base, extents) else None
    if v.dep_ != "parataxis":
        return None
    doc = v.doc
    lo, hi = v.left_edge.i, v.right_edge.i
    while hi > v.i and doc[hi].text in (".", "!", "?"):
        hi -= 1  # the sentence's stop, hung on the cue
    subjs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjs) == 2 and subjs[0].i < v.i - 1 < v.i < subjs[1].i and doc[v.i - 1].text == ",":
        # "The fees, said Ada Brill, would rise": the parser hangs the clause's own subject on
        # the inverted verb too; the subject after the verb is the speaker.
        lo, hi = v.i, subjs[1].right_edge.i
        subjs = subjs[1:]
    elif len(subjs) == 2 and subjs[1].i < v.i and doc[subjs[0].right_edge.i + 1].text == "," and subjs[1].right_edge.i + 1 == v.i:
        # "Voters, Holm suggested, need not worry": the clause's subject hangs on the cue as well.
        lo = subjs[1].left_edge.i
        subjs = subjs[1:]
    if lo == 0 or hi + 1 >= len(doc) or doc[lo - 1].text != "," and doc[lo].text != ",":
        return None
    ends = all(t.is_punct or t.is_space for t in doc[hi + 1 :]) and v.head.i < v.i
    if doc[hi].text != "," and doc[hi + 1].text != "," and not ends:
        return None
    subj = subjs[0] if subjs else None
    if subj is None or any(c.dep_ in ("ccomp", "dobj") for c in v.children):
        return None
    head = v.head
    toks = [t for t in sorted(head.subtree, key=lambda t: t.i) if not (lo - 1 <= t.i <= hi + 1 and (t.text == "," or lo <= t.i <= hi))]
    toks = _trim(toks)
    if len(toks) < 4 or _cuts_quote(toks, base, extents):
        return None
    return toks, subj


def _cuts_quote(toks: list[Token], base: int, extents: list[tuple[int, int]]) -> bool:
    """Does the content cut a quotation? One wholly inside it is the speaker's words within the
    reported clause ('The fees, she said, "will rise sharply" next year'); one it only partly holds
    is someone's quotation the interruption belongs to."""
    s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
    return any(a < s < b or a < e < b for a, b in extents) or _inside(s, extents)


def split_subject(v: Token) -> tuple[list[Token], Token] | None:
    """'The council, Ida Pell said on Monday, would vote in March': the parser may make the cue the
    root, with the clause's subject as a second subject of it and the rest of the clause its
    complement. The subject set off by a comma and the complement after the cue are what was said;
    the subject next to the cue said it."""
    doc = v.doc
    subjs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < v.i]
    comp = next((c for c in v.children if c.dep_ == "ccomp" and c.i > v.i), None)
    if comp is None or not any(t.text == "," for t in doc[v.i : comp.left_edge.i]):
        return None
    rest = _trim(sorted(comp.subtree, key=lambda t: t.i))
    if len(subjs) == 1:
        # Or it reads the speaker as an appositive of that subject, though no comma closes it
        # ("The council, Edda Morn said, …"): a name right before the cue is who said it.
        who = next((c for c in subjs[0].children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.right_edge.i + 1 == v.i), None)
        if who is None or doc[who.left_edge.i - 1].text != ",":
            return None
        first = [t for t in sorted(subjs[0].subtree, key=lambda t: t.i) if t.i < who.left_edge.i - 1]
        return _trim(first) + rest, who
    # The comma closing the first subject may hang on it or on the cue.
    if len(subjs) != 2 or subjs[0].right_edge.i >= subjs[1].left_edge.i or doc[subjs[1].left_edge.i - 1].text != ",":
        return None
    return _trim(sorted(subjs[0].subtree, key=lambda t: t.i)) + rest, subjs[1]


_EDGE_PUNCT = {",", ";", ":", "—", "–", "-"}


def parts_of(toks: list[Token], base: int) -> list[tuple[int, int]]:
    """The stretches of text `toks` make up where they skip words (an interrupting ', she said,'),
    each without the commas that set the interruption off; [] when they are one stretch."""
    runs: list[list[Token]] = []
    for t in toks:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    spans = []
    for run in runs:
        while run and run[-1].text in _EDGE_PUNCT:
            run = run[:-1]
        while run and run[0].text in _EDGE_PUNCT:
            run = run[1:]
        if run:
            spans.append((base + run[0].idx, base + run[-1].idx + len(run[-1].text)))
    return spans if len(spans) > 1 else []


def as_source(v: Token, base: int, extents: list[tuple[int, int]]) -> tuple[list[Token], Token] | None:
    """'As Smith noted, the fees have doubled', '…, as union leaders point out', 'as the mayor put
    it, …': the clause the as-clause hangs on is what was said, and the as-clause's subject said it."""
    put_it = v.lower_ in _PUT and any(c.dep_ == "dobj" and c.lower_ == "it" for c in v.children)
    if v.dep_ != "advcl" or not (SPEECH_FORMS.get(v.lower_) or put_it) or _inside(base + v.idx, extents):
        return None
    doc = v.doc
    lo, hi = v.left_edge.i, v.right_edge.i
    if doc[lo].lower_ != "as" or doc[lo].dep_ != "mark" or doc[lo].head.i != v.i:
        return None
    if any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and not put_it) for c in v.children):
        return None  # "as he said he would": the as-clause carries its own content
    subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
    comma_before = lo > 0 and doc[lo - 1].text == ","
    # The comma closing the as-clause may hang on it ("As the Ledger reported, even if …").
    comma_after = doc[hi].text == "," or (hi + 1 < len(doc) and doc[hi + 1].text == ",")
    if subj is None or not (comma_before or comma_after):
        return None
    toks = _trim([t for t in sorted(v.head.subtree, key=lambda t: t.i) if not lo <= t.i <= hi])
    if len(toks) < 4 or any(_inside(base + t.idx, extents) for t in toks):
        return None
    return toks, subj


_PUT = {"put", "puts"}


def statement_noun(n: Token, base: int, extents: list[tuple[int, int]]) -> tuple[list[Token], Token] | None:
    """'the minister's statement that the tax would rise' -> (clause tokens, 'minister')."""
    if n.lower_ not in STATEMENT_NOUNS or n.pos_ != "NOUN" or _inside(base + n.idx, extents):
        return None
    who = next((c for c in n.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
    if who is None:
        for p in n.children:
            if p.dep_ == "prep" and p.lower_ in ("by", "from") and p.i > n.i:
                who = next((o for o in p.children if o.dep_ == "pobj"), None)
    if who is None:
        return None
    for c in n.children:
        if c.dep_ in ("acl", "ccomp", "relcl") and c.i > n.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            toks = _trim(sorted(c.subtree, key=lambda t: t.i))
            if len(toks) >= 3:
                return toks, who
    return None


def bare_name_speaker(doc: Doc, base: int, a: int, b: int, extents: list[tuple[int, int]]) -> SpeakerNP | None:
    """A name with no verb right before a colon and quote, or right after a quote ending in a comma."""
    before = [t for t in doc if base + t.idx < a]
    if before and before[-1].text == ":":
        # 'John Smith: "…"' — the name must be the whole stretch before the colon.
        sent_start = max((t.i + 1 for t in before[:-1] if t.text in (".", "!", "?") or _inside(base + t.idx, extents)), default=0)
        span = [t for t in before[:-1] if t.i >= sent_start]
        return _name_only(span, base)
    after = [t for t in doc if base + t.idx >= b]
    quote_text = doc.text[a - base : b - base].rstrip("\"”' ")
    if not quote_text.endswith(","):
        return None
    span = []
    for t in after:
        if t.text in (".", "!", "?") or _inside(base + t.idx, extents):
            break
        span.append(t)
    if not span or span[0].pos_ != "PROPN":
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    ents = [e for e in doc.ents if e.label_ == "PERSON" and e.start == span[0].i]
    if not ents:
        return None
    return analyse_np(ents[0].root, base)


def manner_cue(doc: Doc, base: int, a: int, b: int, extents: list[tuple[int, int]]) -> Token | None:
    """The verb of '"…," Brill barked' or 'Brill boomed: "…"' (a verb not in the speech list:
    "beamed", "chanted", "joked"): a finite verb right after a quote that ends as a spoken line
    ends (comma, "!" or "?") in a short clause of its own, or right before a colon opening it."""
    before = [t for t in doc if base + t.idx < a]
    if len(before) >= 2 and before[-1].text == ":":
        v = before[-2]
        if v.pos_ == "VERB" and v.tag_ in ("VBD", "VBZ", "VBP") and not _has_object(v, base, a, b):
            return v
    if not doc.text[a - base : b - base].rstrip("\"”' ").endswith((",", "!", "?")):
        return None
    clause: list[Token] = []
    for t in doc:
        if base + t.idx < b:
            continue
        if t.text in (".", "!", "?", ",", ";", ":") or _inside(base + t.idx, extents) or len(clause) > 8:
            break
        clause.append(t)
    verbs = [t for t in clause if t.pos_ in ("VERB", "AUX")]
    if len(verbs) == 1 and verbs[0].pos_ == "VERB" and verbs[0].tag_ in ("VBD", "VBZ") and not _has_object(verbs[0], base, a, b):
        return verbs[0]
    return None


def _has_object(v: Token, base: int, a: int, b: int) -> bool:
    """`v` takes an object or clause of its own besides the quotation ("read the list: …")."""
    return any(c.dep_ in ("dobj", "ccomp", "xcomp", "prep") and not a <= base + c.idx < b for c in v.children)


def _name_only(span: list[Token], base: int) -> SpeakerNP | None:
    if not span or len(span) > 6 or any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    doc = span[0].doc
    ents = [e for e in doc.ents if e.label_ == "PERSON" and e.start >= span[0].i and e.end - 1 == span[-1].i]
    if not ents:
        return None
    return analyse_np(ents[0].root, base)


_SOURCE_ENTS = ("PERSON", "ORG", "GPE", "NORP")


def headline_colon(doc: Doc, base: int) -> tuple[tuple[int, int], tuple[int, int], SpeakerNP, bool] | None:
    """'Brill: Harbour Fees Are Rigged' -> (content span, colon span, speaker, known only) for a
    one-line unit that opens with a short source and a colon; "Exclusive:" or "Watch:" name no
    source. A bare capitalised word or two the model did not tag ("Vane: …") may be a surname:
    known only, it counts when the article names that person elsewhere (speakers.resolve)."""
    colon = next((t for t in doc if t.text == ":"), None)
    if colon is None or colon.i == 0 or colon.i > 4 or len(doc) - colon.i < 4 or len(doc) > 40:
        return None
    if any(t.text in (".", "!", "?") for t in doc[: colon.i]) or "\n" in doc.text:
        return None
    src = doc[: colon.i]
    if any(t.pos_ in ("VERB", "AUX") for t in src):
        return None
    root = src.root
    rest = [t for t in doc[colon.i + 1 :] if not t.is_space]
    if not rest:
        return None
    content = (base + rest[0].idx, base + rest[-1].idx + len(rest[-1].text))
    if not (any(e.label_ in _SOURCE_ENTS for e in doc.ents if e.end <= colon.i) or root.lower_ in HUMAN_NOUNS or root.lower_ in SOURCE_NOUNS):
        # Not an all-capitals speaker label of a transcript ("HOST: …"): a turn, not a headline.
        if len(src) > 2 or not all(t.is_alpha and t.text.istitle() for t in src):
            return None
        words = (base + src[0].idx, base + src[-1].idx + len(src[-1].text))
        return content, (base + colon.idx, base + colon.idx + 1), SpeakerNP("name", src.text, words, np_span=words), True
    spk = analyse_np(root, base, loose=True)
    if spk is None:
        return None
    return content, (base + colon.idx, base + colon.idx + 1), spk, False


_SOURCE_WORDS = {"NOUN", "PROPN", "DET", "ADJ", "NUM", "ADP", "PART", "PUNCT", "CCONJ"}


def trailing_source(doc: Doc, base: int, extents: list[tuple[int, int]]) -> tuple[list[Token], Token, SpeakerNP] | None:
    """'Holm raised $5 million in March, campaign finance records show.': a sentence closed by ', <source>
    <verb of saying or showing>.' The small model often reads the plural source and "show" as one
    noun phrase, leaving no verb to hang the clause on, so the shape is read from the words: a
    cue form last (a speech verb or one learned to report clauses), a noun right before it, and
    between the comma and the cue only a noun phrase (no verb but a participle: "records compiled
    by …"). Returns the clause before the comma, the cue and the source."""
    words = [t for t in doc if not t.is_space]
    if len(words) < 8 or words[-1].text not in (".", "!", "?"):
        return None
    cue = words[-2]
    low = cue.lower_
    if not (SPEECH_FORMS.get(low) or reports_clauses(low)) or _inside(base + cue.idx, extents):
        return None
    if low.endswith("ing"):  # "…, weeks after the Acme warning.": a noun or a participle, not a verb of saying
        return None
    comma = next((t for t in reversed(words[:-2]) if t.text == ","), None)
    if comma is None or comma.i < 4 or cue.i - comma.i > 14:
        return None
    src = [t for t in doc[comma.i + 1 : cue.i] if not t.is_space]
    if not src or doc[cue.i - 1].pos_ not in ("NOUN", "PROPN") or src[0].pos_ == "CCONJ":
        return None
    # A participle after the head ("records compiled by …") or a gerund before a noun ("fundraising
    # documents") is part of the phrase; any other verb makes the words a clause, not a source.
    if any(t.pos_ not in _SOURCE_WORDS and not (t.tag_ == "VBN" and t.i > src[0].i) and not (t.tag_ == "VBG" and doc[t.i + 1].pos_ == "NOUN") for t in src):
        return None
    # The source's head: its last noun before a preposition or a participle ("tallies by trackers").
    stop = next((t.i for t in src if t.pos_ == "ADP" or t.tag_ == "VBN"), cue.i)
    nouns = [t for t in src if t.i < stop and t.pos_ in ("NOUN", "PROPN")]
    if not nouns:
        return None
    toks = _trim([t for t in doc[: comma.i] if not t.is_space])
    if len(toks) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in toks) or any(_inside(base + t.idx, extents) for t in toks):
        return None
    span = (base + src[0].idx, base + src[-1].idx + len(src[-1].text))
    head = nouns[-1]
    mode = "org" if head.pos_ == "PROPN" else "group"
    text = doc.text[src[0].idx : head.idx + len(head.text)]
    return toks, cue, SpeakerNP(mode, text, (base + src[0].idx, base + head.idx + len(head.text)), np_span=span)
