"""How passages, statements and sources are kept as Chroma metadata, and read back."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from retrieval.models import Passage, Statement

if TYPE_CHECKING:
    from retrieval.store import ArticleRows


def date_ordinal(value: str) -> int:
    """Days since 0001-01-01 for a YYYY-MM-DD string, 0 when there is none: Chroma filters need numbers."""
    try:
        return dt.date.fromisoformat(value).toordinal()
    except ValueError:
        return 0


def source_fields(meta: dict) -> dict:
    keys = ("title", "url", "published", "place", "passages", "statements")
    return {k: meta[k] for k in keys if k in meta}


def passage_metadata(p: Passage) -> dict:
    return {
        "source_id": p.source_id,
        "title": p.title,
        "url": p.url,
        "published": p.published,
        "published_ord": date_ordinal(p.published),
        "place": p.place,
        "position": p.position,
        "start": p.start,
        "sentences": ",".join(f"{a}-{b}" for a, b in p.sentences),  # the passage's sentences, from ingest
    }


def passage_from(passage_id: str, text: str, meta: dict) -> Passage:
    return Passage(
        passage_id=passage_id,
        text=text,
        source_id=meta["source_id"],
        position=meta["position"],
        start=meta["start"],
        sentences=[tuple(map(int, span.split("-"))) for span in meta.get("sentences", "").split(",") if span],
        title=meta["title"],
        url=meta["url"],
        published=meta["published"],
        place=meta["place"],
    )


def _span_fields(name: str, span: tuple[int, int] | None) -> dict:
    start, end = span if span else (-1, -1)
    return {f"{name}_start": start, f"{name}_end": end}


def source_metadata(rows: ArticleRows) -> dict:
    article = rows.article
    return {
        "title": article.title,
        "url": article.url,
        "published": article.published.isoformat() if article.published else "",
        "place": article.place,
        "passages": len(rows.passages),
        "statements": len(rows.statements),
        "content_hash": article.content_hash,
    }


def statement_metadata(s: Statement) -> dict:
    return {
        "source_id": s.source_id,
        "passage_id": s.passage_id,
        "speaker": s.speaker,
        "speaker_id": s.speaker_id,
        "role": s.role,
        "cue": s.cue,
        "kind": s.kind,
        "phrase": s.phrase,
        "date": s.date,
        "date_ord": date_ordinal(s.date),
        "date_assumed": s.date_assumed,
        "place": s.place,
        **_span_fields("speaker", s.speaker_span),
        **_span_fields("cue", s.cue_span),
        **_span_fields("content", s.content_span),
        # Chroma keeps scalars only: the parts as "start-end" pairs, read back by `statement_from`.
        "content_parts": ",".join(f"{a}-{b}" for a, b in s.content_spans),
    }


def _span(meta: dict, name: str) -> tuple[int, int] | None:
    start, end = meta[f"{name}_start"], meta[f"{name}_end"]
    return None if start < 0 else (start, end)


def _parts(value: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split("-") for part in value.split(",") if part)]


def statement_from(content: str, meta: dict) -> Statement:
    return Statement(
        speaker=meta["speaker"],
        speaker_id=meta["speaker_id"],
        role=meta["role"],
        speaker_span=_span(meta, "speaker"),
        cue=meta["cue"],
        cue_span=_span(meta, "cue"),
        content=content,
        content_span=_span(meta, "content") or (0, 0),
        content_spans=_parts(meta.get("content_parts", "")),  # stores written before the field: the span
        kind=meta["kind"],
        phrase=meta.get("phrase", ""),  # stores written before the field have none
        date=meta["date"],
        date_assumed=meta["date_assumed"],
        place=meta["place"],
        source_id=meta["source_id"],
        passage_id=meta["passage_id"],
    )
