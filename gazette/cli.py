"""The `gazette` command line. Thin: parse, build settings, call the core, print.

Errors a user can cause become one line on stderr (exit 2 for usage errors, 1 otherwise); never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazette.errors import GazetteError, UsageError
from gazette.render import for_terminal, json_for_terminal
from gazette.watches import no_such_watch

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID
    from rich.text import Text

    from gazette.app import App, IngestRequest
    from gazette.embeddings import Embedder
    from gazette.models import IngestProgress, IngestSummary, SearchFilters
    from gazette.settings import Settings
    from gazette.sources import SourceSpec

log = logging.getLogger("gazette")

DEMO_QUESTION = "How many North Korean troops are in Kursk?"


def sample_archive_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "sample_archive.jsonl"


def _settings(args: argparse.Namespace) -> Settings:
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


def _app(args: argparse.Namespace, settings: Settings) -> App:
    """The application over the store (and sources file) the arguments name, with the ingest job."""
    from gazette.app import App
    from ingest.jobs import run_job

    store = getattr(args, "store", None)
    sources_file = getattr(args, "sources_file", None)
    return App(settings, store=Path(store) if store else Path(), sources_file=Path(sources_file) if sources_file else Path(),
               ingest_job=run_job)


def _status(message: str, quiet: bool) -> None:
    if not quiet:
        print(for_terminal(message), file=sys.stderr, flush=True)


def _out(text: str) -> None:
    """Print to standard output, control characters escaped (text from articles and pages may hold them)."""
    print(for_terminal(text), flush=True)


def _json_out(text: str) -> None:
    print(json_for_terminal(text), flush=True)


def _cell(text: str) -> Text:
    """A table cell: one line, control characters escaped, and never read as rich markup."""
    from rich.text import Text

    return Text(for_terminal(text, one_line=True))


# -- ingest -----------------------------------------------------------------------------------------------


def _ingest(app: App, request: IngestRequest, show_progress: bool, embedder: Embedder | None = None,
            quiet: bool = False) -> IngestSummary:
    """One ingest run; a progress bar is drawn on stderr when ``show_progress`` (a terminal, not --json)."""
    status = lambda message: _status(message, quiet=quiet)  # noqa: E731
    if not show_progress:
        return app.ingest(request, embedder=embedder, status=status)
    from rich.markup import escape

    with _progress_bar() as bar:
        tasks: dict[str, TaskID] = {}

        def progress(p: IngestProgress) -> None:
            if p.source not in tasks:
                tasks[p.source] = bar.add_task(escape(_short(p.source)), total=None)
            bar.update(tasks[p.source], completed=p.read, total=p.total, description=escape(
                f"{_short(p.source)}: {p.added} new, {p.updated} changed, {p.chunks_embedded} chunks"))

        return app.ingest(request, progress, embedder=embedder, status=status)


def _short(label: str, width: int = 28) -> str:
    """A path's file name or a URL's tail, at most ``width`` characters (for the progress bar)."""
    if "://" not in label and "/" in label:
        label = Path(label).name
    label = for_terminal(label, one_line=True)
    return label if len(label) <= width else "…" + label[-(width - 1):]


def _progress_bar() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True, console=_stderr_console())


def _stdout_console() -> Console:
    """Rich on stdout; when piped, wide enough that tables do not fold every cell."""
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160)


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def _print_summary_table(summary: IngestSummary, store: Path, elapsed: float) -> None:
    from rich.table import Table

    console = _stdout_console()
    table = Table(title="Ingest summary", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("articles added", summary.articles_added), ("articles updated", summary.articles_updated),
        ("articles unchanged", summary.articles_unchanged), ("duplicates (place recorded)", summary.articles_duplicate),
        ("articles removed", summary.articles_removed), ("chunks embedded", summary.chunks_embedded),
        ("failed", len(summary.failed)),
    ):
        table.add_row(_cell(label), _cell(str(value)))
    console.print(table)
    if summary.sources:
        per = Table(title="Sources", title_justify="left")
        for col in ("source", "read", "failed", "complete", "pruned"):
            per.add_column(col, justify="left" if col == "source" else "right")
        for r in summary.sources:
            per.add_row(_cell(r.name), _cell(str(r.listed)), _cell(str(r.failed)), _cell("yes" if r.complete else "no"),
                        _cell(str(r.pruned)))
        console.print(per)
    for f in summary.failed:
        console.print(_cell(f"failed {f.source}: {f.reason}"))
    for note in summary.notes:
        console.print(_cell(f"note: {note}"))
    console.print(_cell(f"store: {store} ({elapsed:.1f} s)"))


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if not args.paths and not args.source and not args.all:
        raise UsageError("nothing to ingest: give paths or URLs, --source NAME or --all")
    if args.prune and not (args.source or args.all):
        raise UsageError("--prune applies to named sources: use it with --source NAME or --all")
    every = None
    if args.every is not None:
        from ingest.schedule import parse_duration

        every = parse_duration(args.every)
    elif args.max_runs is not None:
        raise UsageError("--max-runs applies to --every")
    app = _app(args, settings)
    specs = _ingest_specs(args, app)  # fail fast: a bad sources file stops a schedule before it starts
    local = [p for p in args.paths if "://" not in p]
    missing = [p for p in local if not Path(p).expanduser().exists()]
    if missing and len(missing) == len(args.paths) and not specs:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if every is None:
        _ingest_once(args, app, specs)
        return 0
    return _ingest_every(args, app, every)


def _ingest_specs(args: argparse.Namespace, app: App) -> list[SourceSpec]:
    if not (args.source or args.all):
        return []
    return app.select_sources(args.source or [], args.all)


def _ingest_once(args: argparse.Namespace, app: App, specs: Sequence[SourceSpec], embedder: Embedder | None = None,
                 scheduled: bool = False) -> None:
    from gazette.app import IngestRequest

    request = IngestRequest(locations=tuple(p if "://" in p else str(Path(p).expanduser()) for p in args.paths),
                            sources=tuple(specs), prune=args.prune)
    started = time.perf_counter()
    summary = _ingest(app, request, show_progress=not args.json and sys.stderr.isatty(), embedder=embedder,
                      quiet=args.json)
    elapsed = time.perf_counter() - started
    if args.json:
        # One JSON document per run; on a schedule, one per line (JSON Lines).
        _json_out(summary.model_dump_json(indent=None if scheduled else 2))
    else:
        _print_summary_table(summary, app.store, elapsed)


def _ingest_every(args: argparse.Namespace, app: App, every: float) -> int:
    """Ingest now and then every ``every`` seconds until SIGTERM or Ctrl-C (a second one aborts the run)."""
    import signal
    import threading

    from ingest.schedule import run_every, stop_on_signal

    embedder = app.embedder()  # loaded once for every run
    stop = threading.Event()
    on_signal = stop_on_signal(stop, lambda signum: _status(
        f"gazette: {signal.Signals(signum).name}: stopping after the current run (send it again to stop now)",
        quiet=False))
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}

    def job(run: int) -> None:
        _status(f"gazette: ingest run {run} started {time.strftime('%Y-%m-%d %H:%M:%S')}", quiet=args.json)
        _ingest_once(args, app, _ingest_specs(args, app), embedder, scheduled=True)

    try:
        report = run_every(
            job, every, stop=stop, max_runs=args.max_runs,
            on_failure=lambda run, line: print(f"gazette: ingest run {run} failed: {for_terminal(line, one_line=True)}",
                                               file=sys.stderr, flush=True),
        )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _status(f"gazette: ingest schedule ended after {report.runs} runs ({report.failures} failed)", quiet=False)
    return 1 if report.last_failed and not stop.is_set() else 0


# -- sources and reindex ---------------------------------------------------------------------------------


def cmd_sources(args: argparse.Namespace) -> int:
    app = _app(args, _settings(args))
    rows = app.source_rows()
    if args.json:
        _json_out(json.dumps([{
            "name": r.name, "kind": r.kind, "location": r.location, "outlet": r.outlet, "last_ingest": r.last_ingested,
            "articles": r.articles, "last_error": r.last_error,
        } for r in rows], indent=2))
        return 0
    from rich.table import Table

    table = Table(title=_cell(f"Sources ({app.sources_file})"), title_justify="left")
    for col in ("name", "kind", "location", "outlet", "last ingest", "articles", "last error"):
        table.add_column(col, justify="right" if col == "articles" else "left", overflow="fold")
    for r in rows:
        table.add_row(*(_cell(v) for v in (r.name, r.kind, r.location, r.outlet, r.last_ingested or "never",
                                           str(r.articles), r.last_error or "")))
    _stdout_console().print(table)
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from ingest.index import reindex

    settings = _settings(args)
    writer = _app(args, settings).open_writer()
    started = time.perf_counter()
    try:
        sizes = settings.embedding.max_tokens, settings.ingest.batch_chunks
        if not args.json and sys.stderr.isatty():
            with _progress_bar() as bar:
                task = bar.add_task("reindexing", total=None)
                articles, chunks = reindex(
                    writer.archive, writer.embedder, *sizes,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        else:
            articles, chunks = reindex(writer.archive, writer.embedder, *sizes)
    finally:
        writer.close()
    elapsed = time.perf_counter() - started
    if args.json:
        _json_out(json.dumps({"articles": articles, "chunks_embedded": chunks}, indent=2))
    else:
        _out(f"reindexed {articles} articles, {chunks} chunks embedded; store: {writer.archive.path} "
             f"({elapsed:.1f} s)")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Open the store as a reader (no model loaded) and print its counts: a health check for services."""
    from gazette.store import chroma_server

    settings = _settings(args)
    app = _app(args, settings)
    info = app.info()
    server = chroma_server(settings.store)
    shown = {"store": info.path, "articles": info.articles, "chunks": info.chunks,
             "embedding_model": info.embedding_model, "vectors": server.url if server else "store folder",
             "collection": info.collection}
    if args.json:
        _json_out(json.dumps(shown, indent=2))
    else:
        _out("\n".join(f"{key}: {for_terminal(str(value), one_line=True)}" for key, value in shown.items()))
    return 0


