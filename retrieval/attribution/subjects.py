"""Speech cues and their speakers: is this verb a cue, and whose words does it report.

The small model mislabels speakers in predictable ways (post-verbal speakers as
objects, unknown surnames as modifiers, a role noun swallowed by a coordination);
`find_subject` undoes the common ones.
"""

from __future__ import annotations

from spacy.tokens import Token

from retrieval.attribution.gazetteer import (
    COGNITION,
    DESCRIPTOR_TITLES,
    HUMAN_NOUNS,
    NO_INDIRECT,
    QUOTE_ONLY,
    TITLE_WORDS,
)
from retrieval.attribution.speaker_np import REL_SUBJECTS, can_antecede
from retrieval.speech_verbs import SPEECH_FORMS

_SUBJ = {"nsubj", "nsubjpass"}


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def is_cue(t: Token, ranges: list[tuple[int, int]], base: int, for_quote: bool) -> bool:
    """A speech verb outside any quotation (only quote-carrying verbs for quotes)."""
    lemma = SPEECH_FORMS.get(t.lower_)
    if lemma is None or _inside(base + t.idx, ranges):
        return False
    # "prompted the Atlas to state, …": after "to" an infinitive the small model may tag as a noun.
    infinitive = t.i > 0 and t.doc[t.i - 1].lower_ == "to" and t.dep_ in ("xcomp", "advcl", "conj")
    if t.pos_ not in ("VERB", "AUX") and not t.tag_.startswith("VB") and not infinitive:
        return False
    if not for_quote and (lemma in NO_INDIRECT or lemma in QUOTE_ONLY):
        return False
    # "He didn't say where …" reports no statement.
    if any(c.dep_ == "neg" for c in t.children) or any(c.dep_ == "neg" for c in t.head.children if t.dep_ == "xcomp"):
        return False
    if t.dep_ == "xcomp" and t.head.lower_ in REFUSING:
        return False
    if lemma in COGNITION and (t.dep_ not in ("ROOT", "conj") or any(c.dep_ in _SUBJ and c.lower_ in ("it", "i", "we", "you") for c in t.children)):
        return False
    return True


_SOURCE_HEADS = {"statement", "letter", "release", "memo", "email", "message", "note", "post", "announcement"}
_RAISING = {
    "went", "goes", "go", "going", "continued", "continues", "wanted", "wants", "tried", "began", "decided",
    "remembered", "remembers", "recalled", "recalls", "seemed", "appeared",
}
_ROLE_HEADS = TITLE_WORDS | DESCRIPTOR_TITLES | HUMAN_NOUNS


def _post_verbal_role(v: Token, subj: Token) -> Token:
    """'…," said GM's sales, service, and marketing vice president': the parser made
    'sales' the subject; the speaker is the role noun the phrase ends with."""
    if subj.i < v.i or subj.lower_ in _ROLE_HEADS or subj.pos_ == "PROPN" or subj.ent_type_:
        return subj
    doc = v.doc
    for t in doc[subj.i + 1 : min(len(doc), subj.i + 10)]:
        if t.pos_ == "ADP" or t.text in (".", ";", '"', "”") or t.pos_ == "AUX":
            break
        if t.lower_ in _ROLE_HEADS and t.pos_ in ("NOUN", "PROPN") and (t.i + 1 >= len(doc) or doc[t.i + 1].pos_ not in ("NOUN", "PROPN")):
            return t
    return subj


def reporter_participle(c: Token) -> bool:
    """'…, claiming that …', '…, telling reporters …': a speech verb's participle after a comma,
    hung by the parser on the clause before it (not a verb that only carries quotes: 'continuing')."""
    lemma = SPEECH_FORMS.get(c.lower_)
    return (
        c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" and c.i > 0 and c.doc[c.i - 1].is_punct
        and lemma is not None and lemma not in QUOTE_ONLY and lemma not in NO_INDIRECT
    )


def conjoined_report(v: Token) -> bool:
    """A subjectless verb of saying conjoined to the verb of a clause another verb of saying reports."""
    h = v.head
    return (
        v.dep_ == "conj" and h.dep_ == "ccomp" and SPEECH_FORMS.get(v.lower_) is not None
        and SPEECH_FORMS.get(h.head.lower_) is not None and not any(c.dep_ in _SUBJ for c in v.children)
    )


