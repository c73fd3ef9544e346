"""Feed items become plain text when their link can't be read."""

from __future__ import annotations

from bot.telegram.feeds import item_text


def test_item_html_is_read_as_plain_text():
    entry = {"summary": "<p>The minister <b>said</b> the port would reopen &amp; expand.</p>"}

    assert item_text(entry) == "The minister said the port would reopen & expand."


def test_item_content_is_preferred_to_its_summary():
    entry = {"summary": "short", "content": [{"value": "<div>The full story.</div>"}]}

    assert item_text(entry) == "The full story."
