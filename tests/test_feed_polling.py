"""Feeds are written by strangers: links stay links, polls are conditional, passing failures retried."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from bot.telegram.feeds import FeedStore, poll_feed
from tests.site import Page, serve

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>{items}</channel></rss>"""
ITEM = "<item><title>{title}</title><link>{link}</link><guid>{guid}</guid><description>{text}</description></item>"
ARTICLE = (
    "<html><head><title>Ferry line reopens</title></head><body><article><h1>Ferry line reopens</h1>"
    "<p>The harbour master, Ines Walder, said on Monday that the northern ferry line would reopen in May "
    "after two years of repairs to the pier.</p><p>\"We owe the islanders a reliable crossing,\" Walder said "
    "at a briefing in the port office.</p></article></body></html>"
).encode()


def rss(*items: str) -> Page:
    return Page(RSS.format(items="".join(items)).encode(), "application/rss+xml",
                headers={"Last-Modified": formatdate(usegmt=True)})


def item(title: str, link: str, guid: str, text: str = "") -> str:
    return ITEM.format(title=title, link=link, guid=guid, text=text)


@pytest.fixture
def feeds(settings) -> FeedStore:
    return FeedStore(settings.data_dir)


def all_text(newsbot) -> str:
    return " ".join(doc for _, doc, _ in newsbot.store.all_documents("passages"))


@pytest.mark.parametrize("make_link", [lambda path: str(path), lambda path: path.as_uri()], ids=["local path", "file URL"])
async def test_an_item_linking_a_local_file_reads_nothing_and_the_rest_is_ingested(
    newsbot, settings, feeds, tmp_path, make_link
):
    secret = tmp_path / "secrets.txt"
    secret.write_text("The vault code is 4711 and the admin password is hunter2.", "utf-8")
    with serve() as site:
        site.routes["/ferry.html"] = Page(ARTICLE)
        site.routes["/feed.xml"] = rss(
            item("Secrets", make_link(secret), "1"),
            item("Ferry line reopens", site.url("/ferry.html"), "2"),
        )
        feeds.add(site.url("/feed.xml"), "Harbour News", None)

        result = await poll_feed(feeds, newsbot, site.url("/feed.xml"), settings)

    assert "4711" not in all_text(newsbot) and "hunter2" not in all_text(newsbot)
    assert "northern ferry line" in all_text(newsbot)
    assert result.ingested == 1 and result.new_items == 2


async def test_a_file_link_is_refused_with_a_reason(newsbot, settings, feeds, tmp_path):
    with serve() as site:
        site.routes["/feed.xml"] = rss(item("Passwords", "file:///etc/passwd", "1", "A summary to fall back on."))
        feeds.add(site.url("/feed.xml"), "Harbour News", None)

        result = await poll_feed(feeds, newsbot, site.url("/feed.xml"), settings)

    assert result.ingested == 0
    assert "refused link 'file:" in result.failed[0] and "not an http(s) URL" in result.failed[0]
    assert newsbot.sources() == []


async def test_relative_links_are_resolved_against_the_feed(newsbot, settings, feeds):
    with serve() as site:
        site.routes["/news/ferry.html"] = Page(ARTICLE)
        site.routes["/news/feed.xml"] = rss(item("Ferry line reopens", "ferry.html", "1"))
        feeds.add(site.url("/news/feed.xml"), "Harbour News", None)

        result = await poll_feed(feeds, newsbot, site.url("/news/feed.xml"), settings)

    assert result.ingested == 1
    assert [s.url for s in newsbot.sources()] == [site.url("/news/ferry.html")]


async def test_an_unchanged_feed_is_not_downloaded_again(newsbot, settings, feeds):
    with serve() as site:
        page = rss(item("Ferry line reopens", "/ferry.html", "1"))
        site.routes["/ferry.html"] = Page(ARTICLE)

        def conditional(handler) -> Page:
            unchanged = handler.headers.get("If-Modified-Since") == page.headers["Last-Modified"]
            return Page(status=304, headers={}) if unchanged else page

        site.routes["/feed.xml"] = conditional
        feeds.add(site.url("/feed.xml"), "Harbour News", None)

        await poll_feed(feeds, newsbot, site.url("/feed.xml"), settings)
        second = await poll_feed(feeds, newsbot, site.url("/feed.xml"), settings)

    polls = [headers for path, headers in site.requests if path == "/feed.xml"]
    assert "if-modified-since" not in polls[0]
    assert polls[1]["if-modified-since"] == page.headers["Last-Modified"]
    assert second.error == "" and second.new_items == 0


async def test_an_item_that_failed_for_a_passing_reason_is_tried_at_the_next_poll(newsbot, settings, feeds):
    with serve() as site:
        site.routes["/feed.xml"] = rss(item("Ferry line reopens", "/ferry.html", "1", "Only a teaser."))
        site.routes["/ferry.html"] = Page(b"overloaded", "text/plain", 503)
        feeds.add(site.url("/feed.xml"), "Harbour News", None)

        first = await poll_feed(feeds, newsbot, site.url("/feed.xml"), settings)
        site.routes["/ferry.html"] = Page(ARTICLE)
        second = await poll_feed(feeds, newsbot, site.url("/feed.xml"), settings)

    assert first.ingested == 0 and "will try again" in first.failed[0]
    assert second.ingested == 1
    assert "northern ferry line" in all_text(newsbot) and "Only a teaser" not in all_text(newsbot)


async def test_a_feed_that_returns_a_web_page_is_named_as_such(newsbot, settings, feeds):
    with serve() as site:
        site.routes["/feed.xml"] = Page(ARTICLE)
        feeds.add(site.url("/feed.xml"), "Harbour News", None)

        result = await poll_feed(feeds, newsbot, site.url("/feed.xml"), settings)

    assert "is a web page, not an RSS or Atom feed" in result.error
