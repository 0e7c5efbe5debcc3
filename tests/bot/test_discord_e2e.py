"""The real bot (discord.py client started with bot.start) against the local fake Discord.

/ask and mentions run the real answering path over the sample archive (real embedding model, real Chroma);
tests that need specific answer text replace the text of a real answer (Rewritten).
"""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from bot.client import APOLOGY
from bot.formatting import CONTENT_LIMIT, MARKER, MENTION, ZWSP
from bot.run import install_redaction
from gazette.cli import main as cli_main
from gazette.cli import sample_archive_path
from tests.bot.conftest import running
from tests.bot.fake_discord import (
    ADMIN_ROLE_ID,
    ALICE,
    BOB,
    BOT_ID,
    BOT_ROLE_ID,
    CAROL,
    CHANNEL_ID,
    OTHER_CHANNEL_ID,
    TOKEN,
    USER_THREAD_ID,
)
from tests.bot.helpers import (
    Gated,
    Spy,
    any_thread,
    callback,
    command_reply,
    edit_original,
    index,
    make_bot,
    no_pings,
    posted_in,
    reaction,
    reader_over_new_store,
    thread_from,
    write_sources,
)

pytestmark = pytest.mark.slow

KURSK = "How many North Korean troops are in Kursk?"


# -- /ask, mentions, threads -----------------------------------------------------------------------------------


async def test_ask_defers_then_answers_with_sources_and_opens_a_thread(fake_discord, sample_app, feedback):
    fake = fake_discord
    async with running(make_bot(sample_app, feedback)):
        token = await fake.slash("ask", {"question": KURSK})
        deferred = await fake.wait_for(callback(token))
        answer = await fake.wait_for(command_reply(token))
        thread = await fake.wait_for(thread_from(answer.response["id"]))
        await fake.wait_for(reaction(answer.response["id"], "👎"))

    assert deferred.json == {"type": 5}  # deferred "Gazette is thinking…", before anything else for this command
    assert index(fake, deferred) < index(fake, answer)
    # The answer replaces the "thinking…" response (an edit: a retry cannot post it twice).
    assert answer.method == "PATCH" and answer.path.endswith("/messages/@original")
    assert int(answer.response["id"]) == fake._originals[token]
    body = answer.json
    assert "8,000" in body["content"] and "[1]" in body["content"]
    assert no_pings(body)
    first = body["embeds"][0]
    assert first["title"].startswith("[1] ") and first["url"].startswith("https://globaldesk.example/")
    assert first["description"].startswith("> ") and "8,000" in first["description"]
    assert first["author"]["name"] == "Global Desk" and first["footer"]["text"] == "2024-11-01"
    assert thread.json["name"] == KURSK
    assert fake.matching(reaction(answer.response["id"], "👍"))
    thread_id = int(thread.response["id"])
    assert feedback.answered() == 1 and feedback.history(thread_id, 2)[0] == ("user", KURSK)


async def test_mention_opens_a_thread_and_a_follow_up_there_uses_the_first_answer(fake_discord, sample_app, feedback):
    fake = fake_discord
    async with running(make_bot(sample_app, feedback)):
        await fake.say("just chatting, not a question for the bot")  # no mention, not a Gazette thread: ignored
        question = await fake.say(f"<@{BOT_ID}> {KURSK}")
        thread = await fake.wait_for(thread_from(question["id"]))
        thread_id = int(thread.response["id"])
        await fake.wait_for(lambda r: r.method == "POST" and r.path == f"/channels/{thread_id}/typing")
        first = await fake.wait_for(posted_in(thread_id))
        # A follow-up in the thread, without a mention, that only makes sense after the first question.
        follow = await fake.say("What did Zelensky say about them?", channel_id=thread_id)
        second = await fake.wait_for(lambda r: posted_in(thread_id)(r) and r is not first)
        await fake.wait_for(reaction(second.response["id"], "👎"))

    assert len(fake.matching(lambda r: r.path.endswith("/threads"))) == 1
    assert thread.json["name"] == KURSK
    assert "8,000" in first.content and no_pings(first.json) and first.json["embeds"]
    # Answered from the conversation: the search carried the first question's terms, and found Kyiv's estimate.
    assert "searched for: What did Zelensky say about them? (" in second.content and "Kursk" in second.content
    assert "11,000" in second.content
    assert str(second.json["message_reference"]["message_id"]) == follow["id"]
    assert no_pings(second.json)
    assert [q for role, q in feedback.history(thread_id, 10) if role == "user"] == [
        KURSK, "What did Zelensky say about them?"]


