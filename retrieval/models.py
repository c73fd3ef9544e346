"""The domain objects every part of newsbot speaks in.

`Answer.model_dump()` is what `newsbot ask --json` prints, and
`Statement.extract_json()` is one item of `newsbot extract --json`: keep their
field names stable, they are how the product is checked from outside.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, Field, model_serializer, model_validator


def passage_row_id(source_id: str, position: int) -> str:
    return f"{source_id}#{position}"


def statement_row_id(source_id: str, position: int) -> str:
    return f"{source_id}#s{position}"


def source_of(row_id: str) -> str:
    """The source of a passage or statement row id ("<source_id>#3", "<source_id>#s3")."""
    return row_id.rsplit("#", 1)[0]


class Article(BaseModel):
    """A readable article before it is split: what a loader produces."""

    source_id: str
    title: str
    text: str
    url: str = ""
    published: dt.date | None = None
    place: str = ""
    origin: str = ""  # the path or URL it was read from, for messages

    @property
    def content_hash(self) -> str:
        """What makes two articles the same, whatever their names: the text, spacing aside."""
        return hashlib.sha1(" ".join(self.text.split()).encode()).hexdigest()


class Source(BaseModel):
    """A stored article, as `newsbot sources --json` lists it."""

    source_id: str
    title: str
    url: str = ""
    published: str = ""  # YYYY-MM-DD or ""
    place: str = ""
    passages: int = 0
    statements: int = 0


class Passage(BaseModel):
    """A few sentences of one article, the unit of retrieval and citation."""

    passage_id: str
    source_id: str
    text: str
    position: int  # index of the passage within its article
    start: int  # character offset of `text` in the article text
    sentences: list[tuple[int, int]] = Field(default_factory=list)  # (start, end) in `text`, from ingest
    title: str = ""
    url: str = ""
    published: str = ""
    place: str = ""


class Statement(BaseModel):
    """One attributed statement: who said what, when and where.

    Offsets are character offsets into the text the extractor was given.
    """

    speaker: str
    speaker_id: str
    role: str = ""
    speaker_span: tuple[int, int] | None = None
    cue: str = ""
    cue_span: tuple[int, int] | None = None
    content: str
    # From the first character of the content to its last: where the statement lies (which passage
    # holds it, which sentences a citation quotes, what follows it). `content_spans` are the parts
    # the words said are made of, in order: more than one when the attribution interrupts them
    # ("The plan, she said, will cost more": [The plan] [will cost more]); `content` then joins them.
    content_span: tuple[int, int]
    content_spans: list[tuple[int, int]] = Field(default_factory=list)
    kind: Literal["direct", "indirect"]
    # Reported speech that is not a clause of saying ("endorsed Ida Holm", "accused Brill of
    # lying", "polls show that …"): the source's words from the cue to the end of the content,
    # rendered after the speaker instead of "said that …". "" for direct quotes and "said that".
    phrase: str = ""
    date: str = ""  # YYYY-MM-DD or ""
    date_assumed: bool = True
    place: str = ""
    # Filled in when stored: where the statement lives.
    source_id: str = ""
    passage_id: str = ""

    @model_validator(mode="after")
    def _one_part_by_default(self) -> Statement:
        # Most content is one stretch of text: its parts are its span, so every reader may rely on them.
        if not self.content_spans:
            self.content_spans = [self.content_span]
        return self

    def extract_json(self) -> dict:
        return self.model_dump(exclude={"source_id", "passage_id"})


class SourceRef(BaseModel):
    source_id: str
    title: str
    url: str = ""
    published: str = ""
    place: str = ""


class Citation(BaseModel):
    n: int
    source_id: str
    title: str
    url: str = ""
    published: str = ""
    place: str = ""
    quote: str
    # Other sources carrying the same text (wire copies), collapsed into this citation.
    also: list[SourceRef] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _omit_empty_also(self, handler):
        # Keeps the documented `ask --json` shape for the usual single-source citation.
        data = handler(self)
        if not data.get("also"):
            data.pop("also", None)
        return data


class UsedStatement(BaseModel):
    """A statement as `ask --json` reports it: `citation` is the `n` whose quote holds it."""

    speaker: str
    role: str = ""
    content: str
    kind: Literal["direct", "indirect"]
    date: str = ""
    place: str = ""
    citation: int


class Dropped(BaseModel):
    """A sentence of an LLM answer that the citation check removed, and why."""

    sentence: str
    reason: str


class Answer(BaseModel):
    question: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    statements: list[UsedStatement] = Field(default_factory=list)
    # Who wrote `answer`: the LLM (every sentence checked against its citations) or the extractive composer.
    composer: Literal["llm", "extractive"] = "extractive"
    dropped: list[Dropped] = Field(default_factory=list)  # an LLM's sentences that failed the check

    @property
    def found(self) -> bool:
        return bool(self.citations)

    def sources_cited(self) -> list[tuple[list[int], Citation]]:
        """Each cited source once, with all the numbers citing it: one source line per source."""
        grouped: dict[str, tuple[list[int], Citation]] = {}
        for citation in self.citations:
            grouped.setdefault(citation.source_id, ([], citation))[0].append(citation.n)
        return list(grouped.values())


class SourceFailure(BaseModel):
    origin: str
    reason: str
    transient: bool = False  # a network failure that may pass: worth trying again later


class Skipped(BaseModel):
    """A file in a folder that is not read as an article (hidden, a README, another format)."""

    origin: str
    reason: str


class IngestReport(BaseModel):
    """What one ingest run did, with counts a user can check."""

    new: list[str] = Field(default_factory=list)
    already_present: list[str] = Field(default_factory=list)
    failed: list[SourceFailure] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    passages: int = 0
    statements: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        skipped = f", {len(self.skipped)} files skipped" if self.skipped else ""
        return (
            f"{len(self.new)} new, {len(self.already_present)} already present, "
            f"{len(self.failed)} failed{skipped}; {self.passages} passages, {self.statements} statements"
        )
