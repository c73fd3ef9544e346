"""A scriptable web site on 127.0.0.1 for fetch and feed tests: routes, a request log, bad behaviour."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    trickle_s: float = 0.0  # pause between single bytes of the body
    chunked: bool = False  # no Content-Length


Route = Page | Callable[[http.server.BaseHTTPRequestHandler], Page]


@dataclass
class Site:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (path, headers)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


@contextmanager
def serve(site: Site | None = None) -> Iterator[Site]:
    site = site or Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 — http.server's naming
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path, Page(b"not found", "text/plain", 404))
            page = route(self) if callable(route) else route
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if page.chunked or page.trickle_s:
                self.send_header("Connection", "close")
            else:
                self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            try:
                if page.trickle_s:
                    for byte in page.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(page.trickle_s)
                else:
                    self.wfile.write(page.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should
            if page.chunked or page.trickle_s:
                self.close_connection = True

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
