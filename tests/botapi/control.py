"""The emulator's control API for tests: act as users and channels, read what bots sent."""

from __future__ import annotations

import asyncio
import base64
import time

from aiohttp import web


class ControlApi:
    """Mixed into `Emulator` (tests/botapi/server.py), whose state these handlers use."""

    async def test_bot(self, request: web.Request) -> web.Response:
        body = await request.json()
        bot = self.bot(body["token"])
        for key in ("username", "first_name", "privacy"):
            if key in body:
                setattr(bot, key, body[key])
        return web.json_response(bot.user())

    async def test_chat(self, request: web.Request) -> web.Response:
        from tests.botapi.server import Chat

        body = await request.json()
        chat = self.chats.get(int(body["id"])) or Chat(int(body["id"]), body.get("type", "private"))
        for key in ("type", "title", "username", "bot_status"):
            if key in body:
                setattr(chat, key, body[key])
        self.chats[chat.id] = chat
        return web.json_response(chat.as_dict())

    async def test_send(self, request: web.Request) -> web.Response:
        body = await request.json()
        from tests.botapi.server import ApiError, entities_of

        try:
            chat = self.chat(body["chat_id"], create_private=True)
        except ApiError as exc:
            return web.json_response({"error": exc.description}, status=400)
        fields: dict = {}
        if body.get("text") is not None:
            fields["text"] = body["text"]
            if entities := entities_of(body["text"]):
                fields["entities"] = entities
        if doc := body.get("document"):
            data = base64.b64decode(doc["content_b64"]) if "content_b64" in doc else doc["content"].encode("utf-8")
            file_id = f"DOC{len(self.files) + 1}x{int(time.time())}"
            self.files[file_id] = (f"documents/file_{len(self.files) + 1}_{doc['file_name']}", data)
            fields["document"] = {"file_id": file_id, "file_unique_id": file_id[::-1], "file_name": doc["file_name"],
                                  "mime_type": doc.get("mime_type", "text/plain"),
                                  "file_size": doc.get("file_size", len(data))}  # a test may claim a size
            if body.get("caption"):
                fields["caption"] = body["caption"]
                if entities := entities_of(body["caption"]):
                    fields["caption_entities"] = entities
        sender = None if chat.type == "channel" else (body.get("from") or {"id": chat.id, "is_bot": False, "first_name": "User"})
        if sender:
            sender = {"is_bot": False, "first_name": "User", **sender}
        message = self.store_message(chat, sender, fields, body.get("reply_to_message_id"))
        kind = "channel_post" if chat.type == "channel" else "message"
        delivered = []
        for bot in self.bots.values():  # "bot": deliver to that username only (one bot's private chat)
            if body.get("bot") not in (None, bot.username):
                continue
            if self.wants(bot, chat, message):
                await self.enqueue(bot, kind, message)
                delivered.append(bot.username)
        return web.json_response({"message": message, "delivered_to": delivered})

    async def test_edit(self, request: web.Request) -> web.Response:
        """A user edits one of their messages: bots that would get it receive an edited_message."""
        from tests.botapi.server import entities_of

        body = await request.json()
        chat = self.chat(body["chat_id"])
        message = chat.messages[int(body["message_id"])]
        message.update(text=body["text"], edit_date=int(time.time()))
        message.pop("entities", None)
        if entities := entities_of(body["text"]):
            message["entities"] = entities
        kind = "edited_channel_post" if chat.type == "channel" else "edited_message"
        delivered = []
        for bot in self.bots.values():
            if self.wants(bot, chat, message):
                await self.enqueue(bot, kind, message)
                delivered.append(bot.username)
        return web.json_response({"message": message, "delivered_to": delivered})

    async def test_sent(self, request: web.Request) -> web.Response:
        q = request.query
        chat_id = int(q["chat_id"]) if "chat_id" in q else None
        after, min_count = int(q.get("after", 0)), int(q.get("min_count", 1))
        contains, timeout = q.get("contains", ""), float(q.get("timeout", 10))
        reply_to = int(q.get("reply_to", 0))

        def matching() -> list[dict]:
            return [r for r in self.sent if (chat_id is None or r["chat_id"] == chat_id) and r["message_id"] > after]

        def done() -> bool:
            found = matching()
            if reply_to and not any(r["reply_to_message_id"] == reply_to for r in found):
                return False
            return len(found) >= min_count and (not contains or any(contains in r["text"] for r in found))

        deadline = time.monotonic() + timeout
        async with self.changed:
            while not done() and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self.changed.wait(), deadline - time.monotonic())
                except asyncio.TimeoutError:
                    break
        return web.json_response({"messages": matching(), "complete": done()})

    async def test_calls(self, request: web.Request) -> web.Response:
        method, since = request.query.get("method", "").lower(), float(request.query.get("since", 0))
        return web.json_response([c for c in self.calls if (not method or c["method"].lower() == method) and c["time"] >= since])

    async def test_fault(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.faults.append({"count": 1, "error_code": 400, **body})
        return web.json_response({"ok": True})

    async def test_commands(self, request: web.Request) -> web.Response:
        return web.json_response({b.username: b.commands for b in self.bots.values()})

