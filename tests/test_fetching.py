"""Fetching URLs that strangers chose: public addresses only, a total deadline, caps, retries."""

from __future__ import annotations

import time

import pytest

from retrieval.fetching import FetchError, FetchLimits, fetch, refused_address
from tests.site import Page, serve

ALLOW = FetchLimits(max_bytes=10_000, timeout_s=2.0, allow_private=True)
PUBLIC_ONLY = FetchLimits(max_bytes=10_000, timeout_s=2.0)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.0.0.7", "172.16.4.4", "192.168.1.1", "169.254.169.254",
        "0.0.0.0", "224.0.0.251", "240.0.0.1", "100.64.0.1",
        "::1", "::", "fe80::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:a00:1::",
    ],
)
def test_local_private_and_reserved_addresses_are_refused(address):
    assert refused_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "::ffff:93.184.215.14"])
def test_public_addresses_are_allowed(address):
    assert refused_address(address) == ""


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "2130706433"])
def test_a_loopback_server_is_never_contacted_without_the_flag(host):
    with serve() as site:
        site.routes["/secret"] = Page(b"internal data")
        port = site.base.rsplit(":", 1)[1]

        with pytest.raises(FetchError, match="refused") as refused:
            fetch(f"http://{host}:{port}/secret", PUBLIC_ONLY)

        assert not refused.value.transient
        assert site.requests == []  # the check happens before connecting


def test_with_the_flag_a_loopback_server_is_read():
    with serve() as site:
        site.routes["/page"] = Page(b"<p>hello</p>")

        fetched = fetch(site.url("/page"), ALLOW)

    assert (fetched.status, fetched.content_type, fetched.text) == (200, "text/html", "<p>hello</p>")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "/etc/passwd", "ftp://example.org/a", "http://", "http://[::1"])
def test_only_http_urls_are_fetched(url):
    with pytest.raises(FetchError, match="not a valid http"):
        fetch(url, ALLOW)


def test_a_redirect_to_a_local_file_is_refused():
    with serve() as site:
        site.routes["/go"] = Page(status=302, headers={"Location": "file:///etc/passwd"})

        with pytest.raises(FetchError, match="not http"):
            fetch(site.url("/go"), ALLOW)


def test_redirects_are_capped():
    with serve() as site:
        site.routes["/loop"] = Page(status=302, headers={"Location": "/loop"})

        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetch(site.url("/loop"), ALLOW)

    assert site.hits("/loop") == 6


def test_a_trickling_server_is_cut_off_at_the_deadline():
    with serve() as site:
        site.routes["/trickle"] = Page(b"x" * 200, "text/plain", trickle_s=0.05)  # 10 s in all
        started = time.monotonic()

        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetch(site.url("/trickle"), FetchLimits(10_000, timeout_s=1.0, allow_private=True, attempts=1))

        assert time.monotonic() - started < 2.0


def test_the_size_cap_is_counted_while_streaming():
    with serve() as site:
        site.routes["/big"] = Page(b"y" * 50_000, "text/plain", chunked=True)  # no Content-Length to trust

        with pytest.raises(FetchError, match="larger than the limit of 10,000 bytes"):
            fetch(site.url("/big"), ALLOW)


def test_an_announced_size_over_the_cap_is_refused_before_reading():
    with serve() as site:
        site.routes["/big"] = Page(b"y" * 50_000, "text/plain")

        with pytest.raises(FetchError, match="too large \\(50,000 bytes"):
            fetch(site.url("/big"), ALLOW)


def test_content_types_outside_the_accepted_ones_are_refused():
    with serve() as site:
        site.routes["/photo"] = Page(b"\x89PNG....", "image/png")

        with pytest.raises(FetchError, match="unsupported content type image/png"):
            fetch(site.url("/photo"), ALLOW)


def test_transient_errors_are_retried_with_backoff():
    with serve() as site:
        answers = iter([Page(b"busy", "text/plain", 503), Page(b"busy", "text/plain", 503)])
        site.routes["/flaky"] = lambda _: next(answers, Page(b"<p>at last</p>"))

        fetched = fetch(site.url("/flaky"), FetchLimits(10_000, timeout_s=5.0, allow_private=True))

    assert fetched.text == "<p>at last</p>"
    assert site.hits("/flaky") == 3


def test_permanent_errors_are_not_retried():
    with serve() as site:
        fetched = fetch(site.url("/missing"), ALLOW)

    assert fetched.status == 404
    assert site.hits("/missing") == 1


def test_transient_failures_that_last_say_so():
    with serve() as site:
        site.routes["/down"] = Page(b"", "text/plain", 503)

        with pytest.raises(FetchError) as failure:
            fetch(site.url("/down"), FetchLimits(10_000, timeout_s=3.0, allow_private=True))

    assert failure.value.transient and "503" in failure.value.reason
    assert site.hits("/down") == 3