def _may_speak(t: Token | None) -> bool:
    """A subject that could say something: a person, body or place's government by name, a personal
    pronoun, or a noun for people ("the tax", "the plan" cannot)."""
    if t is None:
        return False
    return t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or t.lower_ in ("he", "she", "they", "i", "we", "you") or t.lemma_.lower() in HUMAN_NOUNS or t.lower_ in HUMAN_NOUNS


# Prepositions whose -ing clause is done by the subject of the verb they hang on.
_MANNER_PREPS = {"by", "in", "after", "before", "while", "when", "since", "through"}
REFUSING = {"declined", "refused", "declines", "refuses", "declining", "refusing"}


def _titled_name(v: Token, subj: Token) -> Token:
    """'council chair Mira Solberg said': the small model may make a lower-case title and the name
    after it two subjects of the verb; the name speaks (analyse_np takes the title as its role)."""
    nxt = subj.doc[subj.i + 1] if subj.i + 1 < len(subj.doc) else None
    if subj.pos_ != "NOUN" or nxt is None or nxt.pos_ != "PROPN":
        return subj
    name = next((c for c in v.children if c.dep_ == subj.dep_ and c.pos_ == "PROPN" and c.i > subj.i and c.left_edge.i == subj.i + 1), None)
    return name or subj


def _before(v: Token) -> str:
    """The text of the token before `v`, past spaces: a two-apostrophe quotation mark read as a
    double quote leaves one (quotes.as_double_quotes), as do doubled spaces; "" at the start."""
    i = v.i - 1
    while i >= 0 and v.doc[i].is_space:
        i -= 1
    return v.doc[i].text if i >= 0 else ""


# English verbs of causing whose object then does the infinitive's act (closed class).
_CAUSING = {
    "prompted", "prompts", "prompting", "led", "leads", "leading", "caused", "causes", "causing",
    "forced", "forces", "forcing", "spurred", "spurs", "spurring", "moved", "moves", "compelled", "compels",
    "inspired", "inspires", "drove", "drives", "provoked", "provokes",
}


