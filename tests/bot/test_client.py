"""The bot's edges: error messages, filters, log redaction, command registration, `gazette bot` itself."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from datetime import date

import discord
import pytest
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket

from bot.client import APOLOGY, Refusal, describe_error
from bot.run import RedactSecrets
from gazette.app import parse_filters
from gazette.cli import main, sample_archive_path
from gazette.errors import ModelError, StoreError, UsageError
from gazette.models import SearchFilters
from gazette.redact import REDACTED
from tests.bot.conftest import running
from tests.bot.fake_discord import ALICE, APP_ID, CHANNEL_ID, GUILD_ID, TOKEN, FakeDiscord
from tests.bot.helpers import Gated, callback, make_bot, reader_over_new_store, write_sources


@pytest.mark.parametrize(
    ("error", "text", "unexpected"),
    [
        (UsageError("the question is empty"), "the question is empty", False),
        (Refusal("Please wait 5 s before asking again."), "Please wait 5 s before asking again.", False),
        (ModelError("the language model failed: Timeout"), "The language model did not answer", False),
        (StoreError("no store at /srv/x"), "The archive is not available", False),
        (app_commands.NoPrivateMessage(), "Gazette works in servers only.", False),
        (RuntimeError("boom"), APOLOGY, True),
        (KeyError("x"), APOLOGY, True),
    ],
)
def test_describe_error(error, text, unexpected):
    shown, surprising = describe_error(error)
    assert shown.startswith(text) and surprising is unexpected


def test_describe_error_unwraps_command_errors():
    @app_commands.command(name="x", description="x")
    async def command(interaction: discord.Interaction) -> None: ...

    assert describe_error(app_commands.CommandInvokeError(command, UsageError("bad date"))) == ("bad date", False)
    assert describe_error(app_commands.CommandInvokeError(command, ValueError("x"))) == (APOLOGY, True)


@pytest.mark.parametrize(
    ("since", "outlet", "expected"),
    [(None, None, None), ("", "  ", None), ("2024-11-01", None, SearchFilters(since=date(2024, 11, 1))),
     (None, "Global Desk", SearchFilters(outlets=("Global Desk",))), ("1 November 2024", "X",
                                                                      SearchFilters(since=date(2024, 11, 1), outlets=("X",)))],
)
def test_parse_filters(since, outlet, expected):
    assert parse_filters(since, None, [outlet] if outlet else []) == expected


def test_parse_filters_refuses_a_non_date():
    with pytest.raises(UsageError, match="use YYYY-MM-DD"):
        parse_filters("soon")


def test_redact_secrets_in_messages_arguments_and_tracebacks():
    secret = "abc.def-123456"
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "token %s in %s", (secret, "args"), None)
    try:
        raise RuntimeError(f"failed with {secret}")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    assert RedactSecrets([secret]).filter(record)
    text = logging.Formatter().format(record)
    assert secret not in text and text.count(REDACTED) == 2 and "RuntimeError" in text
    untouched = logging.LogRecord("x", logging.INFO, __file__, 1, "nothing %s", ("here",), None)
    RedactSecrets([secret]).filter(untouched)
    assert untouched.getMessage() == "nothing here"


@pytest.mark.parametrize(("dev_guild", "path"), [(GUILD_ID, f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands"),
                                                 (None, f"/applications/{APP_ID}/commands")])
async def test_slash_commands_are_registered_at_start_up(fake_discord, sample_app, feedback, dev_guild, path):
    async with running(make_bot(sample_app, feedback, sync_commands=True, dev_guild_id=dev_guild)):
        pass
    [sync] = fake_discord.matching(lambda r: r.method == "PUT" and r.path.endswith("/commands"))
    assert sync.path == path
    commands = {c["name"]: c for c in sync.json}
    assert set(commands) == {"ask", "timeline", "sources", "stats", "reingest", "watch"}
    assert [o["name"] for o in commands["ask"]["options"]] == ["question", "since", "outlet"]
    watch = {o["name"]: [(x["name"], x["type"], x.get("required", False)) for x in o.get("options", [])]
             for o in commands["watch"]["options"]}
    assert watch == {"add": [("topic", 3, True), ("outlet", 3, False)], "list": [], "remove": [("id", 4, True)]}
    assert [(o["name"], o["type"]) for o in commands["reingest"]["options"]] == [("source", 3), ("prune", 5)]
    assert int(commands["reingest"]["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    assert fake_discord.identify["intents"] == discord.Intents(guilds=True, guild_messages=True, guild_reactions=True,
                                                               message_content=True).value


class Clock:
    def __init__(self):
        self.offset = 0.0

    def __call__(self):
        return time.monotonic() + self.offset


class Expiring(Gated):
    """The interaction token "expires" (the clock jumps 15 minutes) before the first progress report."""

    def __init__(self, real, clock):
        super().__init__(real)
        self.clock = clock

    def run(self, source, progress, prune=False):
        def jump(p):
            self.clock.offset = 15 * 60
            progress(p)

        return super().run(source, jump, prune)


async def test_reingest_status_moves_to_a_channel_message_once_the_interaction_expires(
        fake_discord, tmp_path, embedder, feedback):
    source = tmp_path / "two.jsonl"
    source.write_text("\n".join(sample_archive_path().read_text(encoding="utf-8").splitlines()[:2]) + "\n")
    app = reader_over_new_store(tmp_path / "store", embedder, write_sources(tmp_path, {"two": source}))
    clock = Clock()
    bot = make_bot(app, feedback, {"clock": clock})
    bot.reingester = job = Expiring(bot.reingester, clock)
    fake = fake_discord
    try:
        async with running(bot):
            token = await fake.slash("reingest", {"source": "two", "prune": True}, user=ALICE)
            await fake.wait_for(callback(token))
            status = await fake.wait_for(lambda r: r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages"
                                         and "⏳ Re-ingesting `two`" in r.content)
            job.gate.set()
            done = await fake.wait_for(lambda r: r.method == "PATCH" and "✅" in r.content, timeout=120)
    finally:
        job.gate.set()
        app.close()
    assert done.path == f"/channels/{CHANNEL_ID}/messages/{status.response['id']}"
    assert "2 added, 0 updated, 0 unchanged, 0 removed, 0 failed" in done.content and job.prunes == [True]
    assert not fake.matching(lambda r: r.path.endswith("/messages/@original"))


# -- `gazette bot` -------------------------------------------------------------------------------------------


@contextlib.contextmanager
def fake_discord_thread(monkeypatch):
    """The fake Discord on its own event loop in a thread, for a command that runs its own loop."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    fake = asyncio.run_coroutine_threadsafe(_started(), loop).result(10)
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


