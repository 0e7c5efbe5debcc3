"""Helpers shared by the bot tests: the bot as `gazette bot` wires it, predicates on recorded requests, spies."""

from __future__ import annotations

import threading

from bot.run import build_bot
from tests.bot.fake_discord import APP_ID, CHANNEL_ID, FakeDiscord, Recorded
from tests.conftest import make_settings


def no_pings(payload):
    """The payload lets nothing ping: no @everyone/@here, roles or users, no reply ping."""
    allowed = payload["allowed_mentions"]
    return allowed["parse"] == [] and not allowed.get("replied_user") and set(allowed) <= {"parse", "replied_user"}


def make_bot(app, feedback, options=None, **discord):
    """The bot as `gazette bot` wires it (bot.run.build_bot), over an open Gazette."""
    config = {"sync_commands": False, "cooldown_s": 0, "progress_interval_s": 0.05} | discord
    settings = make_settings(app.archive.path, discord=config, feedback={"path": feedback.path})
    return build_bot(settings, app, feedback, guild_ready_timeout=0.05, **(options or {}))


# -- predicates on recorded requests -------------------------------------------------------------------------


def callback(token):
    return lambda r: r.method == "POST" and r.path.endswith(f"/{token}/callback")


def followup(token):
    return lambda r: r.method == "POST" and r.path == f"/webhooks/{APP_ID}/{token}"


def edit_original(token, text=""):
    return lambda r: (r.method == "PATCH" and r.path == f"/webhooks/{APP_ID}/{token}/messages/@original"
                      and text in r.content)


def thread_from(message_id, channel_id=CHANNEL_ID):
    return lambda r: r.method == "POST" and r.path == f"/channels/{channel_id}/messages/{message_id}/threads"


def posted_in(channel_id):
    return lambda r: r.method == "POST" and r.path == f"/channels/{channel_id}/messages"


def any_thread(r):
    return r.method == "POST" and r.path.endswith("/threads")


def reaction(message_id, emoji):
    return lambda r: r.method == "PUT" and r.path.endswith(f"/messages/{message_id}/reactions/{emoji}/@me")


def index(fake: FakeDiscord, rec: Recorded) -> int:
    return next(i for i, r in enumerate(fake.requests) if r is rec)


class Spy:
    """Counts calls into a real collaborator."""

    def __init__(self, real):
        self.real = real
        self.runs = 0

    def source_names(self):
        return self.real.source_names()

    def run(self, source, progress):
        self.runs += 1
        return self.real.run(source, progress)


class Gated(Spy):
    """The real re-ingest, paused after its first progress report until the test opens the gate."""

    def __init__(self, real):
        super().__init__(real)
        self.gate = threading.Event()

    def run(self, source, progress):
        def paused(p):
            progress(p)
            assert self.gate.wait(60), "the test never opened the gate"

        return super().run(source, paused)
