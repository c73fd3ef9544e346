"""Headlines in Title Case hide their verb from the tagger: "Senator Promises Action On Rents"
comes out as one long proper name. A headline's inflected cue verbs ("Promises", "Endorses",
"Warned") are lowercased before parsing (same length, so every offset holds); base forms are
left alone because they double as names ("Post", "Call")."""

from __future__ import annotations

import re

from retrieval.attribution.frames import frame_forms, lemma_of
from retrieval.speech_verbs import SPEECH_FORMS

_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _inflected_cues() -> set[str]:
    forms = {f for f in set(SPEECH_FORMS) | frame_forms() if f.endswith(("s", "ed"))}
    return {f for f in forms if (SPEECH_FORMS.get(f) or lemma_of(f)) != f}


_CUES = _inflected_cues()


def is_headline(unit: str) -> bool:
    words = _WORD.findall(unit)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.7 * len(words) and not unit.rstrip().endswith((".", "?", "!"))


def sentence_case_cues(unit: str) -> str:
    """`unit` with a headline's inflected cue verbs lowercased (other text unchanged)."""
    if not is_headline(unit):
        return unit
    return _WORD.sub(lambda m: m.group(0).lower() if m.start() > 0 and m.group(0).lower() in _CUES else m.group(0), unit)
