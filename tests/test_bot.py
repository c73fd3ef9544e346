"""End-to-end tests of the Telegram front end through the Bot API emulator (tests/botapi).

Each test starts a real python-telegram-bot Application that reaches the emulator only
through `base_url`, and acts as users/channels through the emulator's /_test API.
"""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

from bot.telegram.formatting import MAX_MESSAGE, render_answer, render_sources
from bot.telegram.replies import typing
from retrieval.models import Answer, Citation
from tests.bot_fixtures import (  # noqa: F401 - fixtures
    ADMIN_ID,
    USER_ID,
    api,
    bot,
    bot_settings,
    emulator,
    engine,
    free_port,
    running_bot,
)
from tests.botapi.html_entities import parse_html

QUESTION = "When will the new Lisbon airport open?"


# 1. base_url, long polling, webhook -------------------------------------------------------------

async def test_private_question_is_answered_with_cited_html(api, bot):
    sent = await api.send(USER_ID, QUESTION)
    reply = await api.reply_to(USER_ID, sent["message"]["message_id"])
    assert reply["parse_mode"] == "HTML"
    assert "2034" in reply["text"] and "[1]" in reply["text"] and "Sources" in reply["text"]
    links = [e for e in reply["entities"] if e["type"] == "text_link"]
    assert links and links[0]["url"] == "https://news.example/lisbon-airport"
    assert "2025-03-14" in reply["text"] and "Lisbon" in reply["text"]


async def test_typing_shows_while_an_answer_takes_more_than_a_moment_and_not_before(api, bot):
    context = SimpleNamespace(bot=bot.bot)  # what a handler's context offers
    chat = USER_ID + 7

    def typing_calls(calls: list[dict]) -> list[dict]:
        return [c for c in calls if c["params"].get("action") == "typing" and int(c["params"]["chat_id"]) == chat]

    async with typing(context, chat, after=0.5):
        await asyncio.sleep(0.05)  # a quick answer
    await asyncio.sleep(0.7)  # past `after`: a forgotten action would have been sent by now
    assert not typing_calls(await api.calls("sendChatAction"))

    async with typing(context, chat, after=0.2, every=0.3):
        await asyncio.sleep(0.9)  # a slow one: shown, and renewed
    shown = typing_calls(await api.calls("sendChatAction"))
    assert len(shown) >= 2
    await asyncio.sleep(0.5)
    assert len(typing_calls(await api.calls("sendChatAction"))) == len(shown)  # none after the block


async def test_webhook_mode(api, emulator, engine, tmp_path):
    port = free_port()
    settings = bot_settings(emulator, tmp_path, webhook_url=f"http://127.0.0.1:{port}/telegram", webhook_port=port)
    async with running_bot(settings, engine):
        hooks = [c for c in await api.calls("setWebhook") if c["params"]["url"].endswith(f":{port}/telegram")]
        assert hooks and hooks[-1]["params"]["secret_token"]
        sent = await api.send(USER_ID + 1, QUESTION, user_id=USER_ID + 1)
        reply = await api.reply_to(USER_ID + 1, sent["message"]["message_id"])
        assert "2034" in reply["text"]


# 2. private chat: splitting, fallback, follow-ups ------------------------------------------------

def test_long_answer_splits_on_lines_with_balanced_tags():
    citations = [
        Citation(n=i, source_id=f"s{i}", title=f"Story <{i}> & more " * 8, url=f"https://x.example/{i}?a=1&b=2",
                 published="2025-01-01", place="Porto", quote="q")
        for i in range(1, 80)
    ]
    answer = Answer(question="q", answer=("Long sentence with <tags> & ampersands [1]. " * 200).strip(), citations=citations)
    chunks = render_answer(answer)
    assert len(chunks) > 2
    for chunk in chunks:
        text, _ = parse_html(chunk)  # raises if a tag is broken
        assert len(chunk) <= MAX_MESSAGE
    assert sum(c.count("<a href=") for c in chunks) == len(citations)


def test_each_source_is_listed_once_with_every_number_citing_it():
    lisbon = dict(source_id="lisbon", title="Lisbon airport to open in 2034", url="https://news.example/lisbon",
                  published="2025-03-14", place="Lisbon")
    answer = Answer(question="q", answer="The minister said so [1]. The opposition disagreed [2]. Another view [3].",
                    citations=[Citation(n=1, quote="a", **lisbon), Citation(n=2, quote="b", **lisbon),
                               Citation(n=3, source_id="porto", title="Porto metro", quote="c")])

    text, _ = parse_html(render_answer(answer)[0])

    assert text.count("Lisbon airport to open in 2034") == 1
    assert "[1][2] Lisbon airport to open in 2034 — 2025-03-14, Lisbon" in text and "[3] Porto metro" in text


