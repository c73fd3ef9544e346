"""A small OpenAI-compatible server on 127.0.0.1 for the LLM tests: /v1/chat/completions,
streamed (server-sent events) or whole, as llama.cpp, vLLM and Ollama's /v1 speak it.

What it answers is the test's choice: a `Script` of replies (text, an HTTP error status, or a
stall), each streamed word by word with an optional pause. Every request body is kept, so a
test can read exactly what the real client (langchain-openai) sent.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Script:
    replies: list[str | int] = field(default_factory=list)  # text, or an HTTP status to fail with; the last repeats
    pause_s: float = 0.0  # between streamed pieces
    stall_s: float = 0.0  # before answering at all
    requests: list[dict] = field(default_factory=list)

    def next_reply(self) -> str | int:
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    script: Script

    def do_POST(self):  # noqa: N802 - http.server's naming
        try:
            self._answer()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test): nothing to do
            self.close_connection = True

    def _answer(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if not self.path.rstrip("/").endswith("/chat/completions"):
            return self._json(404, {"error": {"message": f"no route {self.path}"}})
        self.script.requests.append(body)
        time.sleep(self.script.stall_s)
        reply = self.script.next_reply()
        if isinstance(reply, int):
            return self._json(reply, {"error": {"message": "the model is overloaded", "type": "server_error"}})
        if body.get("stream"):
            return self._stream(body.get("model", ""), reply)
        message = {"role": "assistant", "content": reply}
        return self._json(200, {
            "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": body.get("model", ""),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })

    def _stream(self, model: str, text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        pieces = re.findall(r"\S+\s*|\s+", text)
        deltas = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces] + [{}]
        for i, delta in enumerate(deltas):
            finish = "stop" if i == len(deltas) - 1 else None
            chunk = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
            if 0 < i < len(deltas) - 1:
                time.sleep(self.script.pause_s)
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True

    def _json(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:  # keep test output clean
        pass


@contextlib.contextmanager
def openai_server(script: Script) -> Iterator[str]:
    """Serve `script` on a free 127.0.0.1 port; yields the base URL (…/v1) for NEWSBOT_LLM_BASE_URL."""
    handler = type("ScriptedHandler", (_Handler,), {"script": script})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
