"""The pipeline's attribute ruler (tag → POS, morphology and a few lemmas), applied by lookup.

spaCy's AttributeRuler runs each of its ~180 rules as a Matcher pattern over every token: about a
sixth of an extraction's time, more than the parser. Most rules look at one token's TAG and LOWER
only; here those become dictionary lookups, merged once per (tag, word), and only the rest (several
tokens, DEP, IS_SPACE, regular expressions) still go through a Matcher. Rules apply in the ruler's
order, a later one overriding an earlier one, as spaCy's do, so the tokens come out the same
(`tests/test_attribution.py` compares both over bundled articles; 1,954 sentences of the corpus and
PolNeAR train were compared once, by hand).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_LOOKUP_KEYS = {"TAG", "LOWER"}


def use_lookup_ruler(nlp: Language) -> None:
    """Swap the pipeline's attribute ruler for a `LookupRuler` with the same rules, in place."""
    ruler = nlp.get_pipe("attribute_ruler")
    nlp.replace_pipe("attribute_ruler", "lookup_attribute_ruler")
    nlp.get_pipe("attribute_ruler").take_rules(ruler)


@Language.factory("lookup_attribute_ruler")
def _make_lookup_ruler(nlp: Language, name: str) -> LookupRuler:
    return LookupRuler(nlp.vocab)


class LookupRuler:
    """A drop-in for a loaded AttributeRuler component, built from its rules (`take_rules`)."""

    def __init__(self, vocab: Any) -> None:
        self.attrs: list[dict] = []
        self.indices: list[int] = []
        self.by_tag: dict[str, list[int]] = defaultdict(list)
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.matcher = Matcher(vocab)
        self.strings = vocab.strings
        self._merged: dict[tuple[str, str], dict] = {}

    def take_rules(self, ruler: Any) -> None:
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        for rule, entry in enumerate(ruler.patterns):
            patterns = entry["patterns"]
            if all(_is_lookup(p) for p in patterns):
                for pattern in patterns:
                    self._index(rule, pattern[0])
            else:
                self.matcher.add(str(rule), patterns)

    def _index(self, rule: int, token: dict) -> None:
        tags, words = _values(token.get("TAG")), _values(token.get("LOWER"))
        for tag in tags or [None]:
            for word in words or [None]:
                if tag is not None and word is not None:
                    self.by_pair[(word, tag)].append(rule)
                elif tag is not None:
                    self.by_tag[tag].append(rule)
                else:
                    self.by_word[word].append(rule)

    def _rules_for(self, word: str, tag: str) -> list[int]:
        return sorted(self.by_tag.get(tag, []) + self.by_word.get(word, []) + self.by_pair.get((word, tag), []))

    def _merged_attrs(self, word: str, tag: str) -> dict:
        key = (word, tag)
        merged = self._merged.get(key)
        if merged is None:
            merged = {}
            for rule in self._rules_for(word, tag):
                merged.update(self.attrs[rule])
            if len(self._merged) < 200_000:  # bounded: words are open-ended
                self._merged[key] = merged
        return merged

    def __call__(self, doc: Doc) -> Doc:
        others: dict[int, list[int]] = defaultdict(list)  # token → rules matched by the Matcher
        for match_id, start, end in self.matcher(doc, allow_missing=True):
            rule = int(self.strings[match_id])
            others[doc[start:end][self.indices[rule]].i].append(rule)
        for token in doc:
            if token.i not in others:
                attrs = self._merged_attrs(token.lower_, token.tag_)
                if attrs:
                    set_token_attrs(token, attrs)
                continue
            for rule in sorted(self._rules_for(token.lower_, token.tag_) + others[token.i]):
                set_token_attrs(token, self.attrs[rule])
        return doc


def _is_lookup(pattern: list[dict]) -> bool:
    """One token, tested on TAG and LOWER only, each by a string or an IN list of strings."""
    if len(pattern) != 1 or not pattern[0] or set(pattern[0]) - _LOOKUP_KEYS:
        return False
    return all(_values(v) is not None for v in pattern[0].values())


def _values(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
        return list(value["IN"])
    return None  # a regex, NOT_IN, …: the Matcher's job
