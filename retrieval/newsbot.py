"""The one facade both front ends call."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from config import Settings
from retrieval.models import Answer, IngestReport, Source, Statement

# progress(done, total, label) is called as sources finish during an ingest.
Progress = Callable[[int, int, str], None]


class Newsbot:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def ingest(self, targets: Iterable[str], progress: Progress | None = None) -> IngestReport:
        """Ingest files, directories and http(s) URLs."""
        raise NotImplementedError

    def ingest_text(self, text: str, title: str = "", url: str = "", source_id: str = "") -> IngestReport:
        """Ingest pasted text (a seed-format first line is honoured)."""
        raise NotImplementedError

    def ingest_bytes(self, data: bytes, filename: str) -> IngestReport:
        """Ingest an uploaded file, its format chosen by the file name's extension."""
        raise NotImplementedError

    def ask(self, question: str, previous: Answer | None = None) -> Answer:
        """Answer with citations; `previous` is the last answer in this conversation, for follow-ups."""
        raise NotImplementedError

    def statements_by(self, name: str, limit: int = 8) -> Answer:
        """A person's most recent statements across sources, dated and cited."""
        raise NotImplementedError

    def sources(self) -> list[Source]:
        raise NotImplementedError

    def remove(self, source_id: str) -> bool:
        raise NotImplementedError

    def extract(self, text: str) -> list[Statement]:
        """Attributed statements of one plain-text article, offsets into `text` as given."""
        raise NotImplementedError
