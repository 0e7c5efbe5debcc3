"""The `gazette` command line. Thin: parse, build settings, call the core, print.

Errors a user can cause become one line on stderr (exit 2 for usage errors, 1 otherwise); never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from gazette.errors import GazetteError, UsageError

log = logging.getLogger("gazette")

DEMO_QUESTION = "How many North Korean troops are in Kursk?"


def sample_archive_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "sample_archive.jsonl"


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from gazette.settings import get_settings

    try:
        settings = get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UsageError(f"invalid setting {where}: {first['msg']} (check GAZETTE_* variables and .env)") from exc
    logging.basicConfig(
        level=getattr(logging, str(getattr(args, "log_level", None) or settings.log_level).upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return settings


def _store(args: argparse.Namespace, settings) -> Path:  # type: ignore[no-untyped-def]
    return Path(args.store).expanduser() if args.store else settings.store.path


def _status(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


# -- ingest -----------------------------------------------------------------------------------------------


def run_ingest(app, paths: Sequence[Path], show_progress: bool):  # type: ignore[no-untyped-def]
    """Ingest files and folders into an open Gazette, with a progress line on a terminal."""
    from ingest.files import iter_path
    from ingest.pipeline import ingest_items

    def items():  # type: ignore[no-untyped-def]
        for p in paths:
            yield from iter_path(p)

    if not show_progress:
        return ingest_items(app.archive, app.embedder, items(), max_tokens=app.settings.embedding.max_tokens)

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True,
                  console=_stderr_console()) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(seen, summary):  # type: ignore[no-untyped-def]
            bar.update(task, description=(
                f"ingesting: {seen} read, {summary.articles_added} added, {summary.articles_updated} updated, "
                f"{summary.articles_unchanged} unchanged, {summary.chunks_embedded} chunks embedded"))

        return ingest_items(app.archive, app.embedder, items(), max_tokens=app.settings.embedding.max_tokens,
                            progress=progress)


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


def cmd_ingest(args: argparse.Namespace) -> int:
    from gazette.app import open_gazette
    from gazette.render import render_summary

    settings = _settings(args)
    paths = [Path(p).expanduser() for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing and len(missing) == len(paths):
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    app = open_gazette(settings, _store(args, settings), create=True,
                       status=lambda message: _status(message, quiet=args.json))
    try:
        started = time.perf_counter()
        summary = run_ingest(app, paths, show_progress=not args.json and sys.stderr.isatty())
        elapsed = time.perf_counter() - started
    finally:
        app.close()
    if args.json:
        print(summary.model_dump_json(indent=2))
    else:
        print(render_summary(summary))
        print(f"store: {app.archive.path} ({elapsed:.1f} s)")
    return 0


# -- ask --------------------------------------------------------------------------------------------------


def cmd_ask(args: argparse.Namespace) -> int:
    from gazette.answering import ask, clean_question
    from gazette.app import open_gazette
    from gazette.render import render_answer

    question = clean_question(" ".join(args.question))  # fail fast, before loading anything
    settings = _settings(args)
    app = open_gazette(settings, _store(args, settings), create=False,
                       status=lambda message: _status(message, quiet=args.json))
    try:
        answer = ask(question, app.retriever, app.answerer)
    finally:
        app.close()
    print(answer.model_dump_json(indent=2) if args.json else render_answer(answer))
    return 0


# -- demo -------------------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from gazette.answering import ask
    from gazette.app import open_gazette
    from gazette.render import render_answer, render_summary

    settings = _settings(args)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gazette-demo-") as tmp:
        store = Path(args.store).expanduser() if args.store else Path(tmp) / "store"
        _status(f"Gazette demo: ingesting the sample archive into {store} ...", quiet=False)
        app = open_gazette(settings, store, create=True, status=lambda message: _status(message, quiet=False))
        try:
            summary = run_ingest(app, [sample_archive_path()], show_progress=sys.stderr.isatty())
            _status(render_summary(summary), quiet=False)
            question = args.question or DEMO_QUESTION
            answer = ask(question, app.retriever, app.answerer)
        finally:
            app.close()
    print()
    print(render_answer(answer))
    print()
    _status(f"(demo took {time.perf_counter() - started:.1f} s; try: gazette ask --store DIR \"your question\")",
            quiet=False)
    return 0


# -- parser -----------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gazette", description="Question answering over news archives.")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING (default from GAZETTE_LOG_LEVEL)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    store_help = "archive folder (default: GAZETTE_STORE__PATH or ~/.local/share/gazette/store)"

    p = sub.add_parser("demo", help="ingest the bundled sample archive and answer a question")
    p.add_argument("--store", help="keep the demo store in this folder (default: a temporary folder)")
    p.add_argument("--question", help=f"question to ask (default: {DEMO_QUESTION!r})")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("ingest", help="add or update articles from files and folders")
    p.add_argument("paths", nargs="+", metavar="PATH", help="JSONL/JSON, Markdown, text or HTML files, or folders")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer a question from the archive, with citations")
    p.add_argument("question", nargs="+", help="the question")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(func=cmd_ask)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except GazetteError as exc:
        print(f"gazette: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("gazette: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
