"""Statements the rules missed, asked of the LLM as structured output (NEWSBOT_LLM_EXTRACT_STATEMENTS).

Only passages where the rules found nothing, and that hold a quotation mark or a speech verb,
are sent: one call each. The model returns pydantic `FoundStatement`s through LangChain's
`with_structured_output`; every span it gives (speaker, content, cue, role) must be found
verbatim in the passage, else the statement is discarded — the model may point at the text,
never add to it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from retrieval.dates import resolve_date
from retrieval.attribution.places import dateline_city
from retrieval.models import Passage, Statement

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

logger = logging.getLogger(__name__)

_WORTH_ASKING = re.compile(r"[\"“”«»„]|\b(?:said|says|told|according to|stated|announced|added|wrote|warned)\b", re.I)

INSTRUCTIONS = """List the statements attributed to someone in the passage below: who said what.
Copy every field exactly from the passage, character for character: the speaker's name as written,
their role if the passage gives one, the words said (for a direct quote, the words inside the
quotation marks), and the verb that reports them. kind is "direct" for words in quotation marks,
"indirect" for reported speech. Return an empty list if nobody is quoted or reported.

Passage:
"""


class FoundStatement(BaseModel):
    """One statement as the model reports it: spans of the passage, copied."""

    speaker: str = Field(description="the speaker's name exactly as in the passage")
    role: str = Field("", description="the speaker's role or title exactly as in the passage, or empty")
    content: str = Field(description="what was said, copied exactly from the passage")
    kind: Literal["direct", "indirect"]
    cue: str = Field("", description="the reporting verb exactly as in the passage, e.g. said")


class FoundStatements(BaseModel):
    statements: list[FoundStatement] = Field(default_factory=list)


class StatementFinder:
    def __init__(self, model: BaseChatModel) -> None:
        self.structured = model.with_structured_output(FoundStatements)

    def find(self, passage: Passage, published: dt.date | None, place: str) -> list[Statement]:
        """The passage's statements by the model whose every span is in the passage; [] on any error."""
        if not _WORTH_ASKING.search(passage.text):
            return []
        try:
            found: FoundStatements = self.structured.invoke(INSTRUCTIONS + passage.text)
        except Exception as error:  # extraction is a bonus: a failure must not fail the ingest
            logger.warning("LLM statement extraction failed for %s (%s: %s)", passage.passage_id, type(error).__name__, error)
            return []
        out = []
        for item in found.statements:
            statement = _anchored(item, passage, published, place)
            if statement is None:
                logger.info("Discarded an LLM statement not verbatim in %s: %r", passage.passage_id, item.content[:80])
            else:
                out.append(statement)
        return out


def _anchored(item: FoundStatement, passage: Passage, published: dt.date | None, place: str) -> Statement | None:
    """The statement with its spans in article offsets, or None when any span is not in the passage."""
    content = _span(passage, item.content.strip())
    speaker = _span(passage, item.speaker.strip())
    cue = _span(passage, item.cue.strip()) if item.cue.strip() else None
    role_ok = not item.role.strip() or item.role.strip() in passage.text
    if content is None or speaker is None or (item.cue.strip() and cue is None) or not role_ok:
        return None
    region = passage.text[max(0, speaker[0] - passage.start - 200) : content[1] - passage.start + 200]
    day, _ = resolve_date(region, published)
    return Statement(
        speaker=item.speaker.strip(), speaker_id=item.speaker.strip(), role=item.role.strip(), speaker_span=speaker,
        cue=item.cue.strip(), cue_span=cue, content=item.content.strip(), content_span=content, kind=item.kind,
        date=(day or published).isoformat() if (day or published) else "", date_assumed=day is None,
        place=dateline_city(place), source_id=passage.source_id, passage_id=passage.passage_id,
    )


def _span(passage: Passage, text: str) -> tuple[int, int] | None:
    at = passage.text.find(text) if text else -1
    return None if at < 0 else (passage.start + at, passage.start + at + len(text))