async def test_long_reply_is_split_into_valid_messages(api, bot, engine):
    topic = "for the Atlantic islands, the Azores archipelago and the western coast of the Iberian peninsula " * 6
    records = [
        {"id": f"filler-{i}", "title": f"Regional weather bulletin number {i} {topic}".strip(), "published": "2025-02-01",
         "text": f"Bulletin {i}: the weather office in Ponta Delgada expects light rain and strong wind."}
        for i in range(8)
    ]
    report = engine.ingest_bytes("\n".join(json.dumps(r) for r in records).encode(), "bulletins.jsonl")
    assert len(report.new) == 8, report.summary()
    expected = render_sources(engine.sources())
    assert len(expected) >= 2
    sent = await api.send(ADMIN_ID, "/sources", user_id=ADMIN_ID)
    messages = await api.sent(ADMIN_ID, after=sent["message"]["message_id"], min_count=len(expected))
    assert [m["raw"] for m in messages] == expected
    assert all(m["parse_mode"] == "HTML" and len(m["text"]) <= 4096 for m in messages)
    assert sum(m["text"].count("Regional weather bulletin") for m in messages) == 8


async def test_cant_parse_entities_falls_back_to_plain_text(api, bot):
    chat = USER_ID + 2
    await api.fault("sendMessage", 400, "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0",
                    parse_mode_only=True)
    sent = await api.send(chat, QUESTION, user_id=chat)
    reply = await api.reply_to(chat, sent["message"]["message_id"])
    assert reply["parse_mode"] == "" and "2034" in reply["text"] and "Sources" in reply["text"]
    assert "<a href" not in reply["text"]


async def test_follow_up_uses_the_previous_answer(api, bot, engine):
    chat = USER_ID + 3
    first = await api.send(chat, QUESTION, user_id=chat)
    await api.reply_to(chat, first["message"]["message_id"])
    follow = await api.send(chat, "What else did he say?", user_id=chat)
    reply = await api.reply_to(chat, follow["message"]["message_id"])
    expected = render_answer(engine.ask("What else did he say?", previous=engine.ask(QUESTION)))
    assert parse_html(expected[0])[0] == reply["text"]
    assert "[1]" in reply["text"]


async def test_follow_up_context_survives_a_restart(api, emulator, engine, tmp_path):
    chat = USER_ID + 4
    settings = bot_settings(emulator, tmp_path)
    async with running_bot(settings, engine):
        first = await api.send(chat, QUESTION, user_id=chat)
        await api.reply_to(chat, first["message"]["message_id"])
    async with running_bot(settings, engine):  # the same bot, a new process state
        follow = await api.send(chat, "What else did he say?", user_id=chat)
        reply = await api.reply_to(chat, follow["message"]["message_id"])
    assert "Pinto Luz" in reply["text"] and "[1]" in reply["text"]


# 3. groups --------------------------------------------------------------------------------------

async def test_group_answers_only_when_addressed(api, bot):
    group, name = -1001, bot.bot.username
    await api.chat(group, "supergroup", title="Newsroom")
    silent = await api.send(group, "When will the airport open, does anyone know?")
    assert name not in silent["delivered_to"]  # privacy mode: not even delivered
    for text in (f"@{name} {QUESTION}", f"/ask {QUESTION}", f"/ask@{name} {QUESTION}"):
        sent = await api.send(group, text)
        assert name in sent["delivered_to"]
        reply = await api.reply_to(group, sent["message"]["message_id"])
        assert "2034" in reply["text"]
    follow = await api.send(group, "Who is building the first runway?", reply_to_message_id=reply["message_id"])
    assert (await api.reply_to(group, follow["message"]["message_id"]))["text"]


async def test_group_admin_bot_still_ignores_unaddressed_messages(api, bot):
    group = -1002
    await api.chat(group, "group", title="Admins", bot_status="administrator")
    silent = await api.send(group, QUESTION)
    assert bot.bot.username in silent["delivered_to"]  # admin bots get every message
    addressed = await api.send(group, f"@{bot.bot.username} {QUESTION}")
    await api.reply_to(group, addressed["message"]["message_id"])
    messages = await api.sent(group, min_count=2, timeout=1.5)
    assert [m["reply_to_message_id"] for m in messages] == [addressed["message"]["message_id"]]


# 4. channels ------------------------------------------------------------------------------------

async def test_channel_post_mentioning_the_bot_is_answered_in_the_channel(api, bot):
    channel, other = -1003, -1004
    await api.chat(channel, "channel", title="News channel", bot_status="administrator")
    await api.chat(other, "channel", title="Not ours", bot_status="member")
    post = await api.send(channel, f"@{bot.bot.username} {QUESTION}", user_id=None)
    assert "from" not in post["message"]
    reply = await api.reply_to(channel, post["message"]["message_id"])
    assert "2034" in reply["text"]
    ignored = await api.send(other, f"@{bot.bot.username} {QUESTION}", user_id=None)
    assert bot.bot.username not in ignored["delivered_to"]
