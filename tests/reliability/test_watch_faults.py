"""Check 8 for watches: Discord failing while a digest is posted. The digest arrives once: 429s and 5xx are retried
as answers are, and a server error that came after Discord had posted the message (the nonce) does not post it
twice."""

from __future__ import annotations

import asyncio

import pytest

from bot.feedback import FeedbackStore
from gazette.app import App, IngestRequest
from gazette.watches import WatchStore
from ingest.jobs import run_job
from tests.bot.conftest import running
from tests.bot.helpers import command_reply, make_bot, posted_in, thread_from
from tests.conftest import make_settings
from tests.reliability.test_discord_faults import Fault, rate_limited, server_error
from tests.watch_helpers import WATCH_TOPIC, build_base_store, copy_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory, embedder):
    return build_base_store(tmp_path_factory.mktemp("watch-fault-template"), embedder)


FAULTS = {
    # name: (the fault, how many times, posted anyway)
    "503 after the digest was posted": (lambda: server_error(503), 1, True),
    "503 twice after the digest was posted": (lambda: server_error(503), 2, True),
    "503 before the digest was posted": (lambda: server_error(503), 2, False),
    "429 with retry_after on the digest": (lambda: rate_limited(0.3), 2, False),
    "global 429 on the digest": (lambda: rate_limited(0.3, is_global=True), 1, False),
}


@pytest.mark.check(8)
@pytest.mark.parametrize("fault_name", list(FAULTS))
async def test_a_digest_arrives_once_whatever_discord_answers(faulty, template, tmp_path, embedder, fault_name,
                                                              score):
    respond, times, posted_anyway = FAULTS[fault_name]
    store = copy_store(template[0], tmp_path / "store")
    files = template[1]
    app = App(make_settings(store, watch={"poll_interval_s": 0.2}), store=store, ingest_job=run_job)
    reader = app.open_reader(embedder=embedder)
    feedback = FeedbackStore(tmp_path / "feedback.sqlite")
    bot = make_bot(reader, feedback, options={"send_retry_wait_s": 0.1})
    score.tried()
    try:
        async with running(bot):
            token = await faulty.slash("watch", {"topic": WATCH_TOPIC}, user=1001, sub="add")
            confirm = await faulty.wait_for(command_reply(token))
            thread_id = int((await faulty.wait_for(thread_from(confirm.response["id"]))).response["id"])
            fault = Fault(fault_name, lambda r: posted_in(thread_id)(r) and "· 1/2" in r.content, respond, times,
                          after_posting=posted_anyway)
            faulty.faults.append(fault)
            await asyncio.to_thread(app.ingest, IngestRequest(locations=(str(files["story"]),)), embedder=embedder)
            for _ in range(600):
                store_now = WatchStore.open(store, readonly=True)
                done = store_now is not None and [s for _, s in store_now.digest_states(1)] == ["sent"]
                if store_now is not None:
                    store_now.close()
                if done:
                    break
                await asyncio.sleep(0.05)
    finally:
        reader.close()
        feedback.close()
    copies = [m for m in faulty.messages.values() if m["channel_id"] == str(thread_id) and "· 1/2" in m["content"]]
    problems = []
    if len(fault.hits) != times:
        problems.append(f"the fault struck {len(fault.hits)} times, not {times}")
    if len(copies) != 1:
        problems.append(f"{len(copies)} copies of the digest's first message")
    if not done:
        problems.append("the digest was never recorded as sent")
    for p in problems:
        score.failed(f"{fault_name}: {p}")
    assert not problems
