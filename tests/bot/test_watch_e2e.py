"""/watch end to end: the real bot against the local fake Discord, a real store, the real model, and `gazette
ingest` run as a separate process (as docker compose runs the ingest container beside the bot).

A watch added by slash command opens its thread; after a run of another process adds matching articles, one
digest appears there; unrelated articles, or the same articles again, post nothing; a bot that was stopped during
the ingest posts the digest once when it starts; a crash between posting and recording posts nothing twice; a
watch whose thread is gone is disabled with one log line. Who may add, the cap, and bad input are refused in one
line with nothing stored.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from gazette.app import App
from gazette.watches import WatchStore, digest_key
from tests.bot.conftest import running
from tests.bot.fake_discord import (
    ALICE,
    BOB,
    BOT_ID,
    CAROL,
    CHANNEL_ID,
    OTHER_CHANNEL_ID,
    PLAIN_PERMISSIONS,
    FakeDiscord,
    Recorded,
)
from tests.bot.helpers import callback, command_reply, make_bot, no_pings, posted_in, thread_from
from tests.conftest import make_settings
from tests.watch_helpers import WATCH_TOPIC, build_base_store, copy_store, ingest_process

pytestmark = pytest.mark.slow

POLL_S = 0.2


@pytest.fixture(scope="module")
def template(tmp_path_factory, embedder):
    return build_base_store(tmp_path_factory.mktemp("watch-bot-template"), embedder)


@pytest.fixture
def files(template):
    return template[1]


@pytest.fixture
def reader(template, tmp_path, embedder):
    store = copy_store(template[0], tmp_path / "store")
    settings = make_settings(store, watch={"poll_interval_s": POLL_S, "max_per_server": 3})
    reader = App(settings, store=store).open_reader(embedder=embedder)
    yield reader
    reader.close()


def watch_bot(reader, feedback, **discord):
    return make_bot(reader, feedback, options={"send_retry_wait_s": 0.1}, **discord)


def watches_of(reader) -> list:
    store = WatchStore.open(reader.archive.path, readonly=True)
    if store is None:
        return []
    try:
        return store.watches()
    finally:
        store.close()


async def add_watch(fake: FakeDiscord, topic: str = WATCH_TOPIC, **options) -> tuple[int, int]:
    """/watch add by an admin; (watch id, thread id) once its thread is open."""
    token = await fake.slash("watch", {"topic": topic, **options}, user=ALICE, sub="add")
    confirm = await fake.wait_for(command_reply(token))
    thread = await fake.wait_for(thread_from(confirm.response["id"]))
    assert "👀 Watching" in confirm.content and no_pings(confirm.json)
    watch_id = int(confirm.content.split("(watch ", 1)[1].split(")", 1)[0])
    return watch_id, int(thread.response["id"])


async def processed(reader, run_id: int, bot) -> None:
    """Wait until every watch of the store has processed ``run_id``, and the bot has finished one more check."""
    for _ in range(600):
        if all(w.after_run >= run_id for w in watches_of(reader) if w.active):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError(f"the watches never processed run {run_id}")
    seen = bot._watch_checks
    for _ in range(600):
        if bot._watch_checks >= seen + 2:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the bot stopped checking its watches")


def digests_in(fake: FakeDiscord, thread_id: int) -> list[dict]:
    return [m for m in fake.messages.values() if m["channel_id"] == str(thread_id) and "-# watch " in m["content"]]


async def test_a_digest_from_a_separate_ingest_process_appears_once_in_the_watchs_thread(
        fake_discord, reader, files, feedback):
    fake = fake_discord
    bot = watch_bot(reader, feedback)
    async with running(bot):
        watch_id, thread_id = await add_watch(fake)
        ran = await ingest_process(reader.archive.path, files["story"])
        digest = await fake.wait_for(posted_in(thread_id), timeout=60)
        await processed(reader, ran["run_id"], bot)
        # Unrelated articles, then the same articles again: nothing is posted.
        unrelated = await ingest_process(reader.archive.path, files["unrelated"])
        await processed(reader, unrelated["run_id"], bot)
        again = await ingest_process(reader.archive.path, files["story"])
        await processed(reader, again["run_id"], bot)
        listed = await fake.slash("watch", {}, user=BOB, sub="list")
        listing = await fake.wait_for(command_reply(listed))
    assert ran["articles_added"] == 7 and again["articles_unchanged"] == 7
    # One digest, for the story's run: five stories and "and 2 more" take two messages, each posted once.
    posted = digests_in(fake, thread_id)
    key = digest_key(watch_id, ran["run_id"])
    assert [m["content"].rsplit("\n", 1)[1] for m in posted] == [f"-# {key} · 1/2", f"-# {key} · 2/2"]
    assert digest.json["content"] == posted[0]["content"]
    for rec in fake.matching(posted_in(thread_id)):
        assert no_pings(rec.json) and rec.json["nonce"] and rec.json.get("enforce_nonce")
        assert len(rec.json["content"]) <= 2000
    content = "\n".join(m["content"] for m in posted)
    assert content.startswith(f"📰 **{WATCH_TOPIC}**: 7 new stories") and "…and 2 more." in content
    lines = [line for line in content.splitlines() if line.startswith("• ")]
    assert len(lines) == 5
    for line in lines:
        # headline, outlet, the article's own date, its link (clickable, no preview), the quote
        assert line.count(" · ") >= 4 and "<https://" in line and line.endswith("”")
    assert "2024-11-01" in content and "Global Desk" in content
    assert f"{watch_id}: {WATCH_TOPIC}" in listing.content and f"<#{thread_id}>" in listing.content


async def test_a_bot_stopped_during_the_ingest_posts_the_digest_once_when_it_starts(
        fake_discord, reader, files, feedback):
    fake = fake_discord
    async with running(watch_bot(reader, feedback)):
        watch_id, thread_id = await add_watch(fake)
    ran = await ingest_process(reader.archive.path, files["story"])  # no bot running
    assert not digests_in(fake, thread_id)
    bot = watch_bot(reader, feedback)
    async with running(bot):
        await fake.wait_for(posted_in(thread_id), timeout=60)
        await processed(reader, ran["run_id"], bot)
    bot = watch_bot(reader, feedback)
    async with running(bot):  # started once more: nothing to catch up
        await processed(reader, ran["run_id"], bot)
    assert [m["content"].rsplit("\n", 1)[1] for m in digests_in(fake, thread_id)] == [
        f"-# {digest_key(watch_id, ran['run_id'])} · {part}/2" for part in (1, 2)]


async def test_a_crash_between_posting_and_recording_posts_nothing_twice(fake_discord, reader, files, feedback,
                                                                          monkeypatch):
    fake = fake_discord
    bot = watch_bot(reader, feedback)
    crashed = asyncio.Event()

    def crash(*args, **kwargs):
        crashed.set()
        raise RuntimeError("the process died before it recorded the message")

    async with running(bot):
        watch_id, thread_id = await add_watch(fake)
        monkeypatch.setattr(bot.watches, "record_part", crash)
        ran = await ingest_process(reader.archive.path, files["story"])
        await asyncio.wait_for(crashed.wait(), 60)
    fake._nonces.clear()  # long after: Discord no longer remembers the nonce, only the thread's history tells
    bot = watch_bot(reader, feedback)
    async with running(bot):
        await processed(reader, ran["run_id"], bot)
        for _ in range(200):
            if not WatchStore.open(reader.archive.path, readonly=True).pending():
                break
            await asyncio.sleep(0.05)
    posted = digests_in(fake, thread_id)
    store = WatchStore.open(reader.archive.path, readonly=True)
    assert store.digest_states(watch_id) == [(ran["run_id"], "sent")]
    assert store.sent_parts(watch_id, ran["run_id"]) == {0: int(posted[0]["id"]), 1: int(posted[1]["id"])}
    assert len(posted) == 2  # the first part, posted before the crash, was found in the thread, not posted again
    assert fake.matching(lambda r: r.method == "GET" and r.path == f"/channels/{thread_id}/messages")


async def test_a_watch_whose_thread_is_gone_is_disabled_with_one_log_line(fake_discord, reader, files, feedback,
                                                                          caplog):
    caplog.set_level(logging.INFO, logger="bot.client")
    fake = fake_discord
    bot = watch_bot(reader, feedback)
    async with running(bot):
        watch_id, thread_id = await add_watch(fake)
        fake.gone.add(thread_id)  # someone deleted the thread
        ran = await ingest_process(reader.archive.path, files["story"])
        await processed(reader, ran["run_id"], bot)
        for _ in range(200):
            if watches_of(reader)[0].disabled:
                break
            await asyncio.sleep(0.05)
        later = await ingest_process(reader.archive.path, files["unrelated"])
        await processed(reader, later["run_id"], bot)
    [watch] = watches_of(reader)
    assert watch.disabled and f"thread {thread_id}" in watch.disabled and "404" in watch.disabled
    disabled = [r for r in caplog.records if "disabled" in r.getMessage()]
    assert len(disabled) == 1 and disabled[0].levelno == logging.WARNING and "\n" not in disabled[0].getMessage()
    assert not digests_in(fake, thread_id)
    assert len(fake.matching(posted_in(thread_id))) == 1  # one try, then never again


# -- who may add, the cap and bad input ------------------------------------------------------------------------


def ephemeral(rec: Recorded) -> str:
    data = rec.json.get("data") or rec.json
    assert data["flags"] == 64, rec.json
    return data["content"]


async def test_who_may_add_the_cap_and_bad_input_are_refused_in_one_line_with_nothing_stored(
        fake_discord, reader, feedback):
    fake = fake_discord
    fake.app_permissions[OTHER_CHANNEL_ID] = PLAIN_PERMISSIONS & ~(1 << 35) & ~(1 << 38)  # no threads there
    bot = watch_bot(reader, feedback, admin_roles=str(300))
    async with running(bot):
        refusals = {}
        for name, options, user, channel in [
            ("not an admin", {"topic": WATCH_TOPIC}, BOB, CHANNEL_ID),
            ("empty topic", {"topic": "   "}, ALICE, CHANNEL_ID),
            ("topic too long", {"topic": "Kursk " * 30}, ALICE, CHANNEL_ID),
            ("cannot post there", {"topic": WATCH_TOPIC}, ALICE, OTHER_CHANNEL_ID),
        ]:
            token = await fake.slash("watch", options, user=user, channel_id=channel, sub="add")
            refusals[name] = ephemeral(await fake.wait_for(callback(token)))
        assert watches_of(reader) == []
        for _ in range(3):  # the server's cap is 3 (an admin by role may add too)
            await add_watch(fake, "Kursk")
        token = await fake.slash("watch", {"topic": "One too many"}, user=CAROL, sub="add")
        capped = await fake.wait_for(command_reply(token))
        unknown = await fake.slash("watch", {"id": 99}, user=ALICE, sub="remove")
        refusals["unknown id"] = ephemeral(await fake.wait_for(callback(unknown)))
        not_theirs = await fake.slash("watch", {"id": 1}, user=BOB, sub="remove")
        refusals["remove, not an admin"] = ephemeral(await fake.wait_for(callback(not_theirs)))
        removed = await fake.slash("watch", {"id": 1}, user=CAROL, sub="remove")
        gone = await fake.wait_for(callback(removed))
    assert "Manage Server" in refusals["not an admin"]
    assert "Give the watch a topic" in refusals["empty topic"]
    assert "keep it to 100 characters" in refusals["topic too long"]
    assert "cannot post digests in this channel" in refusals["cannot post there"]
    assert "Create Public Threads" in refusals["cannot post there"]
    assert "no watch 99" in refusals["unknown id"] and "Manage Server" in refusals["remove, not an admin"]
    assert all("\n" not in text for text in refusals.values())
    assert "already has 3 watches" in capped.content and "/watch remove" in capped.content
    assert "Removed watch 1" in gone.json["data"]["content"]
    assert [w.watch_id for w in watches_of(reader)] == [2, 3]  # nothing stored by any refusal
    assert not fake.matching(lambda r: r.method == "POST" and r.path.startswith(f"/channels/{OTHER_CHANNEL_ID}"))


async def test_everyone_may_add_when_the_setting_says_so_and_remove_their_own(fake_discord, reader, feedback):
    fake = fake_discord
    settings = reader.settings.model_copy(update={"watch": make_settings(
        watch={"who_can_add": "everyone", "poll_interval_s": POLL_S}).watch})
    reader.settings = settings
    bot = watch_bot(reader, feedback)
    async with running(bot):
        token = await fake.slash("watch", {"topic": "Kursk"}, user=BOB, sub="add")
        confirm = await fake.wait_for(command_reply(token))
        await fake.wait_for(thread_from(confirm.response["id"]))
        other = await fake.slash("watch", {"topic": "Typhoons"}, user=ALICE, sub="add")
        await fake.wait_for(command_reply(other))
        not_theirs = await fake.slash("watch", {"id": 2}, user=BOB, sub="remove")
        refused = ephemeral(await fake.wait_for(callback(not_theirs)))
        theirs = await fake.slash("watch", {"id": 1}, user=BOB, sub="remove")
        await fake.wait_for(callback(theirs))
    assert "Watching **Kursk**" in confirm.content and "Manage Server" in refused
    assert [(w.watch_id, w.added_by) for w in watches_of(reader)] == [(2, ALICE)]
    assert BOT_ID not in {w.added_by for w in watches_of(reader)}
