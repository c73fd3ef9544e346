"""Irregular verb forms ("bought" of "buy", "led" of "lead", "dove" of "dive"), which "-ed"
patterns don't recognise as verbs.

They come from the WordNet exception lists that spaCy's English pipeline ships in its lemmatizer
(`lemma_exc`, table "verb": ~2,400 forms; the pipeline package is MIT-licensed, the lists are
under the WordNet 3.0 license), read from the installed package's files: no parse, no download.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from retrieval.sentences import MODEL


@cache
def irregular_past() -> frozenset[str]:
    """Irregular past forms and participles ("bought", "led", "dove", "born"): the exception list's
    forms other than the verb itself and its "-ing" participle. After a sentence's subject they
    are mostly its finite verb; a passive ("was born") is told apart by the caller."""
    from spacy.lookups import Lookups

    package = Path(importlib.import_module(MODEL).__file__).parent
    lookups = Lookups().from_disk(next(package.glob("*/lemmatizer/lookups")))
    verbs = lookups.get_table("lemma_exc")["verb"]
    return frozenset(form for form, lemmas in verbs.items()
                     if lemmas and form != lemmas[0] and "_" not in form and not form.endswith("ing"))
