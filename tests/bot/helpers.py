"""Helpers shared by the bot tests: the bot as `gazette bot` wires it, predicates on recorded requests, spies."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.run import build_bot
from gazette.app import App
from ingest.jobs import run_job
from tests.bot.fake_discord import APP_ID, CHANNEL_ID, FakeDiscord, Recorded
from tests.conftest import make_settings


def no_pings(payload):
    """The payload lets nothing ping: no @everyone/@here, roles or users, no reply ping."""
    allowed = payload["allowed_mentions"]
    return allowed["parse"] == [] and not allowed.get("replied_user") and set(allowed) <= {"parse", "replied_user"}


def make_bot(reader, feedback, options=None, **discord):
    """The bot as `gazette bot` wires it (bot.run.build_bot), over an open reader (and its sources file and server
    settings)."""
    config = {"sync_commands": False, "cooldown_s": 0, "progress_interval_s": 0.05} | discord
    settings = reader.settings.model_copy(update={
        "discord": make_settings(discord=config).discord,
        "feedback": make_settings(feedback={"path": feedback.path}).feedback,
    })
    app = App(settings, store=reader.archive.path, ingest_job=run_job)
    return build_bot(app, reader, feedback, guild_ready_timeout=0.05, **(options or {}))


def write_sources(folder: Path, files: dict[str, Path]) -> Path:
    """A sources file naming each file as a file source."""
    path = folder / "sources.toml"
    path.write_text("".join(f'[sources.{name}]\nkind = "file"\npath = "{p}"\n\n' for name, p in files.items()),
                    encoding="utf-8")
    return path


def reader_over_new_store(store: Path, embedder, sources_file: Path | None = None, **store_settings):
    """A new, empty store, opened as the bot opens it: to read (a re-ingest opens the writer itself).
    ``store_settings`` add to the store's settings group (a Chroma server, a collection)."""
    settings = make_settings(store, sources={"file": sources_file or store.parent / "sources.toml"})
    settings = settings.model_copy(update={"store": settings.store.model_copy(update=store_settings)})
    app = App(settings, store=store)
    app.open_writer(create=True, embedder=embedder).close()
    return app.open_reader(embedder=embedder)


# -- predicates on recorded requests -------------------------------------------------------------------------


def callback(token):
    return lambda r: r.method == "POST" and r.path.endswith(f"/{token}/callback")


def followup(token):
    return lambda r: r.method == "POST" and r.path == f"/webhooks/{APP_ID}/{token}"


def command_reply(token):
    """A deferred command's reply: the edit of its "thinking…" response, or a followup after it."""
    return lambda r: followup(token)(r) or edit_original(token)(r)


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
        self.prunes = []

    def source_names(self):
        return self.real.source_names()

    def run(self, source, progress, prune=False):
        self.runs += 1
        self.prunes.append(prune)
        return self.real.run(source, progress, prune)


class Gated(Spy):
    """The real re-ingest, paused after its first progress report until the test opens the gate."""

    def __init__(self, real):
        super().__init__(real)
        self.gate = threading.Event()

    def run(self, source, progress, prune=False):
        def paused(p):
            progress(p)
            assert self.gate.wait(60), "the test never opened the gate"

        return super().run(source, paused, prune)
