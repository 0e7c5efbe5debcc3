"""Latency of a watch: from the end of an ingest run to its digest in Discord, with the bot at its default polling
interval (GAZETTE_WATCH__POLL_INTERVAL_S, 30 s).

    python bench/watch/latency.py [--rounds 2] [--poll S] [--out bench/results/watch-latency.json]

The real bot (discord.py) runs against the local fake Discord of the tests, over a store of the bundled sample
archive without its North Korea story; a watch on that story is added by slash command. Then, one article of the
story at a time, a separate `gazette ingest` process adds it (a run of one matching article), at a random moment of
the polling cycle. The end of a run is when the catalog shows it finished (polled every 20 ms, as the bot would see
it); the digest is when the fake Discord receives the message in the watch's thread. Each round uses a fresh store.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class RunWatcher(threading.Thread):
    """Notes the moment each ingest run of a store becomes visible as finished."""

    def __init__(self, store: Path) -> None:
        super().__init__(daemon=True)
        self.store = store
        self.seen: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        from gazette.catalog import Catalog

        while not self.stop.is_set():
            try:
                catalog = Catalog(self.store / "articles.sqlite", readonly=True)
                try:
                    latest = catalog.latest_run()
                finally:
                    catalog.close()
                if latest and latest not in self.seen:
                    self.seen[latest] = time.monotonic()
            except Exception:  # noqa: BLE001 - the writer may hold the file a moment
                pass
            time.sleep(0.02)


async def one_round(work: Path, poll_s: float, embedder, rng: random.Random) -> list[dict]:  # noqa: ANN001
    import discord
    import yarl
    from discord.gateway import DiscordWebSocket

    from bot.feedback import FeedbackStore
    from bot.run import build_bot
    from gazette.app import App
    from gazette.settings import Settings
    from tests.bot.conftest import running
    from tests.bot.fake_discord import ALICE, FakeDiscord, Recorded
    from tests.bot.helpers import command_reply, posted_in, thread_from
    from tests.watch_helpers import WATCH_TOPIC, build_base_store, ingest_process, write_jsonl

    @dataclass
    class Stamped(FakeDiscord):
        """The fake Discord, noting when each request arrives."""

        times: dict[int, float] = field(default_factory=dict)

        def _intercept(self, rec: Recorded) -> None:
            self.times[id(rec)] = time.monotonic()
            return None

    fake = Stamped()
    await fake.start()
    discord.http.Route.BASE = fake.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    store, files = build_base_store(work, embedder)
    settings = Settings(_env_file=None, store={"path": store},  # type: ignore[call-arg]
                        discord={"sync_commands": False}, feedback={"path": work / "feedback.sqlite"},
                        watch={"poll_interval_s": poll_s})
    app = App(settings, store=store)
    reader = app.open_reader(embedder=embedder)
    feedback = FeedbackStore(work / "feedback.sqlite")
    bot = build_bot(app, reader, feedback, guild_ready_timeout=0.05)
    story = [json.loads(line) for line in files["story"].read_text(encoding="utf-8").splitlines()]
    watcher = RunWatcher(store)
    watcher.start()
    samples = []
    try:
        async with running(bot):
            token = await fake.slash("watch", {"topic": WATCH_TOPIC}, user=ALICE, sub="add")
            confirm = await fake.wait_for(command_reply(token))
            thread_id = int((await fake.wait_for(thread_from(confirm.response["id"]))).response["id"])
            for i, article in enumerate(story):
                await asyncio.sleep(rng.uniform(0, poll_s))  # a random moment of the polling cycle
                mark = len(fake.requests)
                summary = await ingest_process(store, write_jsonl(work / f"one-{i}.jsonl", [article]))
                posted = await fake.wait_for(posted_in(thread_id), timeout=poll_s * 3 + 60, start=mark)
                end = watcher.seen.get(summary["run_id"])
                if end is None:
                    continue
                samples.append({"run": summary["run_id"], "latency_s": round(fake.times[id(posted)] - end, 3)})
                print(json.dumps(samples[-1]), flush=True)
    finally:
        watcher.stop.set()
        reader.close()
        feedback.close()
        await fake.stop()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--poll", type=float, default=None, help="polling interval (default: the setting's default)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "watch-latency.json")
    args = parser.parse_args()
    from gazette.embeddings import embedder_from_settings
    from gazette.settings import Settings, WatchSettings

    poll_s = args.poll if args.poll is not None else WatchSettings().poll_interval_s
    embedder = embedder_from_settings(Settings(_env_file=None).embedding)  # type: ignore[call-arg]
    rng = random.Random(args.seed)
    samples: list[dict] = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="gazette-watch-latency-") as tmp:
            samples += asyncio.run(one_round(Path(tmp), poll_s, embedder, rng))
    values = sorted(s["latency_s"] for s in samples)
    result = {"poll_interval_s": poll_s, "samples": len(values), "mean_s": round(statistics.mean(values), 2),
              "median_s": round(statistics.median(values), 2), "max_s": max(values), "min_s": min(values),
              "values": values}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "values"}, indent=2))


if __name__ == "__main__":
    main()