async def _started() -> FakeDiscord:
    fake = FakeDiscord()
    await fake.start()
    return fake


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    from tests.conftest import isolate_env

    isolate_env(monkeypatch, tmp_path)
    monkeypatch.setenv("GAZETTE_FEEDBACK__PATH", str(tmp_path / "feedback.sqlite"))
    return monkeypatch


def test_gazette_bot_without_a_token_says_how_to_set_one(cli_env, capsys):
    assert main(["bot"]) == 2
    assert "set GAZETTE_DISCORD__TOKEN" in capsys.readouterr().err


def test_gazette_bot_with_a_rejected_token_fails_in_one_line_and_never_logs_it(cli_env, capsys, caplog, sample_store):
    wrong = "wrong.token-" + TOKEN[::-1]
    cli_env.setenv("GAZETTE_DISCORD__TOKEN", wrong)
    cli_env.setenv("GAZETTE_STORE__PATH", str(sample_store))
    caplog.set_level(logging.DEBUG)
    with fake_discord_thread(cli_env) as fake:
        code = main(["--log-level", "DEBUG", "bot"])
    err = capsys.readouterr().err
    assert code == 2 and "Discord rejected the bot token" in err and "Traceback" not in err
    assert fake.requests[0].path == "/users/@me" and fake.requests[0].auth == f"Bot {wrong}"
    assert wrong not in err and not any(wrong in caplog.handler.format(r) for r in caplog.records)