# -- ask --------------------------------------------------------------------------------------------------


def _date_arg(value: str | None, flag: str) -> date | None:
    from gazette.app import parse_filters

    filters = parse_filters(value, labels=(flag, flag))
    return filters.since if filters else None


def _filters(args: argparse.Namespace) -> SearchFilters | None:
    from gazette.app import parse_filters

    return parse_filters(args.since, args.until, args.outlet or (), labels=("--since", "--until"))


def cmd_ask(args: argparse.Namespace) -> int:
    from gazette.answering import clean_question
    from gazette.choices import parse_choices
    from gazette.render import render_answer

    question = clean_question(" ".join(args.question))  # fail fast, before loading anything
    filters = _filters(args)
    as_of = _date_arg(args.as_of, "--as-of")
    choices = parse_choices(args.choices) if args.choices is not None else None
    settings = _settings(args)
    with _app(args, settings).open_reader(status=lambda message: _status(message, quiet=args.json)) as reader:
        if choices:
            answer = reader.ask_choices(question, choices, filters=filters, as_of=as_of)
        else:
            answer = reader.ask(question, filters=filters, as_of=as_of)
    if args.json:
        _json_out(answer.model_dump_json(indent=2))
    else:
        _out(render_answer(answer))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """An interactive conversation: follow-ups are rewritten with the history; the searched query is shown;
    "anything new?" answers from what was published after the last answer."""
    from gazette.render import render_answer
    from gazette.whatsnew import PastAnswer, last_answer

    filters = _filters(args)
    as_of = _date_arg(args.as_of, "--as-of")
    settings = _settings(args)
    history: list[tuple[str, str]] = []
    answered: list[PastAnswer] = []
    print("Ask about the archive; follow-up questions use the conversation. Empty line or Ctrl-D to quit.",
          file=sys.stderr)
    with _app(args, settings).open_reader() as reader:
        while True:
            try:
                question = input("you> ").strip()
            except EOFError:
                break
            if not question or question.lower() in {"quit", "exit"}:
                break
            try:
                answer = reader.whats_new(question, last_answer(answered), filters=filters, as_of=as_of) \
                    or reader.ask(question, history=history[-8:], filters=filters, as_of=as_of)
            except UsageError as exc:
                print(f"gazette: {for_terminal(str(exc), one_line=True)}", file=sys.stderr)
                continue
            _out(render_answer(answer))
            print()
            history += [("user", question), ("assistant", answer.answer)]
            answered.append(PastAnswer(answer.searched_query, answer.as_of))
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    """A story's dated developments, oldest first, each line a cited sentence of the archive."""
    from gazette.render import render_timeline
    from gazette.timeline import clean_topic

    topic = clean_topic(" ".join(args.topic))  # fail fast, before loading anything
    filters = _filters(args)
    settings = _settings(args)
    with _app(args, settings).open_reader(status=lambda message: _status(message, quiet=args.json)) as reader:
        timeline = reader.timeline(topic, filters=filters)
    if args.json:
        _json_out(timeline.model_dump_json(indent=2))
    else:
        _out(render_timeline(timeline))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from gazette.evaluation import evaluate, load_questions, render_report, sample_questions
    from gazette.providers import answerer_from_settings
    from ingest.subset import build_subset_store

    questions = load_questions(Path(args.questions).expanduser(), args.limit, args.split)
    if args.sample is not None:
        if args.sample < 1:
            raise UsageError("--sample needs a positive number of questions")
        questions = sample_questions(questions, args.sample)
    settings = _settings(args)
    if args.prompt and settings.llm.provider == "extractive":
        raise UsageError("--prompt applies to generative answerers only: set GAZETTE_LLM__PROVIDER (openai, "
                         "ollama or llamacpp)")
    app = _app(args, settings)
    if args.build_from:
        build_subset_store(
            app, Path(args.build_from).expanduser(), Path(args.questions).expanduser(), args.subset_questions,
            args.extra_articles, status=lambda message: _status(message, quiet=args.json),
        )
    reader = app.open_reader()
    answerers = {"current": reader.answerer}
    if args.prompt:
        variant = settings.model_copy(update={"llm": settings.llm.model_copy(update={"prompt": args.prompt})})
        answerers[f"prompt:{Path(args.prompt).name}"] = answerer_from_settings(variant, reader.embedder)
    show = sys.stderr.isatty() and not args.json
    try:
        info = reader.archive.info()
        _status(f"evaluating {len(questions)} questions on {info.path} ({info.articles} articles, "
                f"{info.chunks} chunks)", quiet=args.json)
        last = [0.0]

        def progress(i: int) -> None:
            if show and time.perf_counter() - last[0] > 2:
                last[0] = time.perf_counter()
                print(f"\r  {i}/{len(questions)}", end="", file=sys.stderr, flush=True)

        details: list[dict[str, Any]] | None = [] if args.details else None
        result = evaluate(questions, reader.retriever, answerers, baselines=args.baselines,
                          answers=not args.retrieval_only, progress=progress, details=details,
                          detector=reader.detector)
        if details is not None:
            with open(Path(args.details).expanduser(), "w", encoding="utf-8") as out:
                out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in details)
        if show:
            print(file=sys.stderr)
        result["store"] = {"path": info.path, "articles": info.articles, "chunks": info.chunks}
        subset = Path(info.path) / "subset.json"
        if subset.is_file():
            result["store"]["subset"] = json.loads(subset.read_text(encoding="utf-8"))
        result["questions_file"] = str(args.questions)
    finally:
        reader.close()
    if args.out:
        Path(args.out).expanduser().write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.json:
        _json_out(json.dumps(result, indent=2))
    else:
        _out(render_report(result))
    return 0


