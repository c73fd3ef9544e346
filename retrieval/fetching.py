"""Fetching URLs that strangers chose: public addresses only, a total deadline, a size cap.

Everything the bot fetches (`/add`, feeds, feed items) comes from someone else, so:

- only http(s); the host is resolved once, every address it resolves to is checked
  (loopback, private, link-local, reserved, multicast, unspecified, IPv4-mapped forms
  unwrapped) and the connection goes to the address that was checked, so a second DNS
  answer cannot swap in an internal one. Redirects open new connections through the
  same check;
- one monotonic deadline covers the whole fetch: lookup, connect, TLS, headers, body,
  redirects and retries. A server that trickles bytes is cut off at the deadline, not
  after one timeout per read;
- the size cap is counted while streaming (and checked against Content-Length first);
- the content type is checked before the body is read;
- transient failures (refused or reset connections, 429, 502, 503, 504) are retried with
  backoff (tenacity) while the deadline allows; nothing else is retried.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import threading
import time
import typing
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import httpcore
import httpx
import tenacity

if typing.TYPE_CHECKING:
    from config import Settings

USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot)"
TRANSIENT_STATUS = frozenset({429, 502, 503, 504})

ARTICLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/markdown"})
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/xml", "text/xml", "text/plain",
})


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int
    timeout_s: float  # the whole fetch, redirects and retries included
    allow_private: bool = False
    max_redirects: int = 5
    attempts: int = 3

    @classmethod
    def of(cls, settings: Settings) -> FetchLimits:
        return cls(settings.max_source_bytes, settings.fetch_timeout_s, settings.allow_private_urls)


class FetchError(Exception):
    """A URL that could not be fetched; `transient` when trying again later may work."""

    def __init__(self, reason: str, transient: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str  # lower case, without parameters; "" if the server sent none
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    encoding: str | None = None

    @property
    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", errors="replace")


def valid_url(url: str) -> bool:
    """An absolute http(s) URL with a host."""
    try:
        parts = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return False
    return parts.scheme in {"http", "https"} and bool(parts.host) and not any(c.isspace() for c in url)


def refused_address(address: str) -> str:
    """Why this IP address may not be fetched from, or "" if it is a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address):
        ip = ip.ipv4_mapped or ip.sixtofour or ip  # ::ffff:10.0.0.1 is 10.0.0.1
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return f"{kind.replace('_', '-')} address {ip}"
    return "" if ip.is_global else f"non-public address {ip}"


def fetch(
    url: str,
    limits: FetchLimits,
    accept: Collection[str] = ARTICLE_TYPES,
    headers: Mapping[str, str] | None = None,
) -> Fetched:
    """GET `url` within `limits`; raises `FetchError` with a reason a user can read.

    A 304 (for conditional requests) and any other status come back as a `Fetched` with
    an empty body: the caller decides what a status means. Content types outside `accept`
    are refused before the body is read.
    """
    if not valid_url(url):
        raise FetchError("not a valid http:// or https:// URL")
    deadline = time.monotonic() + limits.timeout_s
    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(lambda e: isinstance(e, FetchError) and e.transient),
        stop=tenacity.stop_after_attempt(limits.attempts) | tenacity.stop_before_delay(limits.timeout_s),
        wait=tenacity.wait_exponential(multiplier=0.25, max=2.0),
        sleep=lambda seconds: time.sleep(min(seconds, max(0.0, deadline - time.monotonic()))),
        reraise=True,
    )
    return retrying(_fetch_once, url, limits, deadline, accept, headers or {})


def _fetch_once(
    url: str, limits: FetchLimits, deadline: float, accept: Collection[str], headers: Mapping[str, str]
) -> Fetched:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"timed out after {limits.timeout_s:g} s", transient=True)
    transport = _GuardedTransport(_GuardedBackend(deadline, limits.allow_private))
    client = httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(remaining),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        headers={"User-Agent": USER_AGENT, **headers},
        trust_env=False,  # a proxy from the environment would bypass the address check
    )
    try:
        with client, client.stream("GET", url) as response:
            return _read(response, limits, deadline, accept)
    except AddressRefused as error:
        raise FetchError(str(error)) from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {limits.max_redirects} redirects") from None
    except httpx.UnsupportedProtocol:
        raise FetchError("redirected to something that is not http(s)") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {limits.timeout_s:g} s", transient=True) from None
    except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as error:
        raise FetchError(f"connection failed ({error or type(error).__name__})", transient=True) from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise FetchError(str(error) or type(error).__name__) from None


def _read(response: httpx.Response, limits: FetchLimits, deadline: float, accept: Collection[str]) -> Fetched:
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    found = Fetched(str(response.url), response.status_code, content_type, b"", response.headers, response.encoding)
    if response.status_code in TRANSIENT_STATUS:
        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}", transient=True)
    if response.status_code != 200:
        return found
    if content_type and content_type not in accept:
        raise FetchError(f"unsupported content type {content_type}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"too large ({int(declared):,} bytes; the limit is {limits.max_bytes:,})")
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if len(body) > limits.max_bytes:
            raise FetchError(f"larger than the limit of {limits.max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {limits.timeout_s:g} s", transient=True)
    found.body = bytes(body)
    return found


class AddressRefused(Exception):
    """The host resolves to an address the bot must not connect to."""


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport, with its connection pool built on `_GuardedBackend`.

    httpx (pinned in pyproject) has no public parameter for httpcore's network backend,
    so the pool it made is replaced by an identical one that uses ours.
    """

    def __init__(self, backend: _GuardedBackend) -> None:
        context = _ssl_context()
        super().__init__(verify=context, trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=context, network_backend=backend)


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """httpx's default TLS context, built once: it reads the CA bundle, which every fetch would repeat."""
    return httpx.create_ssl_context()


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves, checks and connects to the checked address; every read and write ends by the deadline."""

    def __init__(self, deadline: float, allow_private: bool) -> None:
        self.deadline = deadline
        self.allow_private = allow_private
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port, _left(self.deadline, timeout))
        if not self.allow_private:
            for address in addresses:
                why = refused_address(address)
                if why:
                    raise AddressRefused(f"refused: {host} is a {why}; only public addresses are fetched")
        stream = self.inner.connect_tcp(
            addresses[0], port, timeout=_left(self.deadline, timeout),
            local_address=local_address, socket_options=socket_options,
        )
        return _DeadlineStream(stream, self.deadline)

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(0.0, self.deadline - time.monotonic())))


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self.inner = inner
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, timeout=_left(self.deadline, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, timeout=_left(self.deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        wrapped = self.inner.start_tls(ssl_context, server_hostname, timeout=_left(self.deadline, timeout))
        return _DeadlineStream(wrapped, self.deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self.inner.get_extra_info(info)


def _left(deadline: float, timeout: float | None, error: type[Exception] = httpcore.ConnectTimeout) -> float:
    """The time an operation may take: its own timeout, never past the deadline."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("deadline passed")
    return left if timeout is None else min(timeout, left)


def _resolve(host: str, port: int, timeout: float) -> list[str]:
    """The host's addresses, by the system resolver, within `timeout` (getaddrinfo has none)."""
    result: dict[str, typing.Any] = {}

    def lookup() -> None:
        try:
            result["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            result["error"] = error

    worker = threading.Thread(target=lookup, daemon=True, name="resolve")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"looking up {host} took too long")
    if "error" in result:
        raise httpcore.ConnectError(f"cannot resolve {host}: {result['error']}")
    addresses = list(dict.fromkeys(info[4][0] for info in result["infos"]))
    if not addresses:
        raise httpcore.ConnectError(f"{host} has no address")
    return addresses
