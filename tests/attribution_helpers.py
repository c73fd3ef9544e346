"""Helpers shared by the attribution tests."""

from __future__ import annotations

import datetime as dt

from retrieval.models import Statement

TUESDAY = dt.date(2025, 4, 8)
ELECTION_DAY = dt.date(2016, 3, 1)


def said_in(ex, text: str, day: dt.date = ELECTION_DAY) -> dict[str, tuple[str, str]]:
    """content -> (speaker, cue) of every statement the extractor `ex` finds in `text`."""
    return {s.content: (s.speaker, s.cue) for s in ex.extract(text, day)}


def find(stmts: list[Statement], fragment: str) -> Statement:
    hits = [s for s in stmts if fragment in s.content]
    assert hits, f"no statement containing {fragment!r}; got {[s.content for s in stmts]}"
    return hits[0]


def assert_offsets(text: str, s: Statement) -> None:
    assert text[s.content_span[0] : s.content_span[1]] == s.content
    if s.cue_span is not None:
        assert text[s.cue_span[0] : s.cue_span[1]] == s.cue
    if s.speaker_span is not None and s.speaker_id != s.speaker or s.speaker_span and text[slice(*s.speaker_span)].lower() not in ("he", "she", "it", "they"):
        assert text[s.speaker_span[0] : s.speaker_span[1]] == s.speaker