# -- demo -------------------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from gazette.app import IngestRequest
    from gazette.render import render_answer, render_summary

    settings = _settings(args)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gazette-demo-") as tmp:
        app = _app(args, settings)
        if not args.store:
            app.store = Path(tmp) / "store"
        _status(f"Gazette demo: ingesting the sample archive into {app.store} ...", quiet=False)
        embedder = app.embedder(status=lambda message: _status(message, quiet=False))
        summary = _ingest(app, IngestRequest(locations=(str(sample_archive_path()),)),
                          show_progress=sys.stderr.isatty(), embedder=embedder)
        _status(render_summary(summary), quiet=False)
        with app.open_reader(embedder=embedder) as reader:
            answer = reader.ask(args.question or DEMO_QUESTION)
    print()
    _out(render_answer(answer))
    print()
    took = f"demo took {time.perf_counter() - started:.1f} s"
    if args.store:
        _status(f"({took}; try: gazette ask --store {args.store} \"your question\")", quiet=False)
    else:  # the store was a temporary folder, gone now
        _status(f"({took}; to keep the store and ask more: gazette demo --store DIR, then gazette ask --store DIR "
                f"\"your question\")", quiet=False)
    return 0


# -- watches ----------------------------------------------------------------------------------------------------


def _watch_row(w: Any) -> dict[str, Any]:
    return {"id": w.watch_id, "topic": w.topic, "outlet": w.outlet or None, "guild": w.guild_id,
            "channel": w.channel_id, "thread": w.thread_id, "added_at": w.added_at, "after_run": w.after_run,
            "disabled": w.disabled}


