"""Countries under their other names: "Norwegian" is about Norway, "Holland" is the Netherlands.

A question may name a country by its adjective or demonym while the articles name the country,
or the other way round; knowing one form is knowing the others. The forms come from the data
files of the `countryinfo` package (MIT licence; its data follows the REST Countries project):
each country's name, alternative spellings and demonym. They are read on first use only, so
questions that name no country never pay for them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def other_forms(word: str) -> set[str]:
    """The other names of the country `word` names in any form ("Dutch" -> {"Netherlands", "Holland", …})."""
    forms = _forms_by_name().get(word.lower(), ())
    return {form for form in forms if form.lower() != word.lower()}


@lru_cache(maxsize=1)
def _forms_by_name() -> dict[str, tuple[str, ...]]:
    """Every form of every country, lower-cased, to all forms of that country. A demonym shared by
    several countries ("Congolese") maps to all their forms."""
    by_name: dict[str, set[str]] = {}
    for entry in resources.files("countryinfo").joinpath("data").iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text("utf-8"))
        names = [data.get("name") or "", data.get("demonym") or "", data.get("nativeName") or ""]
        names += [n for n in data.get("altSpellings") or [] if len(n) > 3]  # not the ISO codes ("NO", "NLD")
        forms = {n.strip() for n in names if n and n.strip()}
        for form in forms:
            by_name.setdefault(form.lower(), set()).update(forms)
    return {name: tuple(sorted(forms)) for name, forms in by_name.items()}
