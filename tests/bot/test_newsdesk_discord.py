"""The news-desk answers through the real bot and the local fake Discord: /timeline, an answer whose sources differ,
and "anything new?" in a thread, each with no new articles and again after a separate `gazette ingest` process adds
some; bad input gets one line."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.formatting import MENTION, OutMessage, message_within_limits
from gazette.cli import main as cli_main
from gazette.cli import sample_archive_path
from tests.bot.conftest import running
from tests.bot.fake_discord import BOT_ID, CHANNEL_ID
from tests.bot.helpers import callback, command_reply, make_bot, no_pings, posted_in, reaction, thread_from
from tests.conftest import make_settings, open_reader

pytestmark = pytest.mark.slow

KURSK = "How many North Korean troops are in Kursk?"
TOPIC = "North Korean troops in Russia"


def split_sample(folder: Path, last_day: str) -> tuple[Path, Path]:
    lines = sample_archive_path().read_text(encoding="utf-8").splitlines()
    early = [line for line in lines if json.loads(line)["published"] <= last_day]
    later = [line for line in lines if json.loads(line)["published"] > last_day]
    (folder / "early.jsonl").write_text("\n".join(early) + "\n", encoding="utf-8")
    (folder / "later.jsonl").write_text("\n".join(later) + "\n", encoding="utf-8")
    return folder / "early.jsonl", folder / "later.jsonl"


def separate_ingest(store: Path, path: Path) -> dict:
    """`gazette ingest` in a process of its own, while the bot keeps its store open."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")} | {"HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-m", "gazette.cli", "ingest", "--store", str(store), str(path), "--json"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def text_of(records) -> str:
    return "\n".join(r.json.get("content", "") for r in records)


def assert_postable(records) -> None:
    for r in records:
        assert no_pings(r.json) and not MENTION.search(r.json.get("content", ""))
        assert message_within_limits(OutMessage(r.json.get("content", ""), tuple(r.json.get("embeds", []))))


@pytest.fixture
def early_store(tmp_path, embedder):
    early, later = split_sample(tmp_path, "2024-11-01")
    store = tmp_path / "store"
    assert cli_main(["ingest", "--store", str(store), "--json", str(early)]) == 0
    reader = open_reader(make_settings(store), store, embedder=embedder)
    yield store, later, reader
    reader.close()


async def test_timeline_sources_differ_and_anything_new_before_and_after_a_separate_ingest(
        fake_discord, early_store, feedback, capsys):
    store, later, reader = early_store
    capsys.readouterr()
    fake = fake_discord
    async with running(make_bot(reader, feedback)):
        # -- with the articles up to 1 November ------------------------------------------------------------
        token = await fake.slash("timeline", {"topic": TOPIC})
        await fake.wait_for(callback(token))
        timeline_before = await fake.wait_for(command_reply(token))
        ask = await fake.slash("ask", {"question": KURSK})
        answer_before = await fake.wait_for(command_reply(ask))
        thread = await fake.wait_for(thread_from(answer_before.response["id"]))
        thread_id = int(thread.response["id"])
        await fake.wait_for(reaction(answer_before.response["id"], "👎"))
        await fake.say("anything new?", channel_id=thread_id)
        nothing = await fake.wait_for(lambda r: posted_in(thread_id)(r) and "since" in r.content)

        # -- another process adds the articles of November and December ---------------------------------------
        added = await asyncio.to_thread(separate_ingest, store, later)
        assert added["articles_added"] > 0

        token_after = await fake.slash("timeline", {"topic": TOPIC})
        await fake.wait_for(command_reply(token_after))
        await fake.wait_for(reaction(nothing.response["id"], "👎"))
        await fake.say("any update on that?", channel_id=thread_id)
        news = await fake.wait_for(lambda r: posted_in(thread_id)(r) and "New since" in r.content)
        ask_after = await fake.slash("ask", {"question": KURSK})
        answer_after = await fake.wait_for(command_reply(ask_after))
        await fake.wait_for(reaction(answer_after.response["id"], "👎"))
        timeline_after = fake.matching(command_reply(token_after))

    # /timeline: one line per development, oldest first, dates in bold, sources as embeds; later lines after.
    before = timeline_before.content
    assert before.startswith(f"**Timeline: {TOPIC}**") and "**18 Oct 2024** — North Korea has begun" in before
    assert "**4 Nov 2024**" not in before and timeline_before.json["embeds"]
    after = text_of(timeline_after)
    assert "**4 Nov 2024** — Ukrainian forces have engaged North Korean troops" in after
    assert "**19 Dec 2024**" in after and after.index("**18 Oct 2024**") < after.index("**4 Nov 2024**")
    # "Sources differ": absent while one figure was known, a short section of the answer once two are.
    assert "Sources differ" not in answer_before.content and "8,000" in answer_before.content
    section = answer_after.content.split("**Sources differ**\n", 1)[1]
    bullets = section.split("\n-# ")[0].splitlines()
    assert bullets[0].startswith("• Baltic Wire (4 Nov 2024): 11,000 North Korean troops were now in Kursk")
    assert bullets[1].startswith("• Global Desk (1 Nov 2024): up to 8,000") and len(bullets) == 2
    assert {e["author"]["name"] for e in answer_after.json["embeds"]} == {"Global Desk", "Baltic Wire"}
    # "anything new?" in the thread: nothing before the ingest, the new articles after it.
    assert nothing.content.startswith("Nothing new since 1 Nov 2024.")
    assert news.content.startswith("New since 1 Nov 2024: ") and news.json["embeds"]
    assert all(e["footer"]["text"] > "2024-11-01" for e in news.json["embeds"])
    assert_postable([timeline_before, *timeline_after, answer_before, answer_after, nothing, news])
    # The thread's record knows what was answered, and as of when.
    recorded = feedback.thread_answers(thread_id)
    assert [a.query for a in recorded] == [KURSK] * 3
    assert recorded[0].as_of == "2024-11-01" and recorded[1].as_of is None and recorded[2].as_of > "2024-11-01"


async def test_a_briefing_then_anything_new_after_a_separate_ingest(fake_discord, early_store, feedback):
    """"Any news?" names no subject: the archive's latest stories (gazette.briefing), each a cited embed; in its
    thread, "anything new?" gives the stories a separate `gazette ingest` process adds later, and only those."""
    store, later, reader = early_store
    fake = fake_discord
    async with running(make_bot(reader, feedback)):
        question = await fake.say(f"<@{BOT_ID}> Any news?", channel_id=CHANNEL_ID)
        thread_id = int((await fake.wait_for(thread_from(question["id"]))).response["id"])
        briefing = await fake.wait_for(posted_in(thread_id))
        await fake.wait_for(reaction(briefing.response["id"], "👎"))
        added = await asyncio.to_thread(separate_ingest, store, later)
        assert added["articles_added"] > 0
        await fake.say("anything new?", channel_id=thread_id)
        news = await fake.wait_for(lambda r: posted_in(thread_id)(r) and "New since" in r.content)
    # the week up to the early store's newest article (1 November), the troops told by two outlets one line
    days = [e["footer"]["text"] for e in briefing.json["embeds"]]
    assert len(days) >= 2 and all("2024-10-26" <= d <= "2024-11-01" for d in days)
    assert briefing.content.count("North Korean") == 1
    assert news.content.startswith("New since 1 Nov 2024:\n\n- ")
    assert news.json["embeds"] and all(e["footer"]["text"] > "2024-11-01" for e in news.json["embeds"])
    assert_postable([briefing, news])


async def test_bad_input_gets_one_line(fake_discord, sample_app, feedback):
    fake = fake_discord

    def ephemeral(rec):
        data = rec.json.get("data") or rec.json
        assert data["flags"] == 64, rec.json
        return data["content"]

    async with running(make_bot(sample_app, feedback)):
        empty = await fake.slash("timeline", {"topic": "   "})
        backwards = await fake.slash("timeline", {"topic": "Kursk", "since": "2024-11-05", "until": "2024-11-01"})
        bad_date = await fake.slash("timeline", {"topic": "Kursk", "since": "next Tuesday-ish"})
        texts = [ephemeral(await fake.wait_for(callback(t))) for t in (empty, backwards, bad_date)]
        # "anything new?" outside any conversation: a new thread, answered as a plain question (one that names
        # no subject: the archive's latest stories, gazette.briefing).
        question = await fake.say(f"<@{BOT_ID}> anything new?", channel_id=CHANNEL_ID)
        thread = await fake.wait_for(thread_from(question["id"]))
        plain = await fake.wait_for(posted_in(int(thread.response["id"])))
    assert texts[0].startswith("the topic is empty") and texts[1] == "since is after until"
    assert texts[2].startswith("since: not a date")
    assert all(len(t.splitlines()) == 1 for t in texts)
    assert not plain.content.startswith("Nothing new since") and no_pings(plain.json)
    assert plain.json["embeds"] and all(e["footer"]["text"] >= "2024-12-13" for e in plain.json["embeds"])
