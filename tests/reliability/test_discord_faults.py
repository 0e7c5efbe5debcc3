"""Checks 6 and 8: Discord output fuzzing, and Discord faults, permissions and floods.

Check 6 feeds bot/formatting.py random answers (mentions, links, images, code blocks, [n] markers, up to 20,000
characters) and holds every outgoing payload to Discord's documented limits, no pings and no lost marker or source.
Check 8 runs the real discord.py client against the local fake Discord (tests/bot/fake_discord.py), taught here to
fail: rate limits with retry_after and X-RateLimit headers, server errors, a Cloudflare ban (an HTML 429 with no
Via header, which discord.py does not retry), permission overrides, floods and an oversized question.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.client import GazetteBot, _send_kwargs
from bot.feedback import FeedbackStore
from bot.formatting import format_answer
from bot.services import IngestCounts
from gazette.models import Answer, Citation
from tests.bot import fake_discord as fd
from tests.bot.conftest import running
from tests.bot.fake_discord import (
    BOB,
    BOT_ID,
    CHANNEL_ID,
    MEMBER_ROLE_ID,
    USER_THREAD_ID,
    FakeDiscord,
    Recorded,
)
from tests.bot.helpers import callback, command_reply, posted_in, thread_from
from tests.conftest import make_settings
from tests.reliability.conftest import scaled
from tests.reliability.leaks import API_KEY, watched


@pytest.fixture(autouse=True)
def _logs_watched():
    """Check 9 reads every log line these checks produce."""
    with watched():
        yield


# -- check 6: output fuzzing -----------------------------------------------------------------------------------

# Discord's documented limits, written out again here rather than imported from the code under test.
CONTENT, TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER, AUTHOR, TOTAL, EMBEDS = (
    2000, 256, 4096, 25, 256, 1024, 2048, 256, 6000, 10)
PING = re.compile(r"@(everyone|here)|<@[!&]?\d+>", re.IGNORECASE)
MARKER = re.compile(r"\[\d{1,3}\]")

_ids = st.integers(0, 10**20)
_urls = st.sampled_from(["https://news.example/a", "http://evil.example/x?q=@everyone", "https://x.example/(a)",
                         "www.evil.example/p", "discord.gg/invite", "<https://news.example/b>", "javascript:alert(1)"])
_plain = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)
_fragment = st.one_of(
    _plain,
    st.sampled_from(["@everyone", "@here", "@EVERYONE", "@@here", "\n", "\n\n", " ", ". ", "```", "`", "> ", "-# ",
                     "<@", ">", "[", "]", "(", ")", "!", "*", "_", "~", "|", "\u200b"]),
    _ids.map(lambda i: f"<@{i}>"), _ids.map(lambda i: f"<@!{i}>"), _ids.map(lambda i: f"<@&{i}>"),
    _ids.map(lambda i: f"<#{i}>"),
    st.integers(1, 12).map(lambda n: f"[{n}]"),
    st.builds(lambda t, u: f"[{t}]({u})", _plain, _urls),
    st.builds(lambda t, u: f"![{t}]({u})", _plain, _urls),
    _urls,
    st.builds(lambda lang, body: f"```{lang}\n{body}\n```", st.sampled_from(["", "py", "json"]), _plain),
    st.builds(lambda t: f"`{t}`", _plain),
)
# A piece repeated many times reaches 20,000 characters without drawing 20,000 characters one by one.
_piece = st.one_of(_fragment, st.builds(lambda f, k: f * k, _fragment, st.integers(1, 800)))
_text = st.lists(_piece, max_size=40).map(lambda parts: "".join(parts)[:20_000])
_citation_text = st.lists(_fragment, max_size=8).map("".join)


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    citations = [
        Citation(n=n, title=draw(_citation_text), outlet=draw(_citation_text), quote=draw(_text.map(lambda t: t[:3000])),
                 url=draw(st.one_of(_urls, _plain)), published=draw(st.sampled_from([None, "2024-11-01"])),
                 doc_id=f"d{n}", chunk_id=f"c{n}")
        for n in range(1, draw(st.integers(0, 14)) + 1)
    ]
    question = draw(_citation_text).replace("[", "(")
    searched = draw(st.sampled_from([question, draw(_citation_text).replace("[", "(")]))
    return Answer(question=question, answer=draw(_text), abstained=False, citations=citations,
                  searched_query=searched)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def payload_problems(answer: Answer) -> list[str]:
    messages = format_answer(answer)
    problems = []
    for i, m in enumerate(messages):
        kwargs = _send_kwargs(m)
        payload = {"content": kwargs.get("content"), "embeds": [e.to_dict() for e in kwargs.get("embeds", [])]}
        where = f"message {i + 1} of {len(messages)}"
        if kwargs["allowed_mentions"].to_dict() != {"parse": []}:
            problems.append(f"{where}: allowed_mentions {kwargs['allowed_mentions'].to_dict()}")
        if len(payload["content"] or "") > CONTENT:
            problems.append(f"{where}: content of {len(payload['content'])} characters")
        if not payload["content"] and not payload["embeds"]:
            problems.append(f"{where}: empty")
        if len(payload["embeds"]) > EMBEDS:
            problems.append(f"{where}: {len(payload['embeds'])} embeds")
        total = 0
        for e in payload["embeds"]:
            sizes = {"title": len(e.get("title", "")), "description": len(e.get("description", "")),
                     "footer": len(e.get("footer", {}).get("text", "")),
                     "author": len(e.get("author", {}).get("name", ""))}
            limits = {"title": TITLE, "description": DESCRIPTION, "footer": FOOTER, "author": AUTHOR}
            problems += [f"{where}: embed {k} of {v}" for k, v in sizes.items() if v > limits[k]]
            fields = e.get("fields", [])
            if len(fields) > FIELDS or any(len(f["name"]) > FIELD_NAME or len(f["value"]) > FIELD_VALUE
                                           for f in fields):
                problems.append(f"{where}: embed fields over the limits")
            total += sum(sizes.values()) + sum(len(f["name"]) + len(f["value"]) for f in fields)
        if total > TOTAL:
            problems.append(f"{where}: {total} embed characters")
        for s in _strings(payload):
            if PING.search(s):
                problems.append(f"{where}: a mention {PING.search(s).group(0)!r}")
    # The question and searched query carry no markers (see answers()): every marker sent is the answer's. Each
    # message is read on its own: a marker cannot span two posts ("[0" and "]" are not "[0]").
    if [mk for m in messages for mk in MARKER.findall(m.content)] != MARKER.findall(answer.answer):
        problems.append("citation markers lost or reordered")
    titles = [e["title"] for m in messages for e in m.embeds]
    if [t.split(" ", 1)[0] for t in titles] != [f"[{c.n}]" for c in answer.citations]:
        problems.append("a source lost or reordered")
    return problems


@pytest.mark.check(6)
def test_every_outgoing_payload_stays_within_discord_limits_and_pings_nobody(score):
    seen: list[str] = []

    @settings(max_examples=scaled(50, 500), deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(answers())
    def check(answer: Answer) -> None:
        score.tried()
        problems = payload_problems(answer)
        if problems:
            seen.append(f"{problems[0]} (answer of {len(answer.answer)} characters)")
        assert not problems, problems

    try:
        check()
    finally:
        for what in dict.fromkeys(seen):
            score.failed(what)


# -- check 8: the fake Discord, taught to fail -----------------------------------------------------------------

RATE_HEADERS = {"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "0.3",
                "X-RateLimit-Bucket": "fake-bucket", "X-RateLimit-Scope": "user", "Via": "1.1 google"}


def rate_limited(retry_after: float = 0.3, is_global: bool = False) -> web.Response:
    headers = RATE_HEADERS | {"Retry-After": str(retry_after), "Content-Type": "application/json"}
    if is_global:
        headers |= {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
    return web.Response(status=429, body=json.dumps(body).encode(), headers=headers)


def server_error(status: int) -> web.Response:
    return web.Response(status=status, body=b"<html><body>upstream error</body></html>",
                        headers={"Content-Type": "text/html"})


def cloudflare_ban() -> web.Response:
    # What Cloudflare sends a banned client: HTML, no JSON, no Via header from Discord's own servers.
    return web.Response(status=429, body=b"<!DOCTYPE html><html><title>Error 1015</title>You are being rate "
                        b"limited.</html>", headers={"Content-Type": "text/html; charset=UTF-8",
                                                    "Retry-After": "1", "Server": "cloudflare"})


@dataclass
class Fault:
    """The next ``times`` requests that ``match`` get ``respond()`` instead of Discord's answer."""

    name: str
    match: Any
    respond: Any
    times: int
    min_wait: float = 0.0
    hits: list[float] = field(default_factory=list)
    after_posting: bool = False  # Discord posts the message, then fails the request anyway


