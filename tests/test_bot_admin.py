"""End-to-end tests of admin commands, feeds, documents, /who, flood safety and `run`."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest

from bot.telegram.admin import REFUSAL
from bot.telegram.handlers import InTurn
from tests.bot_fixtures import (  # noqa: F401 - fixtures
    ADMIN_ID,
    ROOT,
    USER_ID,
    api,
    bot,
    bot_settings,
    emulator,
    engine,
    new_token,
    running_bot,
    serve_directory,
)

PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{p1}</p><p>{p2}</p><p>{p3}</p></article></body></html>"""

PORTO = PAGE.format(
    title="Porto metro line to Gaia will open in September",
    p1="PORTO, Portugal, May 2, 2025 — The mayor of Porto, Rui Moreira, said on Thursday that the city's new pink metro line to Vila Nova de Gaia will open to passengers in September.",
    p2='"The trains are already being tested every night, and the stations are nearly finished," Moreira told reporters at the city hall.',
    p3="The line, which cost 300 million euros, will carry an estimated 40,000 passengers a day across the Douro river.",
)
COIMBRA = PAGE.format(
    title="Coimbra university to admit 500 more medical students",
    p1="COIMBRA, Portugal, June 3, 2025 — The University of Coimbra will admit 500 more medical students next year, its rector Amilcar Falcao said on Tuesday.",
    p2='"The country needs doctors, and we have the teachers and the hospitals to train them," Falcao said in a statement.',
    p3="The expansion will be paid for by the health ministry, which wants to reduce waiting lists in the centre of the country.",
)
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Portugal Daily</title><link>{base}/</link><description>News</description>
{items}
</channel></rss>"""
ITEM = "<item><title>{title}</title><link>{link}</link><guid>{guid}</guid><description>{desc}</description></item>"
MADEIRA = ("Madeira's regional government announced that the Funchal cable car will close for repairs until June, "
           "spokesperson Ana Sousa said on Monday. The cable car carries tourists to the Monte palace gardens.")


async def ask(api, chat_id: int, text: str, user_id: int | None = None, contains: str = "") -> dict:
    sent = await api.send(chat_id, text, user_id=user_id or chat_id)
    return await api.reply_to(chat_id, sent["message"]["message_id"], contains=contains)


# 5. admin commands ------------------------------------------------------------------------------

async def test_add_url_by_admin_and_refusals(api, bot, engine, tmp_path):
    (tmp_path / "porto.html").write_text(PORTO, "utf-8")
    before = len(engine.sources())
    with serve_directory(tmp_path) as site:
        refused = await ask(api, USER_ID, f"/add {site}/porto.html", user_id=USER_ID)
        assert refused["text"] == REFUSAL and len(engine.sources()) == before
        bad = await ask(api, ADMIN_ID, "/add notaurl", contains="Nothing added")
        assert "notaurl is not a valid http:// or https:// URL" in bad["text"]
        status = await ask(api, ADMIN_ID, f"/add {site}/porto.html {site}/missing.html", contains="1 failed")
    assert "1 new" in status["text"] and "missing.html" in status["text"] and "404" in status["text"]
    assert status["edits"] >= 1  # the progress message became the report
    answer = await ask(api, USER_ID, "When will the Porto metro line to Gaia open?")
    assert "September" in answer["text"] and "[1]" in answer["text"]


async def test_addtext_sources_and_remove(api, bot, engine):
    article = (" date 2025-06-01 Faro, Portugal — The Algarve's water company said on Sunday that the new "
               "desalination plant near Albufeira will supply 16 million cubic metres a year from 2026.\n\n"
               '"This ends the drought rationing for the region," company chairman Jose Apolinario said.')
    status = await ask(api, ADMIN_ID, "/addtext" + article, contains="1 new")
    assert "0 failed" in status["text"]
    source_id = next(s.source_id for s in engine.sources() if "desalination" in s.title.lower() or "Algarve" in s.title)
    assert source_id in (await ask(api, ADMIN_ID, "/sources", contains=source_id))["text"]
    assert (await ask(api, USER_ID, f"/remove {source_id}", user_id=USER_ID))["text"] == REFUSAL
    removed = await ask(api, ADMIN_ID, f"/remove {source_id}")
    assert "Removed" in removed["text"] and source_id not in [s.source_id for s in engine.sources()]
    missing = await ask(api, ADMIN_ID, f"/remove {source_id}")
    assert "No source" in missing["text"]
    # /addtext in reply to a message holding the article
    chat = ADMIN_ID
    pasted = await api.send(chat, article.replace("16 million", "17 million"), user_id=ADMIN_ID)
    await api.reply_to(chat, pasted["message"]["message_id"])  # (it is also taken as a question)
    sent = await api.send(chat, "/addtext", user_id=ADMIN_ID, reply_to_message_id=pasted["message"]["message_id"])
    await api.reply_to(chat, sent["message"]["message_id"], contains="1 new")


async def test_document_upload(api, bot):
    doc = {"file_name": "azores-budget.md", "content": (
        "# Azores approves record budget\n\n date 2025-01-20 Ponta Delgada, Portugal — The Azores regional "
        "assembly approved a record budget of 2.1 billion euros on Monday, finance secretary Duarte Freitas said.\n")}
    refused = await api.send(USER_ID, None, document=doc)
    assert (await api.reply_to(USER_ID, refused["message"]["message_id"]))["text"] == REFUSAL
    sent = await api.send(ADMIN_ID, None, user_id=ADMIN_ID, document=doc, caption="budget story")
    status = await api.reply_to(ADMIN_ID, sent["message"]["message_id"], contains="1 new")
    assert "azores-budget.md" in status["text"]
    assert any(c["params"].get("file_id") for c in await api.calls("getFile"))
    answer = await ask(api, USER_ID, "How big is the Azores budget?")
    assert "2.1 billion" in answer["text"]
    wrong = await api.send(ADMIN_ID, None, user_id=ADMIN_ID, document={"file_name": "x.pdf", "content": "%PDF"})
    assert "not x.pdf" in (await api.reply_to(ADMIN_ID, wrong["message"]["message_id"]))["text"]


async def test_feed_is_polled_and_survives_restart(api, emulator, engine, tmp_path):
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "porto.html").write_text(PORTO.replace("Porto", "Braga").replace("Gaia", "Guimaraes"), "utf-8")
    (site_dir / "coimbra.html").write_text(COIMBRA, "utf-8")
    settings = bot_settings(emulator, tmp_path / "data", feed_poll_minutes=0.02)
    with serve_directory(site_dir) as site:
        items = [ITEM.format(title="Braga metro", link=f"{site}/porto.html", guid="1", desc="Braga metro"),
                 ITEM.format(title="Funchal cable car closes", link=f"{site}/gone.html", guid="2", desc=MADEIRA)]
        (site_dir / "feed.xml").write_text(RSS.format(base=site, items="\n".join(items)), "utf-8")
        feed_url = f"{site}/feed.xml"
        async with running_bot(settings, engine) as app:
            assert (await ask(api, USER_ID, f"/addfeed {feed_url}", user_id=USER_ID))["text"] == REFUSAL
            status = await ask(api, ADMIN_ID, f"/addfeed {feed_url}", contains="items ingested")
            assert "2 of 2 items ingested" in status["text"], status["text"]
            bad = await ask(api, ADMIN_ID, f"/addfeed {site}/porto.html", contains="Not added")
            assert "not an RSS or Atom feed" in bad["text"]
            answer = await ask(api, USER_ID, "Until when will the Funchal cable car be closed?")
            assert "June" in answer["text"]
            # A new item appears; the JobQueue job picks it up.
            items.append(ITEM.format(title="Coimbra doctors", link=f"{site}/coimbra.html", guid="3", desc="x"))
            (site_dir / "feed.xml").write_text(RSS.format(base=site, items="\n".join(items)), "utf-8")
            later = time.time() + 5  # Last-Modified has whole seconds: the update must not share one with the poll
            os.utime(site_dir / "feed.xml", (later, later))
            store = app.bot_data["feeds"]
            deadline = time.monotonic() + 30
            while len(store.feeds[feed_url]["seen"]) < 3 and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            assert len(store.feeds[feed_url]["seen"]) == 3
            answer = await ask(api, USER_ID, "How many more medical students will Coimbra admit?")
            assert "500" in answer["text"]
        # Restart: a new Application on the same data_dir still follows the feed.
        settings = bot_settings(emulator, tmp_path / "data", feed_poll_minutes=0.02)
        async with running_bot(settings, engine) as app:
            listing = await ask(api, ADMIN_ID, "/feeds", contains="Portugal Daily")
            assert "3 items seen" in listing["text"]
            assert (tmp_path / "data" / "telegram_feeds.json").exists()


# 6. /start, /help, command menu, /who ----------------------------------------------------------

async def test_start_help_and_command_menu(api, bot):
    assert "Ask me" in (await ask(api, USER_ID, "/start", user_id=USER_ID))["text"]
    help_text = (await ask(api, USER_ID, "/help", user_id=USER_ID))["text"]
    assert "/ask" in help_text and "/who" in help_text and f"@{bot.bot.username}" in help_text
    menus = (await api.commands())[bot.bot.username]
    default = [c["command"] for c in menus['{"type": "default"}']]
    assert default[:2] == ["ask", "who"] and "add" not in default
    admin_menu = [c["command"] for key, cmds in menus.items() if str(ADMIN_ID) in key for c in cmds]
    assert "add" in admin_menu and "addfeed" in admin_menu


async def test_who_lists_statements(api, bot):
    found = await ask(api, USER_ID, "/who Pinto Luz", user_id=USER_ID)
    assert "[1]" in found["text"] and "2025-03-14" in found["text"]
    none = await ask(api, USER_ID, "/who Nobody Atall", user_id=USER_ID)
    assert "no statements by Nobody Atall yet" in none["text"]


# 7. flood safety and errors ---------------------------------------------------------------------

async def test_retry_after_is_honoured(api, bot):
    chat = USER_ID + 10
    await api.fault("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    started = time.monotonic()
    answer = await ask(api, chat, "When will the new Lisbon airport open?")
    assert "2034" in answer["text"] and time.monotonic() - started >= 1


QUICK = ["When will the new Lisbon airport open?", "Who will build the first runway?", "What did Pedro Nuno Santos say?"]


@pytest.mark.parametrize("chat_type", ["private", "supergroup"])
async def test_questions_in_quick_succession_are_all_answered_in_order(api, bot, chat_type):
    chat = USER_ID + 11 if chat_type == "private" else -1011
    if chat_type != "private":
        await api.chat(chat, chat_type, title="Quick askers")
    prefix = "" if chat_type == "private" else f"@{bot.bot.username} "
    sent = [await api.send(chat, prefix + q, user_id=USER_ID + 11) for q in QUICK]  # well within a second
    ids = [s["message"]["message_id"] for s in sent]

    messages = await api.sent(chat, after=ids[0], min_count=3)

    assert [m["reply_to_message_id"] for m in messages] == ids  # one answer each, in the order asked
    assert "2034" in messages[0]["text"] and "ANA" in messages[1]["text"] and "Santos" in messages[2]["text"]
    assert not any("One moment" in m["text"] or "waiting" in m["text"] for m in messages)


async def test_only_a_flood_is_asked_to_wait():
    turns = InTurn(limit=2)
    answered: list[int] = []
    refused: list[int] = []

    async def ask(n: int) -> None:
        if turns.full(7):
            refused.append(n)
            return
        async with turns.turn(7):
            await asyncio.sleep(0.01)
            answered.append(n)

    await asyncio.gather(*(ask(n) for n in range(5)))

    assert answered == [0, 1, 2] and refused == [3, 4]  # one in progress and two waiting, in order
    await ask(5)
    assert answered[-1] == 5  # the queue empties and the asker is forgotten


async def test_handler_error_gives_apology_and_bot_keeps_running(api, bot):
    chat = USER_ID + 12
    await api.fault("sendMessage", 400, "Bad Request: chat not found", parse_mode_only=True)
    sorry = await ask(api, chat, "When will the new Lisbon airport open?")
    assert "Sorry, something went wrong" in sorry["text"]
    assert "2034" in (await ask(api, chat, "When will the new Lisbon airport open?"))["text"]


# 1. `run` as the CLI calls it, configured from the environment ---------------------------------

async def test_run_reads_base_url_from_environment(api, emulator, tmp_path):
    token = new_token()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "NEWSBOT_TELEGRAM_BASE_URL": emulator + "/bot",
           "NEWSBOT_DATA_DIR": str(tmp_path), "NEWSBOT_ADMIN_IDS": f"[{ADMIN_ID}]", "PYTHONPATH": str(ROOT),
           "NEWSBOT_LOG_LEVEL": "DEBUG"}  # the most a log can say: every Bot API URL
    code = "from config import Settings; from bot.telegram import run; run(Settings())"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    try:
        chat = USER_ID + 13
        deadline = time.monotonic() + 30
        while not any(c["method"] == "getUpdates" and c["bot_id"] == int(token.split(":")[0]) for c in await api.calls("getUpdates")):
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() is not None else "timeout"
            await asyncio.sleep(0.1)
        assert "Ask me" in (await ask(api, chat, "/start"))["text"]
        await api.fault("sendMessage", 400, "Bad Request: chat not found", parse_mode_only=True)
        assert "Sorry, something went wrong" in (await ask(api, chat, "When will the airport open?"))["text"]
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
    log = proc.stderr.read()
    assert "/bot<token>/getUpdates" in log and "Exception while handling an update" in log
    assert token not in log and token.split(":")[1] not in log
