"""Article-level speaker resolution: one id per person, pronouns, inherited speakers.

Within one article a person appears as "Moldova's President Ivan
Kovalenkyy", "Kovalenkyy", "he" and sometimes "Kovalenky". Names are grouped by
a normalised surname; the id is the fullest name seen in the article.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from retrieval.attribution.candidates import Candidate, Mention
from retrieval.attribution.gazetteer import ORG_DESCRIPTORS, PLACES_LOWER, TITLE_WORDS
from retrieval.dates import MONTHS, WEEKDAYS


def surname_key(name: str) -> str:
    """Normalised last word of a name: accents, case and yy/iy/y endings folded."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    while words and words[-1].lower().rstrip(".") in ("jr", "sr", "ii", "iii"):
        words = words[:-1]
    if not words:
        return ""
    w = unicodedata.normalize("NFKD", words[-1])
    w = "".join(c for c in w if c.isalpha()).lower()
    w = re.sub(r"(?:yy|iy|yi|ii)$", "y", w)
    return w


_NAME_RE = re.compile(r"\b([A-Z][a-z]+(?:[ -](?:[A-Z][a-z'’]+|de|van|von|da|De)){1,3})\b")
_NOT_NAME_START = {
    "the", "a", "an", "in", "on", "at", "for", "but", "and", "he", "she", "it", "they",
    "this", "that", "when", "after", "before", "while", "if", "as", "with", "by", "from",
}


def regex_names(text: str, start: int, end: int) -> list[Mention]:
    """Capitalised word runs in unparsed text: only used to lengthen known names."""
    out = []
    for m in _NAME_RE.finditer(text, start, end):
        words = m.group(1).split()
        if words[0].lower() in _NOT_NAME_START or words[0].lower() in TITLE_WORDS:
            continue
        if any(w.lower() in MONTHS or w.lower() in WEEKDAYS for w in words):
            continue
        if m.group(1).lower() in PLACES_LOWER:
            continue
        out.append(Mention(m.start(), m.group(1), "NAME?", False))
    return out


@dataclass
class Resolved:
    cand: Candidate
    speaker: str
    speaker_id: str
    role: str
    span: tuple[int, int] | None


class People:
    """Person clusters of one article."""

    def __init__(self, mentions: list[Mention], weak: list[Mention]):
        self.full: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        for m in mentions:
            if m.label == "PERSON":
                self._add(m.text)
        for m in weak:  # lengthen only clusters a parse already found
            key = surname_key(m.text)
            if key in self.full:
                self._add(m.text)

    def _add(self, name: str) -> None:
        key = surname_key(name)
        if not key:
            return
        cur = self.full.get(key)
        if cur is None or len(name.split()) > len(cur.split()):
            self.full[key] = name

    def add_name(self, name: str) -> None:
        self._add(name)

    def canonical(self, name: str) -> str | None:
        key = surname_key(name)
        hit = self.full.get(key)
        if hit is not None and " " in hit or not key:
            return hit
        if " " not in name.strip():
            # A first name alone ("Ada") when one person in the article has it.
            firsts = [f for f in self.full.values() if len(f.split()) > 1 and f.split()[0] == name.strip()]
            if len(set(firsts)) == 1:
                return firsts[0]
            if hit is not None:
                return hit
        # Misspellings and transliterations (MacKinlay/McKinlay, Kovalenky/Kovalenkiy).
        if len(key) >= 5:
            close = difflib.get_close_matches(key, list(self.full), n=1, cutoff=0.8)
            if close:
                return self.full[close[0]]
        return None


_FIRST_PERSON = {"i", "we", "you", "me", "us"}
_ORG_SOURCES = {"website", "statement", "spokesman", "spokeswoman", "spokesperson", "blog", "release", "announcement"}


# "Ada Brill's campaign", "the Brill campaign": the name that owns a descriptor noun.
_NAMED_NOUN = r"\b([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){{0,3}})(?:['’]s)?\s+{noun}\b"
_ACRONYM = re.compile(r"\b((?:[A-Z][\w&.-]*\s+){0,5}[A-Z][\w&.-]*)\s+\(([A-Z][A-Z&]{1,6})\)")


