"""What the dependency rules find in one parsed unit, before speakers are resolved at article level."""

from __future__ import annotations

from dataclasses import dataclass, field

from retrieval.attribution.speaker_np import SpeakerNP


@dataclass
class Candidate:
    kind: str  # direct | indirect
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: SpeakerNP | None  # None: inherit from the neighbouring statement
    unit: int
    quote_idx: int = -1  # index into the article's quote list for direct quotes
    continues: bool = False  # the quote continues the previous quote (no cue of its own)
    blank: list[tuple[int, int]] = field(default_factory=list)  # ranges to hide from date/place search
    co_speaker: bool = False  # a second speaker of the same words ("Smith and Jones said")
    ante: str = ""  # the name a he/she subject must refer to (same sentence), "" if open
    phrase: tuple[int, int] | None = None  # cue (with its auxiliaries) to content end, for learned frames
    weak: bool = False  # from a frame people mark only sometimes (see frames.py)
    known_only: bool = False  # the speaker, a bare word, counts only as a person the article names elsewhere
    # The pieces of `content` when an attribution interrupts it ("The plan, she said, will cost
    # more"); empty when the content is one stretch. `content` is then their hull.
    parts: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Mention:
    pos: int
    text: str
    label: str  # PERSON | ORG
    is_subject: bool
    role: str = ""
