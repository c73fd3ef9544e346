"""Where a statement was made: a venue phrase near the cue, else the dateline."""

from __future__ import annotations

import re

from retrieval.attribution.gazetteer import MEDIA_RE, PLACES_LOWER

# "in Lisbon", "at the White House", "in New York City"; the name must be a known
# place (gazetteer or an NER place entity) so "in March" or "at Acme Rail" are not.
_IN_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?((?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*){0,3})")


def dateline_city(place: str) -> str:
    """The statement-level place for a dateline: its first component ("Lisbon, Portugal" -> "Lisbon")."""
    return place.split(",")[0].strip()


def find_place(region: str, ner_places: set[str]) -> str:
    """A place named in `region` (sentence text outside the content and the speaker's role)."""
    m = MEDIA_RE.search(region)
    media = (m.start(), m.group(1)) if m else None
    best: tuple[int, str] | None = None
    for m in _IN_PLACE.finditer(region):
        words = m.group(1).split()
        # Try the longest prefix that is a known place: "Lisbon alongside" -> "Lisbon".
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n]).rstrip(".,'")
            if cand.endswith("'s"):
                cand = cand[:-2]
            if cand.lower() in PLACES_LOWER or cand in ner_places:
                best = (m.start(), cand)
                break
        if best:
            break
    if media and (best is None or media[0] < best[0]):
        venue = media[1]
        return re.sub(r"^(?:his|her|its|the)\s+", "", venue)
    return best[1] if best else ""
