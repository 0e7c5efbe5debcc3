"""A local fake of Discord on 127.0.0.1: the REST routes and the gateway websocket the bot uses.

It drives the real discord.py client: point ``discord.http.Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY`` at
it (the ``fake_discord`` fixture does) and start the bot with ``bot.start(TOKEN)``. Every REST request is recorded
(method, path, query, JSON payload) so that tests can assert what the bot sent; tests push gateway events
(INTERACTION_CREATE, MESSAGE_CREATE, MESSAGE_REACTION_ADD) with :meth:`FakeDiscord.dispatch` and friends.
Responses carry ``Content-Type: application/json`` exactly (discord.py checks the header as is).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from aiohttp import WSMsgType, web

TOKEN = "FAKE.bot-token.do-not-log-me-5f3c9a"
APP_ID = 900
BOT_ID = 901
GUILD_ID = 100
CHANNEL_ID = 200  # #news, a text channel
OTHER_CHANNEL_ID = 201  # #random
USER_THREAD_ID = 210  # a thread in #news that a member opened
ADMIN_ROLE_ID = 300
MEMBER_ROLE_ID = 301
BOT_ROLE_ID = 302  # the role Discord makes for the bot (tags.bot_id)
ALICE = 1001  # has Manage Server
BOB = 1002  # a plain member
CAROL = 1003  # a plain member with the admin role

MANAGE_GUILD = 1 << 5
PLAIN_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 6) | (1 << 38)  # view, send, history, react, threads
ALL_PERMISSIONS = (1 << 41) - 1


def _user(user_id: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name.title(), "avatar": None,
            "bot": bot, "public_flags": 0}


USERS = {BOT_ID: _user(BOT_ID, "gazette", bot=True), ALICE: _user(ALICE, "alice"), BOB: _user(BOB, "bob"),
         CAROL: _user(CAROL, "carol")}
ROLES = {ALICE: [], BOB: [MEMBER_ROLE_ID], CAROL: [ADMIN_ROLE_ID]}
PERMISSIONS = {ALICE: PLAIN_PERMISSIONS | MANAGE_GUILD, BOB: PLAIN_PERMISSIONS, CAROL: PLAIN_PERMISSIONS}


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _text_channel(channel_id: int, name: str) -> dict[str, Any]:
    return {"id": str(channel_id), "type": 0, "guild_id": str(GUILD_ID), "name": name, "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None, "last_message_id": None,
            "rate_limit_per_user": 0, "flags": 0}


def _member(user_id: int) -> dict[str, Any]:
    return {"user": USERS[user_id], "roles": [str(r) for r in ROLES.get(user_id, [])], "joined_at": _now(),
            "deaf": False, "mute": False, "flags": 0, "nick": None, "avatar": None, "pending": False}


def _role(role_id: int, name: str, permissions: int) -> dict[str, Any]:
    return {"id": str(role_id), "name": name, "color": 0, "hoist": False, "position": 1, "permissions": str(permissions),
            "managed": False, "mentionable": True, "flags": 0}


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    response: Any = None
    auth: str | None = None

    @property
    def content(self) -> str:
        return (self.json or {}).get("content") or ""


@dataclass
class FakeDiscord:
    requests: list[Recorded] = field(default_factory=list)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    threads: dict[int, dict[str, Any]] = field(default_factory=dict)
    identify: dict[str, Any] | None = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(50_000))
    _seq: itertools.count = field(default_factory=lambda: itertools.count(1))
    _ws: web.WebSocketResponse | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _originals: dict[str, int] = field(default_factory=dict)  # interaction token -> response message id
    _token_channels: dict[str, int] = field(default_factory=dict)  # interaction token -> channel id
    _runner: web.AppRunner | None = None
    _nonces: dict[tuple[int, str], int] = field(default_factory=dict)  # (channel, enforced nonce) -> message id
    port: int = 0
    app_permissions: dict[int, int] = field(default_factory=dict)  # channel id -> the bot's permissions there
    gone: set[int] = field(default_factory=set)  # channels and threads deleted: every route on them answers 404

    # -- server ------------------------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def new_id(self) -> int:
        return next(self._ids)

    # -- gateway -----------------------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45_000}, "s": None, "t": None}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            if data["op"] == 1:
                await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif data["op"] == 2:
                self.identify = data["d"]
                await self._send_event("READY", {
                    "v": 10, "user": USERS[BOT_ID], "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                    "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
                    "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [], "relationships": [],
                })
                await self._send_event("GUILD_CREATE", self._guild())
        return ws

    def _guild(self) -> dict[str, Any]:
        return {
            "id": str(GUILD_ID), "name": "Newsroom", "owner_id": str(ALICE), "icon": None, "unavailable": False,
            "member_count": 4, "large": False, "features": [], "emojis": [], "stickers": [], "premium_tier": 0,
            "roles": [_role(GUILD_ID, "@everyone", PLAIN_PERMISSIONS), _role(ADMIN_ROLE_ID, "archivist", 0),
                      _role(MEMBER_ROLE_ID, "reader", 0),
                      _role(BOT_ROLE_ID, "Gazette", PLAIN_PERMISSIONS) | {"managed": True,
                                                                          "tags": {"bot_id": str(BOT_ID)}}],
            "channels": [_text_channel(CHANNEL_ID, "news"), _text_channel(OTHER_CHANNEL_ID, "random")],
            "threads": [self._user_thread()], "members": [_member(BOT_ID)], "voice_states": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
            "joined_at": _now(), "system_channel_id": None, "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "preferred_locale": "en-US",
        }

    @staticmethod
    def _user_thread() -> dict[str, Any]:
        return {"id": str(USER_THREAD_ID), "type": 11, "guild_id": str(GUILD_ID), "parent_id": str(CHANNEL_ID),
                "owner_id": str(BOB), "name": "members talking", "last_message_id": None, "rate_limit_per_user": 0,
                "message_count": 3, "member_count": 2, "flags": 0,
                "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": _now(),
                                    "locked": False}}

    async def _send_event(self, name: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "the bot is not connected"
        await self._ws.send_str(json.dumps({"op": 0, "t": name, "s": next(self._seq), "d": data}))

    async def dispatch(self, name: str, data: dict[str, Any]) -> None:
        await self._send_event(name, data)

    # -- events a test sends ---------------------------------------------------------------------------------
    def _channel_payload(self, channel_id: int) -> dict[str, Any]:
        if channel_id == USER_THREAD_ID:
            return self._user_thread()
        if channel_id in self.threads:
            return self.threads[channel_id]
        return _text_channel(channel_id, "news" if channel_id == CHANNEL_ID else "random")

    async def slash(self, name: str, options: dict[str, str | bool | int] | None = None, *, user: int = BOB,
                    channel_id: int = CHANNEL_ID, sub: str | None = None) -> str:
        """An INTERACTION_CREATE for /name (/name sub, for a command group); returns the interaction token (its
        webhook path)."""
        interaction_id = self.new_id()
        token = f"itoken-{interaction_id}"
        opts: list[dict[str, Any]] = [
            {"name": k, "type": 5 if isinstance(v, bool) else 4 if isinstance(v, int) else 3, "value": v}
            for k, v in (options or {}).items()]
        if sub is not None:
            opts = [{"name": sub, "type": 1, "options": opts}]
        member = _member(user) | {"permissions": str(PERMISSIONS[user])}
        self._token_channels[token] = channel_id
        await self.dispatch("INTERACTION_CREATE", {
            "id": str(interaction_id), "application_id": str(APP_ID), "type": 2, "token": token, "version": 1,
            "guild_id": str(GUILD_ID), "channel_id": str(channel_id), "channel": self._channel_payload(channel_id),
            "member": member, "data": {"id": str(self.new_id()), "name": name, "type": 1, "options": opts},
            "app_permissions": str(self.app_permissions.get(channel_id, ALL_PERMISSIONS)), "locale": "en-US",
            "guild_locale": "en-US", "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)}, "context": 0,
            "attachment_size_limit": 8 * 1024 * 1024,
        })
        return token

    def _message(self, channel_id: int, author: int, content: str, *, embeds: Any = (), webhook: bool = False,
                 reference: Any = None) -> dict[str, Any]:
        message_id = self.new_id()
        mentions = [USERS[u] for u in USERS if f"<@{u}>" in content or f"<@!{u}>" in content]
        msg = {
            "id": str(message_id), "channel_id": str(channel_id), "guild_id": str(GUILD_ID), "author": USERS[author],
            "content": content, "timestamp": _now(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": mentions, "attachments": [],
            "mention_roles": [m for m in re.findall(r"<@&(\d+)>", content)],
            "embeds": list(embeds or []), "pinned": False, "type": 0, "flags": 0, "components": [],
        }
        if webhook:
            msg["webhook_id"] = str(APP_ID)
        if reference:
            msg["message_reference"] = reference
        self.messages[message_id] = msg
        return msg

    async def say(self, content: str, *, user: int = BOB, channel_id: int = CHANNEL_ID) -> dict[str, Any]:
        """A user posts a message (MESSAGE_CREATE)."""
        msg = self._message(channel_id, user, content)
        await self.dispatch("MESSAGE_CREATE", msg | {"member": _member(user)})
        return msg

    async def react(self, message_id: int, emoji: str, *, user: int = BOB) -> None:
        channel_id = int(self.messages[message_id]["channel_id"])
        await self.dispatch("MESSAGE_REACTION_ADD", {
            "user_id": str(user), "channel_id": str(channel_id), "message_id": str(message_id),
            "guild_id": str(GUILD_ID), "emoji": {"id": None, "name": emoji}, "member": _member(user),
            "burst": False, "type": 0,
        })

    # -- waiting -----------------------------------------------------------------------------------------------
    async def wait_for(self, predicate: Callable[[Recorded], bool], timeout: float = 60.0, start: int = 0) -> Recorded:
        """The first request (from index ``start``) that matches; waits for it to arrive."""
        async def scan() -> Recorded:
            seen = start
            while True:
                for req in self.requests[seen:]:
                    if predicate(req):
                        return req
                seen = len(self.requests)
                self._changed.clear()
                await self._changed.wait()

        return await asyncio.wait_for(scan(), timeout)

    def matching(self, predicate: Callable[[Recorded], bool]) -> list[Recorded]:
        return [r for r in self.requests if predicate(r)]

    # -- REST --------------------------------------------------------------------------------------------------
    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        if status == 204:
            return web.Response(status=204)
        return web.Response(status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + unquote(request.match_info["tail"])
        payload = None
        if request.can_read_body:
            raw = await request.read()
            if raw:
                payload = json.loads(raw)
        rec = Recorded(request.method, path, dict(request.query), payload, auth=request.headers.get("Authorization"))
        if (early := self._intercept(rec)) is not None:
            return early
        self.requests.append(rec)
        try:
            response = self._route(rec)
            if response.body:
                rec.response = json.loads(response.body)  # type: ignore[arg-type]
            return response
        finally:
            self._changed.set()

    def _intercept(self, rec: Recorded) -> web.Response | None:
        """A subclass's chance to answer a request before it is recorded and routed (e.g. with a fault)."""
        return None

    def _route(self, rec: Recorded) -> web.Response:  # noqa: C901 - one table of routes
        m, parts = rec.method, rec.path.strip("/").split("/")
        body = rec.json or {}
        if m == "GET" and rec.path == "/users/@me":
            if rec.auth != f"Bot {TOKEN}":
                return self._json({"message": "401: Unauthorized", "code": 0}, 401)
            return self._json(USERS[BOT_ID])
        if m == "GET" and rec.path == "/oauth2/applications/@me":
            return self._json({"id": str(APP_ID), "name": "Gazette", "description": "", "icon": None,
                               "bot_public": False, "bot_require_code_grant": False, "owner": USERS[ALICE],
                               "verify_key": "00", "flags": 0, "summary": "", "team": None})
        if m == "GET" and parts[0] == "gateway":
            return self._json({"url": self.gateway_url, "shards": 1,
                               "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0,
                                                       "max_concurrency": 1}})
        if m == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            guild = parts[3] if len(parts) == 5 else None
            return self._json([c | {"id": str(self.new_id()), "application_id": str(APP_ID), "version": "1",
                                    **({"guild_id": guild} if guild else {})} for c in rec.json])
        if m == "POST" and parts[0] == "interactions":
            return self._interaction_callback(parts[2], body)
        if parts[0] == "webhooks":
            return self._webhook(m, parts, body, rec)
        if parts[0] == "channels":
            return self._channel(m, parts, body, rec.query)
        return self._json({"message": f"fake discord has no route {m} {rec.path}", "code": 0}, 404)

    def _interaction_callback(self, token: str, body: dict[str, Any]) -> web.Response:
        kind = body["type"]
        data = body.get("data") or {}
        interaction_id = token.removeprefix("itoken-")
        channel_id = self._token_channels.get(token, CHANNEL_ID)
        msg = self._message(channel_id, BOT_ID, data.get("content") or "", embeds=data.get("embeds"), webhook=True)
        self._originals[token] = int(msg["id"])
        return self._json({
            "interaction": {"id": interaction_id, "type": 2, "response_message_id": msg["id"],
                            "response_message_loading": kind == 5,
                            "response_message_ephemeral": bool(data.get("flags", 0) & 64)},
            "resource": {"type": kind, "message": msg},
        })

    def _webhook(self, m: str, parts: list[str], body: dict[str, Any], rec: Recorded) -> web.Response:
        token = parts[2]
        channel_id = self._token_channels.get(token, CHANNEL_ID)
        if m == "POST" and len(parts) == 3:  # a followup message
            msg = self._message(channel_id, BOT_ID, body.get("content") or "", embeds=body.get("embeds"), webhook=True)
            return self._json(msg)
        if len(parts) == 5 and parts[3] == "messages":
            target = self._originals.get(token) if parts[4] == "@original" else int(parts[4])
            if target is None or target not in self.messages:
                return self._json({"message": "Unknown Message", "code": 10008}, 404)
            if m == "PATCH":
                self.messages[target].update({k: v for k, v in body.items() if k in ("content", "embeds")})
                self.messages[target]["edited_timestamp"] = _now()
            return self._json(self.messages[target])
        return self._json({"message": "no such webhook route", "code": 0}, 404)

    def _channel(self, m: str, parts: list[str], body: dict[str, Any],
                 query: dict[str, str] | None = None) -> web.Response:
        channel_id = int(parts[1])
        if channel_id in self.gone:
            return self._json({"message": "Unknown Channel", "code": 10003}, 404)
        if m == "GET" and parts[2:] == ["messages"]:  # history, newest first
            found = [msg for msg in self.messages.values() if msg["channel_id"] == str(channel_id)]
            found.sort(key=lambda msg: int(msg["id"]), reverse=True)
            return self._json(found[:int((query or {}).get("limit", 50))])
        if m == "POST" and parts[2:] == ["typing"]:
            return self._json(None, 204)
        if m == "POST" and parts[2:] == ["messages"]:
            # Discord's enforce_nonce: a second message with the same nonce (within minutes) gets the first back.
            key = (channel_id, str(body.get("nonce"))) if body.get("enforce_nonce") and body.get("nonce") else None
            if key in self._nonces:
                return self._json(self.messages[self._nonces[key]])
            msg = self._message(channel_id, BOT_ID, body.get("content") or "", embeds=body.get("embeds"),
                                reference=body.get("message_reference"))
            if key is not None:
                self._nonces[key] = int(msg["id"])
            return self._json(msg)
        if len(parts) >= 4 and parts[2] == "messages":
            message_id = int(parts[3])
            if m == "PUT" and len(parts) == 7 and parts[4] == "reactions":
                return self._json(None, 204)
            if m == "POST" and parts[4:] == ["threads"]:
                return self._thread(channel_id, message_id, body)
            if m == "PATCH" and len(parts) == 4 and message_id in self.messages:
                self.messages[message_id].update({k: v for k, v in body.items() if k in ("content", "embeds")})
                return self._json(self.messages[message_id])
            if m == "GET" and len(parts) == 4 and message_id in self.messages:
                return self._json(self.messages[message_id])
        return self._json({"message": "Unknown Channel route", "code": 0}, 404)

    def _thread(self, parent_id: int, message_id: int, body: dict[str, Any]) -> web.Response:
        thread = {
            "id": str(message_id), "type": 11, "guild_id": str(GUILD_ID), "parent_id": str(parent_id),
            "owner_id": str(BOT_ID), "name": body["name"], "last_message_id": None, "rate_limit_per_user": 0,
            "message_count": 0, "member_count": 1, "flags": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": body.get("auto_archive_duration", 1440),
                                "archive_timestamp": _now(), "locked": False},
        }
        self.threads[message_id] = thread
        # Discord tells the bot about its new thread over the gateway too.
        asyncio.get_running_loop().create_task(self._send_event("THREAD_CREATE", thread | {"newly_created": True}))
        return self._json(thread)
