"""Shared by the watch tests: the sample archive split into a base store, the North Korea story that arrives later,
and unrelated articles; a copy of the base store per test; `gazette ingest` run as a separate process."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from pathlib import Path

from gazette.cli import sample_archive_path

WATCH_TOPIC = "North Korean troops in Russia"
UNRELATED = ("Typhoon", "Nvidia", "COP29")


def sample_records() -> list[dict]:
    return [json.loads(line) for line in sample_archive_path().read_text(encoding="utf-8").splitlines()]


def is_story(rec: dict) -> bool:
    """An article of the story the tests watch: North Korean soldiers sent to Russia."""
    return "North Korea" in rec["title"] or "North Koreans" in rec["title"]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def split_sample(folder: Path) -> dict[str, Path]:
    """base.jsonl (what the store holds before the watch), story.jsonl (the North Korea articles) and
    unrelated.jsonl (a typhoon, chip sales, a climate summit)."""
    records = sample_records()
    story = [r for r in records if is_story(r)]
    unrelated = [r for r in records if any(word in r["title"] for word in UNRELATED)]
    base = [r for r in records if r not in story and r not in unrelated]
    assert len(story) >= 6 and len(unrelated) == 3
    folder.mkdir(parents=True, exist_ok=True)
    return {"base": write_jsonl(folder / "base.jsonl", base), "story": write_jsonl(folder / "story.jsonl", story),
            "unrelated": write_jsonl(folder / "unrelated.jsonl", unrelated)}


def build_base_store(folder: Path, embedder) -> tuple[Path, dict[str, Path]]:  # noqa: ANN001 (an Embedder)
    """A store of the base articles, made by one ingest run (run 1), and the article files."""
    from gazette.app import App, IngestRequest
    from ingest.jobs import run_job
    from tests.conftest import make_settings

    files = split_sample(folder / "files")
    store = folder / "store"
    app = App(make_settings(store), store=store, ingest_job=run_job)
    summary = app.ingest(IngestRequest(locations=(str(files["base"]),)), embedder=embedder)
    assert summary.run_id == 1 and not summary.failed
    return store, files


def copy_store(template: Path, to: Path) -> Path:
    shutil.copytree(template, to)
    (to / ".lock").unlink(missing_ok=True)
    return to


def ingest_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a separate `gazette` process: no developer settings, offline, the tests' model cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    env.update(HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false", **(extra or {}))
    return env


async def ingest_process(store: Path, *paths: Path) -> dict:
    """`gazette ingest --store STORE PATH... --json` in a process of its own; its summary."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gazette.cli", "ingest", "--store", str(store), "--json", *map(str, paths),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=ingest_env(),
    )
    out, err = await asyncio.wait_for(proc.communicate(), 300)
    assert proc.returncode == 0, err.decode()
    return json.loads(out)
