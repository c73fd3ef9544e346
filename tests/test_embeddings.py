"""Statement vectors are read in their passage: pooled from the pass that embeds the passage."""

from __future__ import annotations

import numpy as np

from retrieval import embeddings
from tests.conftest import store_of

TEXT = (
    "Harbour Council. The mayor praised the new cycle lanes along the river road. "
    "Separately, the farm minister warned that wheat and barley prices would rise this winter."
)


def _query(text: str) -> np.ndarray:
    return np.asarray(embeddings.shared()([text])[0])


def test_a_span_pooled_in_its_text_is_nearest_to_its_own_topic():
    vectors, (states,) = embeddings.shared().embed_with_states([TEXT])
    cycling = TEXT.index("The mayor")
    grain = TEXT.index("the farm minister")
    first = states.pooled([(cycling, TEXT.index(" Separately"))])
    second = states.pooled([(grain, len(TEXT))])
    bikes, bread = _query("bicycle paths in the city"), _query("the cost of cereal crops")
    assert first @ bikes > second @ bikes
    assert second @ bread > first @ bread
    # The whole text's vector is the one a plain call gives.
    assert np.allclose(vectors[0], embeddings.shared()([TEXT])[0], atol=1e-5)
    assert states.pooled([(len(TEXT) + 5, len(TEXT) + 9)]) is None  # no token there


def test_each_stored_statement_is_found_by_its_own_topic(data_dir):
    article = (
        "Mayor Lena Ostrova said the city would open two new cycle lanes along the river in spring. "
        "Farm minister Piet Garrow said that wheat and barley prices would rise sharply this winter. "
        '"We will not cut the school budget," Ostrova told reporters.'
    )
    bot = store_of(data_dir, article, "Council and ministry")
    for query, speaker, words in [
        ("bicycle paths in the city", "Lena Ostrova", "cycle lanes"),
        ("the cost of cereal crops", "Piet Garrow", "wheat"),
        ("money for schools", "Lena Ostrova", "school budget"),
    ]:
        (best, *_) = bot.store.nearest("statements", _query(query), 3)
        statement = bot.store.statements_by_id([best.id])[best.id]
        assert statement.speaker_id == speaker and words in statement.content, (query, statement)
