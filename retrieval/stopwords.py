"""spaCy's English stop words without importing spaCy (~0.5 s of a fresh `newsbot ask`).

The list is spaCy's own file, a plain module of sets, loaded by path: finding the
package does not run its __init__, which imports the whole library.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _load() -> frozenset[str]:
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("spaCy is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_spacy_en_stop_words", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


STOP_WORDS = _load()