def acronyms(text: str) -> dict[str, str]:
    """'Acme Rail Holdings (ARH)' -> {'ARH': 'Acme Rail Holdings'}; ids use the long form."""
    out: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        long, short = m.group(1), m.group(2)
        words = long.split()
        # Keep only the words whose initials spell the acronym ("the ... United Auto Workers").
        for k in range(len(words)):
            cand = words[k:]
            if "".join(w[0] for w in cand).upper() == short.replace("&", ""):
                out.setdefault(short, " ".join(cand))
                break
    return out


def resolve(cands: list[Candidate], mentions: list[Mention], weak: list[Mention], text: str = "") -> list[Resolved]:
    """Give every candidate a speaker and id, or drop it when no honest guess exists."""
    acro = acronyms(text)
    people = People(mentions, weak)
    for c in cands:
        if c.speaker is not None and c.speaker.mode == "name" and not c.known_only:
            people.add_name(c.speaker.text)
    # Roles seen anywhere attach to the person's id.
    roles: dict[str, str] = {}
    for m in mentions:
        if m.label == "PERSON" and m.role:
            pid = people.canonical(m.text) or m.text
            roles.setdefault(pid, m.role)

    # Antecedent candidates in text order: persons (subjects and speakers first).
    persons = sorted(
        [(m.pos, people.canonical(m.text) or m.text, m.text, m.is_subject) for m in mentions if m.label == "PERSON"],
        key=lambda x: x[0],
    )
    orgs = sorted([(m.pos, m.text) for m in mentions if m.label == "ORG"], key=lambda x: x[0])
    subject_orgs = [(m.pos, m.text) for m in sorted(mentions, key=lambda m: m.pos) if m.label == "ORG" and m.is_subject]

    out: list[Resolved] = []
    by_quote: dict[int, Resolved] = {}
    cands = sorted(cands, key=lambda c: c.content[0])
    for c in cands:
        sp = c.speaker
        r: Resolved | None = None
        if sp is None:
            prev = by_quote.get(c.quote_idx - 1) if c.continues else None
            if prev is None and out and out[-1].cand.unit >= c.unit - 1:
                prev = out[-1]
            if prev is None:
                continue
            r = Resolved(c, prev.speaker, prev.speaker_id, prev.role, prev.span)
        elif sp.mode == "name":
            if c.known_only and people.canonical(sp.text) is None:
                continue
            pid = people.canonical(sp.text) or sp.text
            if sp.role:
                roles.setdefault(pid, sp.role)
            r = Resolved(c, sp.text, pid, sp.role, sp.span)
        elif sp.mode == "pronoun":
            low = sp.text.lower()
            pos = sp.span[0]
            local = next((n for n in (people.canonical(a) for a in c.ante.split("|") if a) if n and " " in n), None)
            if low in ("he", "she") and local is not None:
                r = Resolved(c, local, local, "", sp.span)
            elif low in ("he", "she"):
                before = [p for p in persons if p[0] < pos and pos - p[0] < 3000]
                spoken = [x for x in out if x.span is not None and x.span[0] < pos and x.speaker_id in people.full.values()]
                best = None
                if before:
                    subj = [p for p in before if p[3]]
                    best = (subj or before)[-1]
                    # A person mentioned after the last subject but only as an
                    # object is less likely than the last speaker/subject.
                if spoken and (best is None or spoken[-1].cand.content[0] > best[0]):
                    best = (spoken[-1].cand.content[0], spoken[-1].speaker_id, spoken[-1].speaker_id, True)
                if best is None:
                    continue
                r = Resolved(c, best[1], best[1], "", sp.span)
            elif low == "it":
                before = [o for o in orgs if o[0] < pos and pos - o[0] < 1500]
                if not before:
                    continue
                name = before[-1][1]
                r = Resolved(c, name, re.sub(r"^the\s+", "", name, flags=re.I), "", sp.span)
            elif low == "they":
                prev = out[-1] if out else None
                if prev is None or prev.cand.unit < c.unit - 2 or prev.speaker_id in people.full.values():
                    # No group spoke just before: kept as written, like "officials".
                    r = Resolved(c, sp.text, sp.text.lower(), "", sp.span)
                else:
                    r = Resolved(c, prev.speaker, prev.speaker_id, prev.role, sp.span)
            else:
                continue
        elif sp.mode == "descriptor_ref":
            title = sp.text.split()[-1].lower()
            match = None
            for x in reversed(out):
                if title in (roles.get(x.speaker_id, "") or x.role).lower():
                    match = x
                    break
            if match is None:
                for pid, role in roles.items():
                    if title in role.lower():
                        match = Resolved(c, pid, pid, role, None)
            if match is not None:
                r = Resolved(c, match.speaker_id, match.speaker_id, "", sp.span)
            else:
                r = Resolved(c, sp.text, sp.text.lower(), "", sp.span)
        else:
            # Organisations and groups; a lone surname tagged ORG is still a person.
            pid = people.canonical(sp.text) if len(sp.text.split()) == 1 else None
            words = sp.text.lower().split()
            if pid:
                r = Resolved(c, sp.text, pid, "", sp.span)
            elif sp.mode == "maybe" and len(words) > 1 and not any(o[1] == sp.text for o in orgs):
                continue  # a multi-word capitalised phrase the model did not call a name
            elif 2 <= len(words) <= 3 and words[0] in ("the", "this") and words[1].removesuffix("'s").removesuffix("’s") in ORG_DESCRIPTORS and (len(words) == 2 or words[2] in _ORG_SOURCES):
                # "The company has warned", "according to the company('s) website": the
                # organisation last speaking or named.
                # "Brill's campaign said …. The campaign added": an earlier source named with the same noun.
                noun = words[1].removesuffix("'s").removesuffix("’s")
                named = [m.group(1) for m in re.finditer(_NAMED_NOUN.format(noun=re.escape(noun)), text[max(0, sp.span[0] - 3000) : sp.span[0]])]
                owner = (people.canonical(named[-1]) or acro.get(named[-1], named[-1])) if named else ""
                prev_org = next((x for x in reversed(out) if x.speaker_id not in people.full.values()), None)
                before = [o for o in subject_orgs if o[0] < sp.span[0] and o[1].lower() not in ("the company", "the group")]
                org_pos = before[-1][0] if before else -1
                if owner:
                    r = Resolved(c, sp.text, owner, "", sp.span)
                elif prev_org is not None and (prev_org.span or (0, 0))[0] >= org_pos:
                    r = Resolved(c, sp.text, prev_org.speaker_id, "", sp.span)
                elif before:
                    r = Resolved(c, sp.text, acro.get(before[-1][1], before[-1][1]), "", sp.span)
                elif len(words) == 3 and (named := [o for o in orgs if o[0] < sp.span[0] and o[1].lower() not in ("the company", "the group")]):
                    # "according to the company website": the organisation last named.
                    r = Resolved(c, sp.text, acro.get(named[-1][1], re.sub(r"^the\s+", "", named[-1][1], flags=re.I)), "", sp.span)
                else:
                    r = Resolved(c, sp.text, sp.text, "", sp.span)
            else:
                if sp.text.lower() in _FIRST_PERSON:
                    continue
                sid = re.sub(r"^the\s+", "", sp.text, flags=re.I)
                # "A statement by Acme Rail said": the organisation is the speaker.
                m = re.match(r"^(?:an?|the)\s+(?:\w+\s+)?(?:statement|release|letter|spokesman|spokeswoman|spokesperson)\s+(?:by|from|for)\s+(.+)$", sp.text, re.I)
                if m:
                    sid = re.sub(r"^the\s+", "", m.group(1), flags=re.I)
                r = Resolved(c, sp.text, acro.get(sid, sid), "", sp.span)
        if r is None:
            continue
        out.append(r)
        if c.quote_idx >= 0:
            by_quote[c.quote_idx] = r
    # Carry roles to every statement of the same person.
    for r in out:
        if not r.role:
            r.role = roles.get(r.speaker_id, "")
    return [r for r in out if r.cand.kind != "cue"]