def find_subject(v: Token, depth: int = 0) -> Token | None:
    """The speaker token of speech verb `v`: its subject, or its governing verb's."""
    if SPEECH_FORMS.get(v.lower_) == "quote":
        # "The Courier quoted Brill as saying": the quoted person speaks.
        for c in v.children:
            if c.dep_ == "dobj" and any(g.lower_ == "as" for g in v.children):
                return c
    # "was praised by Brill as …": the agent speaks.
    for c in v.children:
        # "It was announced by the ministry that …": a passive speech verb's agent.
        if c.dep_ == "agent" and (SPEECH_FORMS.get(v.lower_) in QUOTE_ONLY or any(g.dep_ == "auxpass" for g in v.children)):
            by_obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if by_obj is not None:
                return by_obj
    subjects = [c for c in v.children if c.dep_ in _SUBJ and c.lower_ not in ("that", "which", "who", "this")]
    if len(subjects) > 1 and (named := [c for c in subjects if c.ent_type_ == "PERSON" and c.pos_ == "PROPN"]):
        # "Acme's vice-president of marketing, Greg Jolk, said": a title the parser split at its hyphen
        # made a second subject; the name it introduces speaks.
        subjects = named
    for c in v.children:
        if c in subjects[:1]:
            return _post_verbal_role(v, _titled_name(v, c))
        # "voters who say the economy is weak", "the union, which said …": the relative pronoun
        # (analyse_np names its noun, and refuses a noun that cannot speak).
        if c.dep_ == "nsubj" and c.lower_ in REL_SUBJECTS and v.dep_ == "relcl" and can_antecede(v.head):
            return c
    # "About 4 in 10 say …": the small model hangs a poll share on the verb as a number.
    for c in v.lefts:
        if c.dep_ == "nummod" and c.pos_ == "NUM" and SPEECH_FORMS.get(v.lower_) is not None:
            return c
    # "Brill says that …": the small model tags an unknown surname as a modifier.
    for c in v.lefts:
        if c.dep_ in ("advmod", "npadvmod", "dep", "nmod") and c.pos_ == "PROPN" and c.i == v.i - 1:
            return c
    # "…," said Acme CEO Ada Brill: the small model sometimes labels the
    # post-verbal speaker as an object.
    if v.lower_ in ("said", "says") or (v.tag_ in ("VBD", "VBZ") and _before(v) in (",", "\"", "”")):
        for c in v.rights:
            if c.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dep", "appos", "nsubj") and c.pos_ in ("PROPN", "NOUN"):
                return c
    # '…," claims writer Tom Weller': the verb parsed as part of the name.
    if v.dep_ == "compound" and _before(v) in (",", "\"", "”") and v.head.pos_ in ("PROPN", "NOUN"):
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
        # "insisted that the count was fair, claiming that …": a participle after the reported
        # clause (cut from it, see clauses._drop_gloss) is the reporter's, not the clause subject's.
        if reporter_participle(v):
            reporter = next((a.head for a in list(v.ancestors)[:3] if a.dep_ == "ccomp" and a.head.lower_ in SPEECH_FORMS), None)
            if reporter is not None:
                return find_subject(reporter, depth + 1)
        # "Asked if he would run, Holm said no", "Pressed on the cost, she …": a bare past participle
        # is a passive; the main clause's subject was asked, and who asked is not told.
        if v.dep_ == "advcl" and v.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in v.children):
            return None
        # "argued that the tax was unfair and insisted …": the parser may hang the second verb of
        # saying on the reported clause; when that clause's subject cannot speak, the verb is the
        # reporter's second statement, not the clause's.
        if conjoined_report(v) and not _may_speak(next((c for c in h.children if c.dep_ in _SUBJ), None)):
            return find_subject(h.head, depth + 1)
        # "…, adding that …" / "said …, and noted …"
        if v.dep_ in ("advcl", "conj", "pcomp") and h.pos_ in ("VERB", "AUX"):
            return find_subject(h, depth + 1)
        # "went on to say", "declined to say"; not "it is interesting to note".
        if v.dep_ == "xcomp" and (h.lower_ in SPEECH_FORMS or h.lower_ in _RAISING):
            return find_subject(h, depth + 1)
        # "used to boast that …", "tried to argue …", "is right to note that …": a verb with no
        # object of its own hands its subject down (not "urged residents to say", whose residents say it).
        if v.dep_ == "xcomp" and h.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("dobj", "dative") for c in h.children):
            subj = next((c for c in h.children if c.dep_ in _SUBJ), None)
            if subj is not None and subj.lower_ not in ("it", "that", "this", "there"):
                return find_subject(h, depth + 1)
        # "The record prompted the Atlas to say …", "the loss led Holm to declare …": a verb of
        # causing has its object do what follows, and tells that it was done.
        if v.dep_ == "xcomp" and h.lower_ in _CAUSING:
            obj = next((c for c in h.children if c.dep_ == "dobj" and c.i < v.i), None)
            if obj is not None:
                return obj
        # "voters were more likely to say …", "was quick to praise …": an adjective's infinitive is
        # done by the subject of the copula the adjective completes (not "it is hard to say").
        if v.dep_ == "xcomp" and h.pos_ == "ADJ" and h.dep_ == "acomp" and h.head.pos_ in ("VERB", "AUX"):
            subj = next((c for c in h.head.children if c.dep_ in _SUBJ), None)
            if subj is not None and subj.lower_ not in ("it", "that", "this", "there", "which", "who"):
                return subj
        # "rebuffed them by proposing that …", "joined Vane in calling for …", "was quick in denying …":
        # the preposition's verb (or the adjective's) is who does it.
        if v.dep_ == "pcomp" and h.dep_ == "prep" and h.lower_ in _MANNER_PREPS:
            g = h.head.head if h.head.dep_ == "acomp" else h.head
            if g.pos_ in ("VERB", "AUX"):
                return find_subject(g, depth + 1)
        # "The UAW issued a statement saying …"
        if v.dep_ == "acl" and h.lower_ in ("statement", "letter", "release", "note", "message") and h.head is not h:
            return find_subject(h.head, depth + 1)
        # "A campus poll found last week that …": the small model may read a past tense with a
        # that-clause of its own as a participle describing the noun, which it then makes the
        # sentence's root; with no verb left to be the noun's, the noun is the verb's subject.
        if v.dep_ == "acl" and h.dep_ == "ROOT" and h.pos_ in ("NOUN", "PROPN") and h.i < v.i and _that_clause_after(v):
            return h
        # "a group backing Vane", "voters supporting the levy": the noun a participle describes does it.
        if v.dep_ == "acl" and v.tag_ == "VBG" and h.pos_ in ("NOUN", "PROPN") and h.i < v.i:
            return h
    return None


def _that_clause_after(v: Token) -> bool:
    """`v` has a clausal complement after it opened by the complementizer "that"."""
    return any(c.dep_ == "ccomp" and c.i > v.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in v.children)