def cmd_watch(args: argparse.Namespace) -> int:
    """`gazette watch add|list|remove|check`: the store's watches, as the bot's /watch commands see them."""
    from gazette.render import render_digests

    if args.watch_command == "add":
        # Checked before anything is opened: a mistake is one line and nothing is stored.
        if args.channel is not None and args.guild is None:
            raise UsageError("--channel needs --guild (the id of the channel's server)")
    app = _app(args, _settings(args))
    if args.watch_command == "check":
        watches = app.open_watches(readonly=True)
        only = [args.watch] if args.watch is not None else None
        if only and (watches is None or watches.store.get(args.watch) is None):
            raise no_such_watch(args.watch)
        with app.open_reader(status=lambda message: _status(message, quiet=args.json)) as reader:
            try:
                digests = reader.check_watches(watches, plan=False, only=only)
            finally:
                if watches is not None:
                    watches.close()
        if args.json:
            _json_out(json.dumps([d.model_dump() for d in digests], indent=2, ensure_ascii=False))
        else:
            _out(render_digests(digests))
        return 0
    if args.watch_command == "list":
        watches = app.open_watches(readonly=True)
        rows = watches.list() if watches else []
        if watches:
            watches.close()
        if args.json:
            _json_out(json.dumps([_watch_row(w) for w in rows], indent=2, ensure_ascii=False))
        elif not rows:
            _out("no watches (add one with: gazette watch add TOPIC)")
        else:
            for w in rows:
                where = f"channel {w.channel_id}" if w.channel_id else "no channel (gazette watch check only)"
                state = f"; disabled: {w.disabled}" if w.disabled else ""
                outlet = f" [outlet: {w.outlet}]" if w.outlet else ""
                _out(f"{w.watch_id}: {w.topic}{outlet} ({where}; after run {w.after_run}{state})")
        return 0
    watches = app.open_watches()
    assert watches is not None
    with watches:
        if args.watch_command == "add":
            w = watches.add(" ".join(args.topic), args.outlet, guild_id=args.guild, channel_id=args.channel)
            if args.json:
                _json_out(json.dumps(_watch_row(w), indent=2, ensure_ascii=False))
            else:
                _out(f"watch {w.watch_id} added: {w.topic}{f' [outlet: {w.outlet}]' if w.outlet else ''}; it "
                      f"announces what is ingested after run {w.after_run}")
        else:
            w = watches.remove(args.id)
            _out(f"watch {w.watch_id} removed: {w.topic}")
    return 0