class Rewritten:
    """The real answer (real search, real citations) with its text replaced: text the core would never write,
    to see how the bot posts it."""

    def __init__(self, real, text):
        self.real = real
        self.text = text

    def answer(self, question, history, filters):
        return self.real.answer(question, history, filters).model_copy(update={"answer": self.text})


async def test_in_a_members_thread_gazette_answers_when_mentioned_only(fake_discord, sample_app, feedback):
    fake = fake_discord
    # One answer at a time: had Gazette taken up the members' message, its reply would come before the second.
    async with running(make_bot(sample_app, feedback, max_concurrent_answers=1)):
        question = await fake.say(f"<@{BOT_ID}> {KURSK}", channel_id=USER_THREAD_ID)
        answer = await fake.wait_for(posted_in(USER_THREAD_ID))
        await fake.wait_for(reaction(answer.response["id"], "👎"))
        await fake.say("Nice, thanks. What about lunch?", channel_id=USER_THREAD_ID)  # members talking: not for Gazette
        again = await fake.say(f"<@{BOT_ID}> What did Zelensky say about them?", channel_id=USER_THREAD_ID)
        second = await fake.wait_for(lambda r: posted_in(USER_THREAD_ID)(r) and r is not answer)
        await fake.wait_for(reaction(second.response["id"], "👎"))
    assert not fake.matching(any_thread)  # no new thread inside a thread
    assert str(answer.json["message_reference"]["message_id"]) == question["id"] and "8,000" in answer.content
    assert str(second.json["message_reference"]["message_id"]) == again["id"]
    assert len(fake.matching(posted_in(USER_THREAD_ID))) == 2
    # The thread's history still gives the mention its context.
    assert "Kursk" in second.content.rsplit("searched for:", 1)[-1]


async def test_a_long_answer_is_split_within_discord_limits(fake_discord, sample_app, feedback):
    sentences = [f"Point {i}: officials gave another figure for the deployment in Kursk [{1 + i % 2}]."
                 for i in range(90)]
    paragraphs = "\n\n".join(" ".join(sentences[i:i + 6]) for i in range(0, 90, 6))
    bot = make_bot(sample_app, feedback)
    bot.answers = Rewritten(bot.answers, paragraphs)
    fake = fake_discord
    async with running(bot):
        token = await fake.slash("ask", {"question": KURSK})
        await fake.wait_for(any_thread)
    parts = fake.matching(command_reply(token))
    assert len(parts) >= 3 and len(paragraphs) > 2 * CONTENT_LIMIT
    contents = [p.json.get("content", "") for p in parts]
    assert all(0 < len(c) <= CONTENT_LIMIT for c in contents)
    assert all(no_pings(p.json) for p in parts)
    # Every marker arrives whole and in order; the sources ride on the last message only.
    assert [m for c in contents for m in MARKER.findall(c)] == MARKER.findall(paragraphs)
    assert [bool(p.json.get("embeds")) for p in parts] == [False] * (len(parts) - 1) + [True]
    text, note = " ".join(contents).rsplit("\n-# ", 1)
    assert text.split() == paragraphs.split() and note.startswith("sources as of ")
    [thread] = fake.matching(any_thread)
    assert thread.path.endswith(f"/messages/{parts[0].response['id']}/threads")  # the thread hangs off the first part


async def test_mentions_and_foreign_links_in_an_answer_are_neutralised(fake_discord, sample_app, feedback):
    bot = make_bot(sample_app, feedback)
    bot.answers = Rewritten(bot.answers, f"@everyone Up to 8,000 troops are in Kursk [1]. Ask <@&{ADMIN_ROLE_ID}> "
                                         f"or <@{BOB}>, see https://evil.example/phish and tell @here.")
    fake = fake_discord
    async with running(bot):
        # Mentioned through its own role, as Discord's picker sometimes does.
        question = await fake.say(f"<@&{BOT_ROLE_ID}> {KURSK}", user=ALICE)
        thread = await fake.wait_for(thread_from(question["id"]))
        answer = await fake.wait_for(posted_in(int(thread.response["id"])))
    body = answer.json
    assert no_pings(body)
    assert not MENTION.search(body["content"])
    assert f"@{ZWSP}everyone" in body["content"] and f"<@{ZWSP}&{ADMIN_ROLE_ID}>" in body["content"]
    assert f"<@{ZWSP}{BOB}>" in body["content"] and f"@{ZWSP}here" in body["content"]
    assert "hxxps://evil[.]example/phish" in body["content"] and "https://evil" not in body["content"]
    assert thread.json["name"] == KURSK  # the question, without the role mention


