"""Who a subject noun phrase names: a person (with the role the text gives), an
organisation, a group ("officials"), a pronoun or a back-reference ("the president").

Works on the dependency parse of one unit; the small model often tags little-known
surnames as ORG or even NOUN, so proper-noun chains and appositives are checked too.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from retrieval.attribution.gazetteer import (
    DESCRIPTOR_TITLES,
    HUMAN_NOUNS,
    PRONOUNS,
    SOURCE_NOUNS,
    TITLE_WORDS,
)

# Words naming a share of a group ("half of", "most of"): English closed-class words.
_QUANTIFIERS = {
    "half", "some", "many", "most", "all", "both", "few", "several", "none", "majority", "majorities",
    "minority", "third", "quarter", "fraction", "share", "plurality", "each", "any", "much", "more",
}
_BARE_SHARES = (_QUANTIFIERS - {"much", "any", "each", "share", "fraction"}) | {"others", "those"}
# Relative pronouns that stand for the noun their clause hangs on: "Brill, who said …",
# "the union, which said …" (a body speaks as "which"; whether it can speak at all is the noun's test).
REL_SUBJECTS = ("who", "that", "which")
def can_antecede(n: Token) -> bool:
    """Whether a relative clause's subject pronoun may stand for `n`: a noun or name, or a pronoun
    naming a share of people ("those who say …", "many who back Vane"), not "it" or "this"."""
    return n.pos_ in ("NOUN", "PROPN") or (n.pos_ in ("PRON", "DET", "ADJ") and n.lower_ in _BARE_SHARES)


_NOT_SPEAKING = {"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
_NP_DROP = {"relcl", "acl", "appos", "punct", "advcl", "cc"}
_CONNECTORS = {"however", "but", "and", "meanwhile", "also", "so", "yet", "still", "moreover"}


def _abs(base: int, t: Token) -> tuple[int, int]:
    return base + t.idx, base + t.idx + len(t.text)


@dataclass
class SpeakerNP:
    mode: str  # name | pronoun | org | group | descriptor_ref
    text: str
    span: tuple[int, int]
    role: str = ""
    np_span: tuple[int, int] = (0, 0)  # the whole noun phrase incl. appositive


def _clean_name(ent_tokens: list[Token]) -> list[Token]:
    toks = list(ent_tokens)
    while toks and (toks[0].lower_ in TITLE_WORDS or toks[0].lower_ in ("the", "a")):
        toks = toks[1:]
    while toks and (toks[-1].dep_ == "case" or toks[-1].text in ("'s", "’s", "'", ",", ".")):
        toks = toks[:-1]
    return toks


def _is_title_word(t: Token) -> bool:
    return t.lower_ in TITLE_WORDS or t.lower_ in DESCRIPTOR_TITLES


def _without_article(toks: list[Token]) -> list[Token]:
    """"the visiting minister" -> "visiting minister": a role is shown without its article."""
    while toks and toks[0].lower_ in ("the", "a", "an"):
        toks = toks[1:]
    return toks


def _name_chain(h: Token) -> list[Token]:
    """A proper noun with the proper-noun compounds right before it ("Ana" "Ruiz")."""
    chain = [h]
    while chain[0].i > 0 and chain[0].doc[chain[0].i - 1].dep_ == "compound" and chain[0].doc[chain[0].i - 1].pos_ == "PROPN":
        chain.insert(0, chain[0].doc[chain[0].i - 1])
    return chain


def _np_tokens(h: Token) -> list[Token]:
    drop: set[int] = set()
    for c in h.children:
        # "Ada Brill in New York": a location after a name is where, not who.
        if c.dep_ in _NP_DROP or (c.dep_ == "compound" and c.tag_.startswith("VB")) or (c.dep_ == "prep" and h.pos_ == "PROPN" and c.lower_ in ("in", "at", "on", "during")):
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


def _midsentence(role: str, doc: Doc) -> str:
    """"Its chief executive, Ivo Vane, said…", "Councillor Ana Ruiz said…": the role is shown after the
    name ("Ivo Vane, its chief executive"), where the capital the sentence's start gave a pronoun or
    a title would read wrong. Other first words keep theirs: the parser can't be trusted to tell a
    company's name ("Acme chief executive") from a common word there."""
    first = next((t for t in doc if t.is_sent_start and role and doc.text.startswith(role, t.idx)), None)
    if first is None or not (first.tag_ == "PRP$" or first.lower_ in TITLE_WORDS or first.lower_ in HUMAN_NOUNS):
        return role
    return role[0].lower() + role[1:]


def _appositive(appos: list[Token]) -> list[Token]:
    """The first appositive's tokens, with the appositives that continue it without a gap: the parser
    splits a hyphenated title into several ("vice", "-", "president of marketing"), and the role is all of it."""
    toks = sorted(appos[0].subtree, key=lambda t: t.i)
    for a in appos[1:]:
        more = sorted(a.subtree, key=lambda t: t.i)
        if more[0].i != toks[-1].i + 1:
            break
        toks += more
    return toks


