"""How long `gazette bot` takes from launch to its first answer, against a given store.

    .venv/bin/python bench/bot_start_bench.py --store STORE [--runs 3] [--out bot_start.json]

A local fake Discord (tests/bot/fake_discord.py: the REST routes and the gateway websocket, on 127.0.0.1) stands in
for Discord's servers. Each run launches a fresh process running `gazette bot` (the real entry point: settings,
store opening, model and index warm-up, login, gateway) pointed at the fake, waits for it to connect, then posts a
message that mentions the bot and waits for the answer. Reported per run and as medians: seconds from launch to
the gateway connection and from launch to the answer being posted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTION = "How many North Korean troops are in Kursk?"
CHILD = """
import sys, discord, yarl
from discord.gateway import DiscordWebSocket
discord.http.Route.BASE = sys.argv[1]
DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2])
from gazette.cli import main
sys.exit(main(["bot", "--store", sys.argv[3]]))
"""


async def one_run(store: Path, question: str, timeout: float) -> dict[str, float]:
    from tests.bot.fake_discord import BOT_ID, TOKEN, FakeDiscord

    fake = FakeDiscord()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"GAZETTE_DISCORD__TOKEN": TOKEN, "GAZETTE_FEEDBACK__PATH": f"{tmp}/feedback.sqlite",
                            "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", CHILD, fake.api_base, fake.gateway_url, str(store)],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            while fake.identify is None:
                if proc.poll() is not None:
                    raise SystemExit(f"the bot exited early: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
                if time.perf_counter() - t0 > timeout:
                    raise SystemExit("the bot did not connect in time")
                await asyncio.sleep(0.02)
            connected = time.perf_counter() - t0
            await asyncio.sleep(0.05)  # READY and GUILD_CREATE are on the wire before the question
            asked = await fake.say(f"<@{BOT_ID}> {question}")
            reply = await fake.wait_for(
                lambda r: r.method == "POST" and "/channels/" in r.path and r.path.endswith("/messages")
                and isinstance(r.json, dict) and ("[1]" in r.content or "nothing" in r.content), timeout=timeout)
            answered = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(30)
            await fake.stop()
    return {"connected_s": round(connected, 2), "answered_s": round(answered, 2),
            "answer": reply.content[:160], "asked_id": asked["id"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="an ingested store folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--out", help="also write the figures as JSON here")
    args = parser.parse_args()
    runs = []
    for i in range(args.runs):
        r = asyncio.run(one_run(Path(args.store).resolve(), args.question, args.timeout))
        print(f"run {i + 1}: connected {r['connected_s']} s, answered {r['answered_s']} s: {r['answer'][:80]!r}",
              flush=True)
        runs.append(r)
    result = {"store": str(args.store), "runs": runs,
              "median_connected_s": statistics.median(r["connected_s"] for r in runs),
              "median_answered_s": statistics.median(r["answered_s"] for r in runs)}
    print(f"median: connected {result['median_connected_s']} s, first answer {result['median_answered_s']} s "
          "after launch")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