# -- bot and feedback ----------------------------------------------------------------------------------------


def cmd_bot(args: argparse.Namespace) -> int:
    from bot.run import run_bot

    return run_bot(_app(args, _settings(args)))


def cmd_feedback_export(args: argparse.Namespace) -> int:
    from bot.feedback import FeedbackStore

    settings = _settings(args)
    path = Path(args.db).expanduser() if args.db else settings.feedback.path.expanduser()
    if not path.is_file():
        raise UsageError(f"no feedback database at {path} (the bot creates it; set GAZETTE_FEEDBACK__PATH or --db)")
    store = FeedbackStore(path)
    try:
        if args.out and args.out != "-":
            try:
                with open(Path(args.out).expanduser(), "w", encoding="utf-8") as out:
                    count = store.export_jsonl(out, args.votes)
            except OSError as exc:
                raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
            _status(f"{count} voted answers written to {args.out}", quiet=False)
        else:
            store.export_jsonl(sys.stdout, args.votes)
    finally:
        store.close()
    return 0


# -- parser -----------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gazette", description="Question answering over news archives.")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING (default from GAZETTE_LOG_LEVEL)")
    # Also before the command ("gazette --store DIR ask ..."), as people often write it; the command's own wins.
    parser.add_argument("--store", dest="store_before", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    store_help = "archive folder (default: GAZETTE_STORE__PATH or ~/.local/share/gazette/store)"

    p = sub.add_parser("demo", help="ingest the bundled sample archive and answer a question")
    p.add_argument("--store", help="keep the demo store in this folder (default: a temporary folder)")
    p.add_argument("--question", help=f"question to ask (default: {DEMO_QUESTION!r})")
    p.set_defaults(func=cmd_demo)

    sources_help = "sources file (default: GAZETTE_SOURCES__FILE or ./sources.toml)"
    p = sub.add_parser("ingest", help="add or update articles from sources, files, folders and URLs")
    p.add_argument("paths", nargs="*", metavar="PATH_OR_URL",
                   help="JSONL/JSON, Markdown, text or HTML files, folders, or http(s) URLs of pages, feeds, sitemaps")
    p.add_argument("--source", action="append", metavar="NAME", help="a named source from the sources file (repeatable)")
    p.add_argument("--all", action="store_true", help="every source in the sources file")
    p.add_argument("--prune", action="store_true",
                   help="remove articles a named source no longer lists (only when it was read in full)")
    p.add_argument("--sources-file", help=sources_help)
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print the summary as JSON (one line per run with --every)")
    p.add_argument("--every", metavar="DURATION",
                   help="run again every DURATION (90s, 30m, 6h, 1d) until stopped; runs never overlap")
    p.add_argument("--max-runs", type=int, help=argparse.SUPPRESS)  # ends an --every schedule (tests)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("sources", help="list the named sources with their last ingest, article count and error")
    p.add_argument("--sources-file", help=sources_help)
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("reindex", help="rebuild the vector index from the stored articles (fetches nothing)")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("status", help="check that the store opens (and its Chroma server answers); print counts")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.set_defaults(func=cmd_status)

    def add_filters(p: argparse.ArgumentParser) -> None:
        p.add_argument("--since", help="only articles published on or after this date (YYYY-MM-DD)")
        p.add_argument("--until", help="only articles published on or before this date (YYYY-MM-DD)")
        p.add_argument("--outlet", action="append", help="only this outlet (repeatable)")
        p.add_argument("--as-of", help="reference date for 'last week', 'latest'... (default: today)")

    p = sub.add_parser("ask", help="answer a question from the archive, with citations")
    p.add_argument("question", nargs="+", help="the question")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--choices", help='multiple choice: pick one of "A|B|C|D" (or abstain)')
    add_filters(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("timeline", help="a story's dated developments, oldest first, each with its citation")
    p.add_argument("topic", nargs="*", help='the story, e.g. "North Korean troops in Kursk"')
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print the timeline as JSON")
    p.add_argument("--since", help="only developments on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="only developments on or before this date (YYYY-MM-DD)")
    p.add_argument("--outlet", action="append", help="only this outlet (repeatable)")
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser("chat", help="an interactive conversation with follow-up questions")
    p.add_argument("--store", help=store_help)
    add_filters(p)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", help="measure retrieval and answer quality on a question file")
    p.add_argument("questions", metavar="QUESTIONS.jsonl", help="benchmark or {question, answer, choices?} JSONL")
    p.add_argument("--store", help=store_help)
    p.add_argument("--limit", type=int, help="use only the first N questions")
    p.add_argument("--split", help="only the questions whose `split` field is this (e.g. dev or test)")
    p.add_argument("--sample", type=int, metavar="N",
                   help="use N questions drawn at random from the whole file (fixed seed: the same N every run)")
    p.add_argument("--baselines", action="store_true", help="also measure dense-only and BM25-only retrieval")
    p.add_argument("--retrieval-only", action="store_true", help="skip answering (retrieval metrics only)")
    p.add_argument("--prompt", help="a prompt file to run beside the current prompt (generative answerers)")
    p.add_argument("--out", help="also write the results as JSON to this file")
    p.add_argument("--details", metavar="FILE",
                   help="also write one JSON line per question: what was answered and cited (for reading failures)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--build-from", metavar="ARTICLES.jsonl[.gz]",
                   help="if --store does not exist yet, build it from this benchmark articles file (a subset)")
    p.add_argument("--subset-questions", type=int, default=500,
                   help="with --build-from: take the articles of the first N answerable questions (default 500)")
    p.add_argument("--extra-articles", type=int, default=2000,
                   help="with --build-from: plus this many other articles as distractors (default 2000)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("watch", help="watches: topics whose new articles the bot posts after each ingest run")
    wsub = p.add_subparsers(dest="watch_command", required=True, metavar="ACTION")
    w = wsub.add_parser("add", help="watch a topic (the bot posts to --channel; without one, try it with check)")
    w.add_argument("topic", nargs="+", help="the topic, e.g. North Korean troops in Russia")
    w.add_argument("--outlet", help="only articles from this outlet")
    w.add_argument("--channel", type=int, help="Discord channel id the bot posts this watch's digests to")
    w.add_argument("--guild", type=int, help="the channel's server id (required with --channel)")
    w.add_argument("--store", help=store_help)
    w.add_argument("--json", action="store_true", help="print the watch as JSON")
    w.set_defaults(func=cmd_watch)
    w = wsub.add_parser("list", help="list the watches")
    w.add_argument("--store", help=store_help)
    w.add_argument("--json", action="store_true", help="print the list as JSON")
    w.set_defaults(func=cmd_watch)
    w = wsub.add_parser("remove", help="remove a watch by its id")
    w.add_argument("id", type=int, help="the watch's id (gazette watch list)")
    w.add_argument("--store", help=store_help)
    w.set_defaults(func=cmd_watch)
    w = wsub.add_parser("check", help="print what the next digests would post, without posting")
    w.add_argument("--watch", type=int, metavar="ID", help="only this watch")
    w.add_argument("--store", help=store_help)
    w.add_argument("--json", action="store_true", help="print the digests as JSON")
    w.set_defaults(func=cmd_watch)

    p = sub.add_parser("bot", help="run the Discord bot (token: GAZETTE_DISCORD__TOKEN)")
    p.add_argument("--store", help=store_help)
    p.set_defaults(func=cmd_bot)

    p = sub.add_parser("feedback", help="the bot's 👍/👎 feedback")
    fsub = p.add_subparsers(dest="feedback_command", required=True, metavar="ACTION")
    f = fsub.add_parser("export", help="write voted answers as JSON lines in the eval format")
    f.add_argument("--out", help="output file (default: standard output)")
    f.add_argument("--db", help="feedback database (default: GAZETTE_FEEDBACK__PATH)")
    f.add_argument("--votes", choices=("all", "up", "down"), default="all",
                   help="which answers: all voted ones (default), up (ready eval cases) or down (to review)")
    f.set_defaults(func=cmd_feedback_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.store_before is not None:
            if not hasattr(args, "store"):
                raise UsageError(f"gazette {args.command} takes no --store")
            args.store = args.store or args.store_before
        return int(args.func(args))
    except GazetteError as exc:
        print(f"gazette: error: {for_terminal(str(exc), one_line=True)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("gazette: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
