"""Check 9: no log line and no message holds the bot token or the API key.

It runs after the other checks of this folder (files run in name order): the injection and Discord-fault checks
log at DEBUG into tests/reliability/leaks.py's watch and register their fake Discords there. This file first
provokes the errors most likely to carry a secret (a model API failing with the key in its message, from the bot
and from the CLI; Discord rejecting the token; an unexpected error whose text holds both), then reads everything
seen: every log record (formatted, tracebacks included) and every request any fake Discord received.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import discord
import pytest
from aiohttp import web
from langchain_core.language_models.chat_models import BaseChatModel

from bot.adapters import CoreAnswers
from bot.client import APOLOGY
from bot.run import install_redaction
from gazette.cli import main as cli_main
from gazette.providers import answerer_from_settings
from tests.bot.conftest import running
from tests.bot.fake_discord import BOT_ID, TOKEN
from tests.bot.helpers import command_reply, posted_in, thread_from
from tests.conftest import isolate_env, make_settings
from tests.reliability.leaks import API_KEY, SECRETS, WATCH, payload_leaks, watched
from tests.reliability.test_discord_faults import Fault, new_bot

pytestmark = pytest.mark.slow

PROVIDER_ERROR = f"Error code: 401 - {{'error': {{'message': 'Incorrect API key provided: {API_KEY}.'}}}}"


@pytest.fixture(autouse=True)
def _logs_watched():
    with watched():
        yield


async def _ask_both_ways(fake):  # type: ignore[no-untyped-def]
    """Ask by /ask and by a mention; the two replies (the follow-up, the first post in the new thread)."""
    token = await fake.slash("ask", {"question": "How many North Korean troops are in Kursk?"})
    told = await fake.wait_for(command_reply(token))
    question = await fake.say(f"<@{BOT_ID}> How many North Korean troops are in Kursk?")
    thread = await fake.wait_for(thread_from(question["id"]))
    return told, await fake.wait_for(posted_in(int(thread.response["id"])))


class KeyEchoingModel(BaseChatModel):
    """A provider SDK whose authentication error repeats the key (some proxies do)."""

    @property
    def _llm_type(self) -> str:
        return "key-echoing-fake"

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(PROVIDER_ERROR)


def _text_of(records: list[Any]) -> str:
    return json.dumps([r.json for r in records], ensure_ascii=False)


@pytest.mark.check(9)
async def test_a_model_failing_with_the_key_in_its_error_leaks_it_nowhere(faulty, tmp_path, sample_app, score):
    settings = make_settings(llm={"provider": "openai", "api_key": API_KEY})
    sample_app.answerer = answerer_from_settings(settings, sample_app.embedder, chat_model=KeyEchoingModel())
    before = len(WATCH.leaks)
    bot = new_bot(tmp_path, CoreAnswers(sample_app))
    async with running(bot):
        score.tried(2)
        told, in_thread = await _ask_both_ways(faulty)
    problems = [f"a log line: {line}" for line in WATCH.leaks[before:]]
    problems += [f"a message: {m.content}" for m in (told, in_thread) if any(s in _text_of([m]) for s in SECRETS)]
    if "did not answer" not in told.content or "did not answer" not in in_thread.content:
        problems.append(f"the user was not told the model failed: {told.content!r} / {in_thread.content!r}")
    for p in problems:
        score.failed(p)
    assert not problems


class _ProviderSaysNo(BaseHTTPRequestHandler):
    seen_auth: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen_auth.append(self.headers.get("Authorization") or "")
        body = json.dumps({"error": {"message": f"Incorrect API key provided: {API_KEY}.", "type": "invalid_request_error",
                                     "code": "invalid_api_key"}}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.check(9)
def test_the_cli_prints_no_key_when_the_provider_repeats_it(sample_store, tmp_path, monkeypatch, capsys, score):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ProviderSaysNo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    isolate_env(monkeypatch, tmp_path)
    monkeypatch.setenv("GAZETTE_LLM__PROVIDER", "openai")
    monkeypatch.setenv("GAZETTE_LLM__BASE_URL", f"http://127.0.0.1:{server.server_address[1]}/v1")
    monkeypatch.setenv("GAZETTE_LLM__API_KEY", API_KEY)
    before = len(WATCH.leaks)
    try:
        score.tried()
        code = cli_main(["ask", "--store", str(sample_store), "How many North Korean troops are in Kursk?"])
    finally:
        server.shutdown()
        server.server_close()
    out, err = capsys.readouterr()
    assert _ProviderSaysNo.seen_auth == [f"Bearer {API_KEY}"], "the key should have reached the provider"
    problems = [f"a log line: {line}" for line in WATCH.leaks[before:]]
    if API_KEY in out + err:
        problems.append(f"printed: {(out + err)[:300]}")
    if code == 0 or "language model failed" not in err:
        problems.append(f"the failure was not reported: {code} {err[:200]!r}")
    for p in problems:
        score.failed(p)
    assert not problems


@pytest.mark.check(9)
async def test_discord_rejecting_the_token_logs_no_token(faulty, tmp_path, score):
    rejected = Fault("token rejected", lambda r: r.path == "/users/@me", lambda: web.Response(
        status=401, body=b'{"message": "401: Unauthorized", "code": 0}', headers={"Content-Type": "application/json"}),
        times=1)
    faulty.faults.append(rejected)
    before = len(WATCH.leaks)
    bot = new_bot(tmp_path)
    score.tried()
    with pytest.raises(discord.LoginFailure) as failure:
        async with running(bot):
            pass
    problems = [f"a log line: {line}" for line in WATCH.leaks[before:]]
    chain, error = [], failure.value
    while error is not None:
        chain.append(f"{type(error).__name__}: {error}")
        error = error.__cause__ or error.__context__
    if any(TOKEN in link for link in chain):
        problems.append(f"the error says the token: {chain}")
    for p in problems:
        score.failed(p)
    assert rejected.hits and not problems


class Exploding:
    def answer(self, question: str, history: Any, filters: Any) -> Any:
        raise RuntimeError(f"config dump: token={TOKEN} key={API_KEY}")


@pytest.mark.check(9)
async def test_an_unexpected_error_holding_both_secrets_is_redacted_as_gazette_bot_does(faulty, tmp_path, score):
    """Only `gazette bot`'s redaction can clean a traceback whose text holds a secret: installed as run_bot does
    (on the root logger's handlers, here the watch's and pytest's), it must leave no trace of either."""
    root = logging.getLogger()
    redactor = install_redaction([TOKEN, API_KEY])
    before = len(WATCH.leaks)
    try:
        bot = new_bot(tmp_path, Exploding())
        async with running(bot):
            score.tried(2)
            told, in_thread = await _ask_both_ways(faulty)
    finally:
        for handler in root.handlers:
            handler.removeFilter(redactor)
    problems = [f"a log line: {line}" for line in WATCH.leaks[before:]]
    problems += [f"a message: {m.content}" for m in (told, in_thread) if any(s in _text_of([m]) for s in SECRETS)]
    if APOLOGY not in told.content or APOLOGY not in in_thread.content:
        problems.append("the user did not get the apology")
    for p in problems:
        score.failed(p)
    assert not problems


@pytest.mark.check(9)
def test_no_log_line_or_message_of_any_check_held_a_secret(score):
    """Last: everything the watch saw in this session, and every request of every fake Discord."""
    requests, found = payload_leaks()
    score.tried(WATCH.records + requests)
    assert WATCH.records > 0, "the watch saw no log record: was it installed?"
    problems = [f"a log line: {line}" for line in WATCH.leaks] + [f"a message: {p}" for p in found]
    for p in dict.fromkeys(problems):
        score.failed(p)
    assert not problems, problems[:5]