# -- /reingest, /sources, /stats -----------------------------------------------------------------------------


async def test_reingest_is_refused_to_a_non_admin(fake_discord, sample_app, feedback):
    fake = fake_discord
    bot = make_bot(sample_app, feedback)
    bot.reingester = spy = Spy(bot.reingester)
    async with running(bot):
        token = await fake.slash("reingest", {}, user=BOB)
        refused = await fake.wait_for(callback(token))
        ask = await fake.slash("stats", {}, user=BOB)  # a later command: the refusal above is complete
        await fake.wait_for(command_reply(ask))
    assert refused.json["type"] == 4 and refused.json["data"]["flags"] == 64  # only BOB sees it
    assert "Manage Server" in refused.json["data"]["content"]
    assert spy.runs == 0 and not fake.matching(edit_original(token))


async def test_reingest_by_an_admin_reports_progress_and_counts_and_the_bot_keeps_answering(
        fake_discord, tmp_path, embedder, feedback):
    lines = sample_archive_path().read_text(encoding="utf-8").splitlines()
    (tmp_path / "wire.jsonl").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    (tmp_path / "desk.jsonl").write_text("\n".join(lines[4:8]) + "\n{not json\n", encoding="utf-8")
    sources = write_sources(tmp_path, {"wire": tmp_path / "wire.jsonl", "desk": tmp_path / "desk.jsonl"})
    app = reader_over_new_store(tmp_path / "store", embedder, sources)
    bot = make_bot(app, feedback, admin_roles=str(ADMIN_ROLE_ID))
    bot.reingester = gated = Gated(bot.reingester)
    fake = fake_discord
    try:
        async with running(bot):
            token = await fake.slash("reingest", {}, user=ALICE)
            started = await fake.wait_for(callback(token))
            await fake.wait_for(edit_original(token, "⏳ Re-ingesting `wire`"))
            # While it runs: a second request is turned away, even from an admin by role...
            second = await fake.slash("reingest", {"source": "desk"}, user=CAROL)
            busy = await fake.wait_for(callback(second))
            # ...and questions are still answered.
            ask = await fake.slash("ask", {"question": KURSK}, user=BOB)
            answered = await fake.wait_for(command_reply(ask))
            assert not fake.matching(edit_original(token, "✅")), "the re-ingest ended before the test let it"
            gated.gate.set()
            done = await fake.wait_for(edit_original(token, "✅"), timeout=120)
            stats = await fake.slash("stats", {}, user=BOB)
            stats_reply = await fake.wait_for(command_reply(stats))
            sources = await fake.slash("sources", {}, user=BOB)
            sources_reply = await fake.wait_for(command_reply(sources))
    finally:
        gated.gate.set()
        app.close()
    assert started.json["type"] == 4 and "Re-ingesting all sources: starting" in started.json["data"]["content"]
    assert busy.json["data"]["flags"] == 64 and "already running" in busy.json["data"]["content"]
    assert answered.json.get("content") and gated.runs == 1 and gated.prunes == [False]
    assert "8 added, 0 updated, 0 unchanged, 0 removed, 1 failed" in done.content
    assert "`wire`, `desk`" in done.content and "desk.jsonl:5: malformed JSON" in done.content
    assert no_pings(done.json)
    assert "8 articles in" in stats_reply.content and "Questions answered**: 1" in stats_reply.content
    assert "**wire** (file): 4 articles, last ingested 20" in sources_reply.content
    assert "**desk** (file): 4 articles, last ingested 20" in sources_reply.content


# -- feedback ------------------------------------------------------------------------------------------------