def counted(h: Token) -> bool:
    """A share or count of a group: "half of the voters", "Majorities of riders", "six in 10",
    "19 percent of students" (a number's share, as a poll reports it)."""
    share = h.lower_ in _QUANTIFIERS or (h.lower_ in ("percent", "%") and any(c.dep_ == "nummod" for c in h.children))
    partitive = share and any(c.dep_ == "prep" and c.lower_ == "of" for c in h.children)
    return partitive or h.pos_ == "NUM"


def analyse_np(h: Token, base: int, loose: bool = False) -> SpeakerNP | None:
    """Who `h` (a subject or "according to" object) names, and the role given.

    `loose`: any determined or counted noun phrase may be a source (for reported speech,
    where the verb's own subject is the source; a quote instead looks further for a speaker)."""
    doc = h.doc
    if h.lower_ in REL_SUBJECTS and h.dep_ == "nsubj" and h.head.dep_ == "relcl" and can_antecede(h.head.head):
        # "Brill, who endorsed Holm": the noun speaks; the mention is the pronoun, as for "he".
        noun = h.head.head
        # "…, which suggested that …" after a time or a prepositional phrase ("came on Tuesday,
        # which", "rose in March, which") often stands for the whole clause before it, not for the
        # noun; letting a prepositional object speak through "which" cost the project's own gold a
        # false statement, so only a subject or object noun does.
        if h.lower_ == "which" and (noun.dep_ in ("pobj", "npadvmod") or noun.ent_type_ in _NOT_SPEAKING):
            return None
        # "O'Hara, an expert at Harbour University, who said": the clause hangs on the
        # nearest noun; the person the appositive describes is the one who spoke.
        up = noun
        while up.dep_ in ("pobj", "prep", "appos") and up.head.i != up.i:
            up = up.head
            if up.ent_type_ == "PERSON":
                noun = up
        ante = analyse_np(noun, base, loose)
        if ante is not None:
            ante.span = ante.np_span = _abs(base, h)
        return ante
    if h.lower_ in PRONOUNS and h.pos_ == "PRON":
        s = _abs(base, h)
        return SpeakerNP("pronoun", h.text, s, np_span=s)
    np = _np_tokens(h)
    np_ids = {t.i for t in np}
    appos = [c for c in h.children if c.dep_ == "appos"]
    np_end_tok = max([np[-1]] + [t for a in appos for t in a.subtree], key=lambda t: t.i)
    np_span = (base + np[0].idx, base + np_end_tok.idx + len(np_end_tok.text))
    # The name the phrase is headed by, else its last: in "Holm spokesman Tom Dunn" or "former Holm
    # adviser Tom Dunn" the first name says whose spokesman or adviser, the last who speaks; and in
    # "Holm's spokesman, Tom Dunn," the possessor does not speak at all.
    # A possessor is no speaker; "Ada Brill's campaign said" is hers, but in "Acme's head of sales, Pia
    # Dorn, said" the title's holder speaks, however the model's entity ends ("Acme's" with its "'s").
    holder_named = _is_title_word(h) and any(c.dep_ == "appos" for c in h.children)
    names = [ent for ent in doc.ents if ent.label_ == "PERSON" and any(t.i in np_ids for t in ent)
             and not (ent[-1].dep_ == "poss" or any(c.dep_ == "case" for c in ent[-1].children)
                      or (holder_named and ent[-1].dep_ == "case"))]
    person = next((ent for ent in names if h.i in range(ent.start, ent.end)), names[-1] if names else None)
    titled = _is_title_word(h)  # "CEO" is often tagged PROPN
    if person is None and (h.pos_ != "PROPN" or titled):
        for a in appos:  # "the company's chief, John Smith, said"
            for ent in doc.ents:
                if ent.label_ == "PERSON" and ent.start <= a.i < ent.end:
                    person = ent
        if person is None and titled:
            # … and when the model did not tag the name: a title's proper-noun appositive is its holder.
            named = next((a for a in appos if a.pos_ == "PROPN"), None)
            if named is not None:
                person = doc[min(t.i for t in _name_chain(named)) : named.i + 1]
    if person is None and titled:
        # "the vice president and chairman of Acme Rail LLC Tom Weller": the name closes the title.
        sub_end = h.right_edge.i
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent.end - 1 == sub_end and ent.start > h.i:
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
            # "The Prime Minister said": a title alone refers back to a named holder.
            if h.lower_ in DESCRIPTOR_TITLES and np[0].lower_ == "the":
                text = _span_text(doc, np)
                return SpeakerNP("descriptor_ref", text, (base + np[0].idx, base + np[0].idx + len(text)), np_span=np_span)
            return None
        ns, ne = base + name[0].idx, base + name[-1].idx + len(name[-1].text)
        role = _span_text(doc, _without_article([t for t in np if t.i < name[0].i and t.i >= np[0].i])).strip(" ,")
        if role.lower().rstrip(".") in ("mr", "mrs", "ms", "miss", "sir"):
            role = ""
        if not role and appos and not any(a.i in range(person.start, person.end) for a in appos):
            a_toks = _appositive(appos)
            a_toks = [t for t in a_toks if not (t.is_punct and t.i in (a_toks[0].i, a_toks[-1].i))]
            role = _span_text(doc, a_toks).strip(" ,")
        if not role and name[0].i > 0:
            # "council chair Mira Solberg said": the model made the title a subject of its own.
            before = doc[name[0].i - 1]
            if before.dep_ == "nsubj" and before.head == h.head and h.dep_ == "nsubj" and before.pos_ == "NOUN":
                role = _span_text(doc, _np_tokens(before)).strip(" ,")
        if not role and name[0].i > 1 and doc[name[0].i - 1].text == ",":
            # "Acme's vice-president of marketing, Greg Jolk, said": a title phrase the sentence opens
            # with, set off by a comma, that the parser split from the name it introduces.
            # (The parser may end a sentence inside a hyphenated title: the text's stops bound it.)
            start = name[0].i - 1
            while start > 0 and doc[start - 1].text not in (".", "!", "?", ";", ":", "\"", "“", "”"):
                start -= 1
            lead = list(doc[start : name[0].i - 1])
            # A noun phrase only: "Unlike the finance minister, Greg Jolk said…" opens with a preposition.
            if 1 <= len(lead) <= 10 and any(_is_title_word(t) for t in lead) and lead[0].pos_ in ("DET", "PROPN", "NOUN", "ADJ") \
                    and not any(t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "ADV") or (t.is_punct and t.text not in "-–'’")
                                or (t.pos_ == "ADP" and not any(_is_title_word(x) for x in lead[: t.i - lead[0].i]))
                                for t in lead):
                role = _span_text(doc, _without_article(lead)).strip(" ,")
        if not role and h.dep_ == "appos" and h.head.pos_ == "NOUN" and _is_title_word(h.head):
            # "alongside the visiting transport minister, Joost Verhagen": the title he is named after.
            role = _span_text(doc, _without_article([t for t in _np_tokens(h.head) if t.i <= h.head.i])).strip(" ,")
        if not role:
            after = [t for t in np if t.i > name[-1].i]
            if after and after[0].lower_ in ("of", "from", "at"):
                role = _span_text(doc, after[1:]).strip(" ,")
        if org_like:
            return SpeakerNP("org", doc.text[ns - base : ne - base], (ns, ne), "", np_span)
        return SpeakerNP("name", doc.text[ns - base : ne - base], (ns, ne), _midsentence(role, doc), np_span)
    for a in appos:
        # "The US rail maker Acme Rail said": the name speaks.
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
    if h.is_title and h.pos_ == "NOUN" and low not in HUMAN_NOUNS and low not in SOURCE_NOUNS and not (loose and counted(h)):
        # A capitalised noun the tagger missed as a name ("Kovalenkyy noted"):
        # kept only if the article names such a person or organisation.
        return SpeakerNP("maybe", text, s, np_span=np_span)
    if low in DESCRIPTOR_TITLES and len(np) <= 3 and np[0].lower_ == "the":
        return SpeakerNP("descriptor_ref", text, s, np_span=np_span)
    if low in HUMAN_NOUNS or low in SOURCE_NOUNS or low in TITLE_WORDS:
        return SpeakerNP("group", text, s, np_span=np_span)
    # Any other determined or counted noun phrase is a source kept as written: "the
    # campaign", "his aides", "47 percent", "six in 10", "most voters" (news attributes to
    # groups, documents and shares of a poll as often as to named people).
    if not loose:
        return None
    # "Many believe …", "Some have suggested that …", "Others say …": a share with its group left
    # to the sentence before, kept as written like "officials".
    # "those who said …", "many who back Vane": the relative clause names the group, wherever it stands.
    if h.lower_ in _BARE_SHARES and (h.dep_ == "nsubj" or any(c.dep_ == "relcl" for c in h.children)) and h.pos_ in ("ADJ", "PRON", "DET", "NOUN"):
        return SpeakerNP("group", text, s, np_span=np_span)
    determined = any(c.dep_ in ("det", "poss", "nummod", "amod", "quantmod") for c in h.children)
    # "about half of the voters", "some of her neighbours": a share of a group, as counted ones are.
    if counted(h) or (h.pos_ == "NOUN" and (determined or h.tag_ == "NNS")):
        return SpeakerNP("group", text, s, np_span=np_span)
    return None