@dataclass
class FaultyDiscord(FakeDiscord):
    faults: list[Fault] = field(default_factory=list)
    times: dict[int, float] = field(default_factory=dict)
    grants: dict[int, int] = field(default_factory=dict)  # user or role id -> permission bits a channel override allows

    def _intercept(self, rec: Recorded) -> web.Response | None:
        for fault in self.faults:
            if fault.times > 0 and fault.match(rec):
                fault.times -= 1
                fault.hits.append(time.monotonic())
                if fault.after_posting:
                    self._route(rec)
                return fault.respond()
        self.times[id(rec)] = time.monotonic()
        return None

    def _channel_payload(self, channel_id: int) -> dict[str, Any]:
        payload = super()._channel_payload(channel_id)
        if self.grants:
            payload = payload | {"permission_overwrites": [
                {"id": str(i), "type": 0 if i == MEMBER_ROLE_ID else 1, "allow": str(bits), "deny": "0"}
                for i, bits in self.grants.items()]}
        return payload


ANSWER_TEXT = "Up to 8,000 North Korean troops are in Kursk, US officials said [1]."


class Static:
    """An answer service with one cited answer; it counts calls (these checks are about the bot, not the core)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def answer(self, question: str, history: Any, filters: Any) -> Answer:
        self.calls.append(question)
        return Answer(question=question, answer=ANSWER_TEXT, abstained=False, searched_query=question, citations=[
            Citation(n=1, title="Troops in Kursk", outlet="Global Desk", url="https://globaldesk.example/kursk",
                     published="2024-11-01", quote=ANSWER_TEXT, doc_id="d1", chunk_id="c1")])


class CountingReingester:
    def __init__(self) -> None:
        self.runs = 0

    def source_names(self) -> list[str]:
        return ["wire"]

    def run(self, source: Any, progress: Any, prune: bool = False) -> IngestCounts:
        self.runs += 1
        return IngestCounts(sources=("wire",))


def new_bot(tmp_path, answers: Any = None, clock: Any = time.monotonic, **discord_settings: Any) -> GazetteBot:
    config = {"sync_commands": False, "cooldown_s": 0} | discord_settings
    settings = make_settings(tmp_path / "store", discord=config, llm={"api_key": API_KEY})
    return GazetteBot(config=settings.discord, answers=answers or Static(), reingester=CountingReingester(),
                      sources=None, stats=None, feedback=FeedbackStore(tmp_path / f"feedback-{time.monotonic_ns()}.db"),
                      add_vote_reactions=False, clock=clock, send_retry_wait_s=0.2, guild_ready_timeout=0.05)


def _answer_post(rec: Recorded) -> bool:
    return rec.method in ("POST", "PATCH") and "8,000" in rec.content


def to_slash_replies(r: Recorded) -> bool:
    """The /ask answer: the edit of the deferred response, or a followup."""
    return r.path.startswith(f"/webhooks/{fd.APP_ID}/") and (
        (r.method == "POST" and r.path.count("/") == 3) or (r.method == "PATCH" and r.path.endswith("/@original")))


def to_threads(r: Recorded) -> bool:
    return r.method == "POST" and r.path.endswith("/messages") and r.path != f"/channels/{CHANNEL_ID}/messages"


FAULTS = {
    # (path: slash command's followup or mention's thread message, the fault, how many times, least back-off)
    "429 with retry_after on a /ask answer": ("slash", lambda: rate_limited(0.3), 2, 0.3),
    "global 429 on a /ask answer": ("slash", lambda: rate_limited(0.3, is_global=True), 1, 0.3),
    "429 with retry_after on a channel message": ("mention", lambda: rate_limited(0.3), 2, 0.3),
    "global 429 on a channel message": ("mention", lambda: rate_limited(0.3, is_global=True), 1, 0.3),
    "502 on a /ask answer": ("slash", lambda: server_error(502), 1, 0.5),
    "503 on a /ask answer": ("slash", lambda: server_error(503), 1, 0.5),
    "502 on a channel message": ("mention", lambda: server_error(502), 1, 0.5),
    "503 on a channel message": ("mention", lambda: server_error(503), 2, 0.2),
    "Cloudflare ban on a /ask answer": ("slash", cloudflare_ban, 2, 0.2),
    "Cloudflare ban on a channel message": ("mention", cloudflare_ban, 2, 0.2),
    # discord.py repeats a 502 itself with the same payload (nonce included); a 503 comes back to the bot.
    "503 after the channel message was posted": ("mention", lambda: server_error(503), 1, 0.2),
    "503 after the /ask answer was posted": ("slash", lambda: server_error(503), 1, 0.2),
}
POSTED_ANYWAY = {"503 after the channel message was posted", "503 after the /ask answer was posted"}


@pytest.mark.check(8)
@pytest.mark.parametrize("fault_name", list(FAULTS))
async def test_the_bot_backs_off_and_the_answer_still_arrives(faulty, tmp_path, fault_name, score):
    where, respond, times, least_wait = FAULTS[fault_name]
    fault = Fault(fault_name, to_slash_replies if where == "slash" else to_threads, respond, times,
                  after_posting=fault_name in POSTED_ANYWAY)
    faulty.faults.append(fault)
    score.tried()
    bot = new_bot(tmp_path)
    async with running(bot):
        if where == "slash":
            token = await faulty.slash("ask", {"question": "How many troops are in Kursk?"})
            answer = await faulty.wait_for(lambda r: command_reply(token)(r) and _answer_post(r), timeout=30)
        else:
            question = await faulty.say(f"<@{BOT_ID}> How many troops are in Kursk?")
            thread = await faulty.wait_for(thread_from(question["id"]))
            answer = await faulty.wait_for(lambda r: posted_in(int(thread.response["id"]))(r) and _answer_post(r),
                                           timeout=30)
    problems = []
    if len(fault.hits) != times:
        problems.append(f"the fault struck {len(fault.hits)} times, not {times}")
    elif faulty.times[id(answer)] - fault.hits[-1] < least_wait * 0.9:
        problems.append(f"retried after {faulty.times[id(answer)] - fault.hits[-1]:.2f} s, before the back-off")
    copies = sum(1 for m in faulty.messages.values() if "8,000" in m["content"])
    if copies != 1:
        problems.append(f"{copies} copies of the answer")
    for p in problems:
        score.failed(f"{fault_name}: {p}")
    assert not problems


MANAGE_CHANNELS, MANAGE_MESSAGES, MANAGE_ROLES, MANAGE_WEBHOOKS = 1 << 4, 1 << 13, 1 << 28, 1 << 29
MENTION_EVERYONE, MANAGE_THREADS, MODERATE_MEMBERS, KICK, BAN = 1 << 17, 1 << 34, 1 << 40, 1 << 1, 1 << 2
OVERRIDES = {
    "no override": {},
    "manage channels for the member": {BOB: MANAGE_CHANNELS},
    "manage messages, threads and webhooks for the member": {BOB: MANAGE_MESSAGES | MANAGE_THREADS | MANAGE_WEBHOOKS},
    "manage roles, kick, ban and moderate for the member's role": {
        MEMBER_ROLE_ID: MANAGE_ROLES | KICK | BAN | MODERATE_MEMBERS},
    "mention everyone and everything channel-level for both": {
        BOB: fd.ALL_PERMISSIONS & ~fd.MANAGE_GUILD & ~(1 << 3), MEMBER_ROLE_ID: MENTION_EVERYONE},
}


@pytest.mark.check(8)
@pytest.mark.parametrize("override", list(OVERRIDES))
async def test_a_non_admin_reingest_never_starts_an_ingest(faulty, tmp_path, monkeypatch, override, score):
    grants = OVERRIDES[override]
    faulty.grants = grants
    extra = 0
    for bits in grants.values():
        extra |= bits
    # Discord hands the bot the member's permissions in the channel, overrides applied.
    monkeypatch.setitem(fd.PERMISSIONS, BOB, fd.PLAIN_PERMISSIONS | extra)
    bot = new_bot(tmp_path)
    tokens = []
    async with running(bot):
        for channel in (CHANNEL_ID, USER_THREAD_ID):
            for options in ({}, {"source": "wire", "prune": True}):
                score.tried()
                token = await faulty.slash("reingest", options, user=BOB, channel_id=channel)
                tokens.append((token, await faulty.wait_for(callback(token))))
    problems = []
    if bot.reingester.runs:
        problems.append(f"{bot.reingester.runs} ingest(s) started")
    for _token, reply in tokens:
        data = reply.json.get("data") or {}
        if not (data.get("flags") == 64 and "Manage Server" in data.get("content", "")):
            problems.append(f"not refused: {reply.json}")
    for p in problems:
        score.failed(f"{override}: {p}")
    assert not problems


@pytest.mark.check(8)
async def test_a_flood_from_one_user_gets_at_most_the_cooldown_allows(faulty, tmp_path, score):
    now = [0.0]
    cooldown = 3.0
    static = Static()
    bot = new_bot(tmp_path, static, clock=lambda: now[0], cooldown_s=cooldown)
    questions = 100  # in 10 s (the bot's clock is the test's)
    async with running(bot):
        for i in range(questions):
            score.tried()
            now[0] = i * 10.0 / questions
            token = await faulty.slash("ask", {"question": f"Question number {i} about Kursk?"}, user=BOB)
            await faulty.wait_for(callback(token))
        deferred = faulty.matching(lambda r: r.path.endswith("/callback") and r.json.get("type") == 5)
        for _ in range(400):  # every question let through is answered before the bot stops
            if len(faulty.matching(_answer_post)) >= len(deferred):
                break
            await asyncio.sleep(0.05)
    allowed = int(10.0 // cooldown) + 1
    refused = [r for r in faulty.matching(lambda r: r.path.endswith("/callback"))
               if "Please wait" in ((r.json.get("data") or {}).get("content") or "")]
    problems = []
    if not 1 <= len(static.calls) <= allowed:
        problems.append(f"{len(static.calls)} of {questions} questions answered (cooldown allows {allowed})")
    if len(deferred) != len(static.calls) or len(faulty.matching(_answer_post)) != len(static.calls):
        problems.append(f"{len(deferred)} questions let through, {len(static.calls)} answered")
    if len(refused) != questions - len(static.calls):
        problems.append(f"{len(refused)} refusals for {questions - len(static.calls)} unanswered questions")
    for p in problems:
        score.failed(p)
    assert not problems


class CallSpy:
    """Records every method call on the object it wraps, then passes it on."""

    def __init__(self, real: Any, calls: list[str], name: str) -> None:
        self._real, self._calls, self._name = real, calls, name

    def __getattr__(self, attr: str) -> Any:
        value = getattr(self._real, attr)
        if not callable(value):
            return value

        def spied(*args: Any, **kwargs: Any) -> Any:
            self._calls.append(f"{self._name}.{attr}")
            return value(*args, **kwargs)

        return spied


@pytest.mark.check(8)
async def test_a_50000_character_question_reaches_no_model(faulty, tmp_path, sample_app, score):
    from bot.adapters import CoreAnswers

    calls: list[str] = []
    sample_app.retriever.embedder = CallSpy(sample_app.retriever.embedder, calls, "embedder")
    sample_app.retriever = CallSpy(sample_app.retriever, calls, "retriever")
    sample_app.answerer = CallSpy(sample_app.answerer, calls, "answerer")
    bot = new_bot(tmp_path, CallSpy(CoreAnswers(sample_app), calls, "answers"))
    huge = "Why " + "is this question so very long " * 1700 + "?"
    assert len(huge) >= 50_000
    async with running(bot):
        score.tried(2)
        token = await faulty.slash("ask", {"question": huge}, user=BOB)
        refused = await faulty.wait_for(callback(token))
        message = await faulty.say(f"<@{BOT_ID}> {huge}", user=BOB)
        reply = await faulty.wait_for(lambda r: posted_in(CHANNEL_ID)(r) and "characters long" in r.content)
        # The same path still answers a normal question (the spies see it): the refusals above were not luck.
        ok = await faulty.slash("ask", {"question": "How many North Korean troops are in Kursk?"}, user=fd.ALICE)
        await faulty.wait_for(lambda r: command_reply(ok)(r) and "8,000" in r.content, timeout=60)
    problems = []
    before_ok = calls[: calls.index("answers.answer")] if "answers.answer" in calls else calls
    if before_ok:
        problems.append(f"the long questions reached {before_ok}")
    if "characters long" not in (refused.json.get("data") or {}).get("content", ""):
        problems.append(f"slash command not refused: {refused.json}")
    if str(reply.json["message_reference"]["message_id"]) != message["id"]:
        problems.append("the mention's refusal is not a reply to it")
    if not {"retriever.search", "answerer.answer"} <= set(calls):
        problems.append(f"the spies never saw the normal question: {calls}")
    for p in problems:
        score.failed(p)
    assert not problems