async def test_a_reaction_on_an_answer_is_recorded_and_exported(fake_discord, sample_app, feedback, tmp_path):
    fake = fake_discord
    async with running(make_bot(sample_app, feedback)):
        token = await fake.slash("ask", {"question": KURSK})
        answer = await fake.wait_for(command_reply(token))
        message_id = int(answer.response["id"])
        await fake.wait_for(reaction(message_id, "👎"))
        await fake.react(message_id, "👍", user=BOT_ID)  # Gazette's own invitation: not a vote
        await fake.react(message_id, "🎉", user=BOB)  # not a vote either
        await fake.react(message_id, "👍", user=ALICE)
        for _ in range(200):
            if feedback.votes():
                break
            await asyncio.sleep(0.05)
    [vote] = feedback.votes()
    assert (vote["user_id"], vote["vote"], vote["question"]) == (ALICE, 1, KURSK)
    assert "8,000" in vote["answer"] and vote["sources"][0]["url"].startswith("https://globaldesk.example/")
    out = tmp_path / "cases.jsonl"
    assert cli_main(["feedback", "export", "--db", str(feedback.path), "--out", str(out)]) == 0
    [case] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert case["vote"] == "up" and case["choices"] is None and case["question"] == KURSK
    assert case["answer"] == "8,000" and case["history"] == []  # the core's short answer
    assert case["expected_sources"] == list(dict.fromkeys(c["doc_id"] for c in vote["sources"]))


# -- abuse limits and errors ---------------------------------------------------------------------------------


class Scripted:
    """An answer service that records calls and fails on request (no model: these tests are about the bot)."""

    def __init__(self, real):
        self.real = real
        self.calls = []
        self.fail = False

    def answer(self, question, history, filters):
        self.calls.append((question, filters))
        if self.fail:
            raise RuntimeError(f"boom near {TOKEN}")
        return self.real.answer(question, history, filters)


async def test_limits_friendly_refusals_and_the_error_handler(fake_discord, sample_app, feedback, caplog):
    caplog.set_level(logging.DEBUG)
    install_redaction([TOKEN])  # as `gazette bot` does, on the handlers in place (here: pytest's)
    fake = fake_discord
    bot = make_bot(sample_app, feedback, cooldown_s=3600, max_question_chars=60, allowed_channels=[CHANNEL_ID])
    bot.answers = scripted = Scripted(bot.answers)

    def ephemeral(rec):
        data = rec.json.get("data") or rec.json
        assert data["flags"] == 64, rec.json
        return data["content"]

    async with running(bot):
        too_long = await fake.slash("ask", {"question": "Why " + "really " * 20 + "?"}, user=BOB)
        wrong_place = await fake.slash("ask", {"question": KURSK}, user=BOB, channel_id=OTHER_CHANNEL_ID)
        bad_date = await fake.slash("ask", {"question": KURSK, "since": "last Tuesday-ish"}, user=BOB)
        texts = [ephemeral(await fake.wait_for(callback(t))) for t in (too_long, wrong_place, bad_date)]
        assert scripted.calls == []  # refused before any search

        ok = await fake.slash("ask", {"question": KURSK, "since": "2024-10-01", "outlet": "Global Desk"}, user=BOB)
        await fake.wait_for(command_reply(ok))
        again = await fake.slash("ask", {"question": KURSK}, user=BOB)
        cooldown = ephemeral(await fake.wait_for(callback(again)))

        scripted.fail = True
        broken = await fake.slash("ask", {"question": KURSK}, user=ALICE)
        apology = await fake.wait_for(command_reply(broken))
        mention = await fake.say(f"<@{BOT_ID}> {KURSK}", user=CAROL)
        thread = await fake.wait_for(thread_from(mention["id"]))
        reply = await fake.wait_for(lambda r: r.method == "POST" and r.path.endswith("/messages")
                                    and APOLOGY in r.content)
        elsewhere = await fake.say(f"<@{BOT_ID}> {KURSK}", user=ALICE, channel_id=OTHER_CHANNEL_ID)
        refusal = await fake.wait_for(posted_in(OTHER_CHANNEL_ID))

    assert "characters long" in texts[0] and f"<#{CHANNEL_ID}>" in texts[1] and "2024-11-01" in texts[2]
    assert "Please wait" in cooldown
    assert [(q, f.since.isoformat(), f.outlets) for q, f in scripted.calls[:1]] == [
        (KURSK, "2024-10-01", ("Global Desk",))]
    assert ephemeral(apology) == APOLOGY
    assert reply.path == f"/channels/{thread.response['id']}/messages"  # the apology lands in the new thread
    assert f"<#{CHANNEL_ID}>" in refusal.content and str(refusal.json["message_reference"]["message_id"]) == elsewhere["id"]
    # Unexpected errors are logged with their traceback; the token is never logged, even at DEBUG.
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert len(logged) == 2 and all("RuntimeError" in caplog.handler.format(r) for r in logged)
    assert fake.identify["token"] == TOKEN  # the client did send it, to Discord only
    assert not any(TOKEN in caplog.handler.format(r) for r in caplog.records)
