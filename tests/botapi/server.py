"""A small Telegram Bot API emulator for end-to-end tests.

Bot side (what python-telegram-bot talks to via `base_url`):
    POST|GET /bot<token>/<method>       JSON, form or multipart bodies
    GET      /file/bot<token>/<path>    file downloads
Test side (what the tests use to act as users and read what the bot sent):
    POST /_test/bot    {token, username?, first_name?, privacy?}
    POST /_test/chat   {id, type, title?, username?, bot_status?}   bot_status: member|administrator|left
    POST /_test/send   {chat_id, from?, text?, reply_to_message_id?, document?: {file_name, content, file_size?}, caption?, bot?}
    POST /_test/edit   {chat_id, message_id, text}   the sender edits a message: an edited_message update
    GET  /_test/sent?chat_id=&after=&min_count=&contains=&reply_to=&timeout=   waits until it holds
    GET  /_test/calls?method=&since=
    POST /_test/fault  {method, error_code, description, retry_after?, count?, parse_mode_only?}
Updates in groups follow privacy mode: a non-admin bot with privacy on gets commands (its own or
unaddressed), messages mentioning it and replies to its messages; admin bots get everything; in
channels only admin bots get channel_post updates; private chats get everything.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field

from aiohttp import ClientSession, ClientTimeout, web

from tests.botapi.control import ControlApi
from tests.botapi.html_entities import ParseError, parse_html, u16

MAX_TEXT = 4096
JSON_FIELDS = {"reply_parameters", "link_preview_options", "commands", "scope", "reply_markup", "entities",
               "allowed_updates", "caption_entities"}
_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}")
_URL = re.compile(r"https?://[^\s<>\"]+")


@dataclass
class Bot:
    token: str
    id: int
    username: str
    first_name: str = "Newsbot"
    privacy: bool = True
    updates: list[dict] = field(default_factory=list)
    next_update_id: int = 1
    webhook: dict | None = None
    webhook_task: asyncio.Task | None = None
    commands: dict[str, list] = field(default_factory=dict)
    wake: asyncio.Condition = field(default_factory=asyncio.Condition)

    def user(self) -> dict:
        return {"id": self.id, "is_bot": True, "first_name": self.first_name, "username": self.username}


@dataclass
class Chat:
    id: int
    type: str
    title: str = ""
    username: str = ""
    bot_status: str = "member"
    messages: dict[int, dict] = field(default_factory=dict)
    next_id: itertools.count = field(default_factory=lambda: itertools.count(1))

    def as_dict(self) -> dict:
        d = {"id": self.id, "type": self.type}
        if self.type == "private":
            d["first_name"] = self.title or "User"
        else:
            d["title"] = self.title or f"chat {self.id}"
        if self.username:
            d["username"] = self.username
        return d


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


def entities_of(text: str) -> list[dict]:
    """What Telegram's clients detect in a user's plain text: a leading command, mentions, URLs."""
    found = []
    m = _COMMAND.match(text)
    if m:
        found.append({"type": "bot_command", "offset": 0, "length": u16(m.group(0))})
    for kind, rx in (("mention", _MENTION), ("url", _URL)):
        for m in rx.finditer(text):
            found.append({"type": kind, "offset": u16(text[: m.start()]), "length": u16(m.group(0))})
    return sorted(found, key=lambda e: e["offset"])


class Emulator(ControlApi):
    """Bot API state and methods; the /_test control API comes from ControlApi."""

    def __init__(self) -> None:
        self.bots: dict[str, Bot] = {}
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.sent: list[dict] = []  # what bots sent, in order; edits update the record
        self.calls: list[dict] = []
        self.faults: list[dict] = []
        self.changed = asyncio.Condition()

    # ---- state helpers -------------------------------------------------------------------
    def bot(self, token: str) -> Bot:
        if not re.fullmatch(r"[0-9]+:[A-Za-z0-9_-]+", token):
            raise ApiError(401, "Unauthorized")
        if token not in self.bots:
            bot_id = int(token.split(":")[0])
            self.bots[token] = Bot(token, bot_id, f"newsbot{bot_id}_bot")
        return self.bots[token]

    def chat(self, chat_id, create_private: bool = False) -> Chat:
        try:
            chat_id = int(chat_id)
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None
        if chat_id not in self.chats:
            if not (create_private and chat_id > 0):
                raise ApiError(400, "Bad Request: chat not found")
            self.chats[chat_id] = Chat(chat_id, "private")
        return self.chats[chat_id]

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def enqueue(self, bot: Bot, kind: str, message: dict) -> None:
        update = {"update_id": bot.next_update_id, kind: message}
        bot.next_update_id += 1
        bot.updates.append(update)
        async with bot.wake:
            bot.wake.notify_all()

    def wants(self, bot: Bot, chat: Chat, message: dict) -> bool:
        """Privacy-mode delivery rules."""
        if chat.type == "private":
            return True
        if chat.bot_status in ("left", "kicked"):
            return False
        if chat.type == "channel":
            return chat.bot_status == "administrator"
        if not bot.privacy or chat.bot_status == "administrator":
            return True
        text = message.get("text") or message.get("caption") or ""
        for e in message.get("entities") or message.get("caption_entities") or []:
            piece = text.encode("utf-16-le")[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
            if e["type"] == "bot_command" and ("@" not in piece or piece.split("@")[1].lower() == bot.username.lower()):
                return True
            if e["type"] == "mention" and piece[1:].lower() == bot.username.lower():
                return True
        replied = message.get("reply_to_message") or {}
        return (replied.get("from") or {}).get("id") == bot.id

    def store_message(self, chat: Chat, sender: dict | None, fields: dict, reply_to: int | None) -> dict:
        message = {"message_id": next(chat.next_id), "date": int(time.time()), "chat": chat.as_dict(), **fields}
        if sender:
            message["from"] = sender
        elif chat.type == "channel":
            message["sender_chat"] = chat.as_dict()
        if reply_to:
            replied = chat.messages.get(int(reply_to))
            if replied:
                message["reply_to_message"] = {k: v for k, v in replied.items() if k != "reply_to_message"}
        chat.messages[message["message_id"]] = message
        return message

    # ---- Bot API methods -------------------------------------------------------------------
    def check_fault(self, method: str, params: dict) -> None:
        for fault in self.faults:
            if fault["method"].lower() != method.lower() or fault["count"] <= 0:
                continue
            if fault.get("parse_mode_only") and not params.get("parse_mode"):
                continue
            fault["count"] -= 1
            raise ApiError(fault["error_code"], fault["description"], fault.get("retry_after"))

    def render(self, params: dict) -> tuple[str, list[dict]]:
        text = str(params.get("text", ""))
        if params.get("parse_mode", "").lower() == "html":
            try:
                text, entities = parse_html(text)
            except ParseError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        else:
            entities = params.get("entities") or []
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if u16(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        return text, entities

    async def call(self, bot: Bot, method: str, p: dict):
        m = method.lower()
        self.check_fault(method, p)
        if m == "getme":
            return {**bot.user(), "can_join_groups": True, "can_read_all_group_messages": not bot.privacy,
                    "supports_inline_queries": False, "can_connect_to_business": False, "has_main_web_app": False}
        if m == "getupdates":
            return await self.get_updates(bot, p)
        if m == "setwebhook":
            bot.webhook = {"url": p["url"], "secret_token": p.get("secret_token", "")}
            if p.get("drop_pending_updates") in (True, "true", "True"):
                bot.updates.clear()
            if bot.webhook_task is None or bot.webhook_task.done():
                bot.webhook_task = asyncio.create_task(self.push_webhook(bot))
            return True
        if m == "deletewebhook":
            bot.webhook = None
            if p.get("drop_pending_updates") in (True, "true", "True"):
                bot.updates.clear()
            return True
        if m == "getwebhookinfo":
            return {"url": (bot.webhook or {}).get("url", ""), "has_custom_certificate": False,
                    "pending_update_count": len(bot.updates)}
        if m in ("setmycommands", "deletemycommands"):
            bot.commands[json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True)] = p.get("commands", []) if m == "setmycommands" else []
            return True
        if m == "getmycommands":
            return bot.commands.get(json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True), [])
        if m == "sendmessage":
            return await self.send_message(bot, p)
        if m == "editmessagetext":
            return await self.edit_message(bot, p)
        if m == "sendchataction":
            self.chat(p["chat_id"])
            return True
        if m == "deletemessage":
            return self.chat(p["chat_id"]).messages.pop(int(p["message_id"]), None) is not None
        if m == "getchatmember":
            return self.member(bot, self.chat(p["chat_id"]), int(p["user_id"]))
        if m == "getchatadministrators":
            chat = self.chat(p["chat_id"])
            return [self.member(bot, chat, bot.id)] if chat.bot_status == "administrator" else []
        if m == "getfile":
            if p.get("file_id") not in self.files:
                raise ApiError(400, "Bad Request: invalid file_id")
            path, data = self.files[p["file_id"]]
            return {"file_id": p["file_id"], "file_unique_id": p["file_id"][::-1], "file_size": len(data), "file_path": path}
        if m in ("close", "logout"):
            return True
        raise ApiError(404, "Not Found: method not found")

    def member(self, bot: Bot, chat: Chat, user_id: int) -> dict:
        if user_id != bot.id:
            return {"status": "member", "user": {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}}
        if chat.bot_status != "administrator":
            return {"status": chat.bot_status, "user": bot.user()}
        rights = ("can_be_edited is_anonymous can_manage_chat can_delete_messages can_manage_video_chats "
                  "can_restrict_members can_promote_members can_change_info can_invite_users can_post_stories "
                  "can_edit_stories can_delete_stories can_post_messages can_edit_messages").split()
        return {"status": "administrator", "user": bot.user(), **{r: r != "can_be_edited" for r in rights}}

    async def get_updates(self, bot: Bot, p: dict) -> list[dict]:
        if bot.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        offset, limit, timeout = int(p.get("offset") or 0), int(p.get("limit") or 100), float(p.get("timeout") or 0)
        if offset:
            bot.updates = [u for u in bot.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + min(timeout, 50)
        async with bot.wake:
            while not bot.updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(bot.wake.wait(), deadline - time.monotonic())
                except asyncio.TimeoutError:
                    break
        return bot.updates[:limit]

    async def push_webhook(self, bot: Bot) -> None:
        async with ClientSession(timeout=ClientTimeout(total=30)) as session:
            while bot.webhook:
                if not bot.updates:
                    async with bot.wake:
                        try:
                            await asyncio.wait_for(bot.wake.wait(), 0.5)
                        except asyncio.TimeoutError:
                            pass
                    continue
                hook, update = bot.webhook, bot.updates[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]} if hook["secret_token"] else {}
                try:
                    async with session.post(hook["url"], json=update, headers=headers) as response:
                        ok = response.status == 200
                except Exception:  # noqa: BLE001 - the bot's server is not up yet
                    ok = False
                if ok and bot.updates and bot.updates[0] is update:
                    bot.updates.pop(0)
                elif not ok:
                    await asyncio.sleep(0.2)

    async def send_message(self, bot: Bot, p: dict) -> dict:
        chat = self.chat(p.get("chat_id"))
        if chat.bot_status in ("left", "kicked") or (chat.type == "channel" and chat.bot_status != "administrator"):
            raise ApiError(403, "Forbidden: bot is not a member of the chat")
        text, entities = self.render(p)
        reply = p.get("reply_parameters") or ({"message_id": p["reply_to_message_id"]} if p.get("reply_to_message_id") else None)
        reply_to = None
        if reply:
            reply_to = int(reply["message_id"])
            if reply_to not in chat.messages and not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        fields = {"text": text, **({"entities": entities} if entities else {})}
        message = self.store_message(chat, bot.user(), fields, reply_to)
        self.sent.append({"bot_id": bot.id, "chat_id": chat.id, "message_id": message["message_id"], "text": text,
                          "raw": p.get("text"), "parse_mode": p.get("parse_mode", ""), "entities": entities,
                          "reply_to_message_id": reply_to if reply_to in chat.messages else None, "edits": 0})
        await self.notify()
        return message

    async def edit_message(self, bot: Bot, p: dict) -> dict:
        chat = self.chat(p.get("chat_id"))
        message = chat.messages.get(int(p.get("message_id") or 0))
        if not message or (message.get("from") or {}).get("id") != bot.id:
            raise ApiError(400, "Bad Request: message to edit not found")
        text, entities = self.render(p)
        if text == message["text"] and entities == message.get("entities", []):
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        message.update(text=text, entities=entities, edit_date=int(time.time()))
        for record in self.sent:
            if record["chat_id"] == chat.id and record["message_id"] == message["message_id"]:
                record.update(text=text, raw=p.get("text"), parse_mode=p.get("parse_mode", ""), entities=entities,
                              edits=record["edits"] + 1)
        await self.notify()
        return message

    # ---- HTTP ------------------------------------------------------------------------------
    async def params(self, request: web.Request) -> dict:
        p: dict = dict(request.query)
        if request.content_type == "application/json" and request.can_read_body:
            p.update(await request.json())
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                p[key] = value.file.read() if isinstance(value, web.FileField) else value
        for key in JSON_FIELDS & p.keys():
            if isinstance(p[key], str):
                p[key] = json.loads(p[key])
        return p

    async def handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            bot = self.bot(request.match_info["token"])
            p = await self.params(request)
            self.calls.append({"method": method, "params": {k: v for k, v in p.items() if isinstance(v, (str, int, float, bool, dict, list))},
                               "time": time.time(), "bot_id": bot.id})
            result = await self.call(bot, method, p)
            return web.json_response({"ok": True, "result": result})
        except ApiError as exc:
            body = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
            return web.json_response(body, status=exc.code)

    async def handle_file(self, request: web.Request) -> web.Response:
        self.bot(request.match_info["token"])
        for path, data in self.files.values():
            if path == request.match_info["path"]:
                return web.Response(body=data, content_type="application/octet-stream")
        raise web.HTTPNotFound()


def make_app() -> web.Application:
    emu = Emulator()
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app["emulator"] = emu
    app.router.add_route("*", "/bot{token}/{method}", emu.handle_api)
    app.router.add_get("/file/bot{token}/{path:.+}", emu.handle_file)
    app.router.add_post("/_test/bot", emu.test_bot)
    app.router.add_post("/_test/chat", emu.test_chat)
    app.router.add_post("/_test/send", emu.test_send)
    app.router.add_post("/_test/edit", emu.test_edit)
    app.router.add_get("/_test/sent", emu.test_sent)
    app.router.add_get("/_test/calls", emu.test_calls)
    app.router.add_post("/_test/fault", emu.test_fault)
    app.router.add_get("/_test/commands", emu.test_commands)
    app.router.add_get("/_test/health", lambda request: web.json_response({"ok": True}))
    return app
