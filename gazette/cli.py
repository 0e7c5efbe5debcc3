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


def run_ingest(app, paths: Sequence[Path | str], show_progress: bool, specs: Sequence = (),  # type: ignore[no-untyped-def]
               prune: bool = False):
    """Ingest named sources, files, folders and URLs into a Gazette opened for writing.

    A progress bar is drawn on stderr when ``show_progress`` (a terminal, not --json).
    """
    from ingest.fetch import Fetcher
    from ingest.jobs import run_ingest as run_job
    from ingest.jobs import targets_for
    from ingest.limits import Limits

    settings = app.settings
    targets = targets_for([str(p) for p in paths], specs)

    def job(progress=None):  # type: ignore[no-untyped-def]
        return run_job(
            app.archive, app.embedder, targets, fetcher_factory=lambda: Fetcher.from_settings(settings.fetch),
            max_tokens=settings.embedding.max_tokens, batch_chunks=settings.ingest.batch_chunks, prune=prune,
            progress=progress, limits=Limits.from_settings(settings.ingest),
        )

    if not show_progress:
        return job()
    with _progress_bar() as bar:
        tasks: dict[str, object] = {}

        def progress(label, done, total, summary):  # type: ignore[no-untyped-def]
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=None)
            bar.update(tasks[label], completed=done, total=total, description=(
                f"{_short(label)}: {summary.articles_added} new, {summary.articles_updated} changed, "
                f"{summary.chunks_embedded} chunks"))

        return job(progress)


def _short(label: str, width: int = 28) -> str:
    """A path's file name or a URL's tail, at most ``width`` characters (for the progress bar)."""
    if "://" not in label and "/" in label:
        label = Path(label).name
    return label if len(label) <= width else "…" + label[-(width - 1):]


def _progress_bar():  # type: ignore[no-untyped-def]
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


def _stdout_console():  # type: ignore[no-untyped-def]
    """Rich on stdout; when piped, wide enough that tables do not fold every cell."""
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160)


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


def _print_summary_table(summary, store: Path, elapsed: float) -> None:  # type: ignore[no-untyped-def]
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
        table.add_row(label, str(value))
    console.print(table)
    if summary.sources:
        per = Table(title="Sources", title_justify="left")
        for col in ("source", "read", "failed", "complete", "pruned"):
            per.add_column(col, justify="left" if col == "source" else "right")
        for r in summary.sources:
            per.add_row(r.name, str(r.listed), str(r.failed), "yes" if r.complete else "no", str(r.pruned))
        console.print(per)
    for f in summary.failed:
        console.print(f"failed {f.source}: {f.reason}", markup=False, highlight=False)
    for note in summary.notes:
        console.print(f"note: {note}", markup=False, highlight=False)
    console.print(f"store: {store} ({elapsed:.1f} s)", markup=False, highlight=False)


def _sources_file(args: argparse.Namespace, settings) -> Path:  # type: ignore[no-untyped-def]
    return Path(args.sources_file).expanduser() if args.sources_file else settings.sources.file


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
    specs = _ingest_specs(args, settings)  # fail fast: a bad sources file stops a schedule before it starts
    local = [p for p in args.paths if "://" not in p]
    missing = [p for p in local if not Path(p).expanduser().exists()]
    if missing and len(missing) == len(args.paths) and not specs:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if every is None:
        _ingest_once(args, settings, specs)
        return 0
    return _ingest_every(args, settings, every)


def _ingest_specs(args: argparse.Namespace, settings) -> list:  # type: ignore[no-untyped-def]
    if not (args.source or args.all):
        return []
    from ingest.sources import load_sources, select_sources

    sources_file = _sources_file(args, settings)
    specs = select_sources(load_sources(sources_file), args.source or [], args.all, sources_file)
    if not specs:
        raise UsageError(f"{sources_file} defines no sources")
    return specs


def _ingest_once(args: argparse.Namespace, settings, specs, embedder=None, scheduled: bool = False) -> None:  # type: ignore[no-untyped-def]
    from gazette.app import open_gazette

    app = open_gazette(settings, _store(args, settings), create=True, embedder=embedder,
                       status=lambda message: _status(message, quiet=args.json))
    try:
        started = time.perf_counter()
        summary = run_ingest(app, [p if "://" in p else Path(p).expanduser() for p in args.paths],
                             show_progress=not args.json and sys.stderr.isatty(), specs=specs, prune=args.prune)
        elapsed = time.perf_counter() - started
    finally:
        app.close()
    if args.json:
        # One JSON document per run; on a schedule, one per line (JSON Lines).
        print(summary.model_dump_json(indent=None if scheduled else 2), flush=True)
    else:
        _print_summary_table(summary, app.archive.path, elapsed)


def _ingest_every(args: argparse.Namespace, settings, every: float) -> int:  # type: ignore[no-untyped-def]
    """Ingest now and then every ``every`` seconds until SIGTERM or Ctrl-C (a second one aborts the run)."""
    import signal
    import threading

    from gazette.app import make_embedder
    from ingest.schedule import run_every

    embedder = make_embedder(settings)  # loaded once for every run
    stop = threading.Event()

    def on_signal(signum, frame):  # type: ignore[no-untyped-def]
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        _status(f"gazette: {signal.Signals(signum).name}: stopping after the current run "
                "(send it again to stop now)", quiet=False)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}

    def job(run: int) -> None:
        _status(f"gazette: ingest run {run} started {time.strftime('%Y-%m-%d %H:%M:%S')}", quiet=args.json)
        _ingest_once(args, settings, _ingest_specs(args, settings), embedder, scheduled=True)

    try:
        report = run_every(
            job, every, stop=stop, max_runs=args.max_runs,
            on_failure=lambda run, line: print(f"gazette: ingest run {run} failed: {line}", file=sys.stderr,
                                               flush=True),
        )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _status(f"gazette: ingest schedule ended after {report.runs} runs ({report.failures} failed)", quiet=False)
    return 1 if report.last_failed and not stop.is_set() else 0


# -- sources and reindex ---------------------------------------------------------------------------------


def cmd_sources(args: argparse.Namespace) -> int:
    import json

    from gazette.store import source_states
    from ingest.sources import load_sources

    settings = _settings(args)
    specs = load_sources(_sources_file(args, settings))
    store = _store(args, settings)
    states = source_states(store)
    rows = []
    for spec in specs.values():
        state = states.get(spec.name)
        rows.append({
            "name": spec.name, "kind": spec.kind, "location": spec.location, "outlet": spec.outlet,
            "last_ingest": state.last_run if state else None, "articles": state.articles if state else 0,
            "last_error": state.last_error if state else None,
        })
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    from rich.table import Table

    table = Table(title=f"Sources ({_sources_file(args, settings)})", title_justify="left")
    for col in ("name", "kind", "location", "outlet", "last ingest", "articles", "last error"):
        table.add_column(col, justify="right" if col == "articles" else "left", overflow="fold")
    for r in rows:
        table.add_row(r["name"], r["kind"], r["location"], r["outlet"], r["last_ingest"] or "never",
                      str(r["articles"]), r["last_error"] or "")
    _stdout_console().print(table)
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    import json

    from gazette.app import chroma_server, make_embedder
    from gazette.store import open_archive
    from ingest.index import reindex

    settings = _settings(args)
    embedder = make_embedder(settings)
    archive = open_archive(_store(args, settings), create=False, writer=True, collection=settings.store.collection,
                           embedding_model=embedder.name, dimensions=embedder.dimensions,
                           server=chroma_server(settings.store))
    started = time.perf_counter()
    try:
        kwargs = {"max_tokens": settings.embedding.max_tokens, "batch_chunks": settings.ingest.batch_chunks}
        if not args.json and sys.stderr.isatty():
            with _progress_bar() as bar:
                task = bar.add_task("reindexing", total=None)
                articles, chunks = reindex(
                    archive, embedder, progress=lambda done, total: bar.update(task, completed=done, total=total),
                    **kwargs,
                )
        else:
            articles, chunks = reindex(archive, embedder, **kwargs)
    finally:
        archive.close()
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({"articles": articles, "chunks_embedded": chunks}, indent=2))
    else:
        print(f"reindexed {articles} articles, {chunks} chunks embedded; store: {archive.path} ({elapsed:.1f} s)")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Open the store as a reader (no model loaded) and print its counts: a health check for services."""
    from gazette.app import chroma_server
    from gazette.store import open_archive

    settings = _settings(args)
    server = chroma_server(settings.store)
    archive = open_archive(_store(args, settings), create=False, writer=False, server=server)
    try:
        stats = archive.stats()
    finally:
        archive.close()
    info = {"store": stats.path, "articles": stats.articles, "chunks": stats.chunks,
            "embedding_model": stats.embedding_model, "vectors": server.url if server else "store folder",
            "collection": archive.collection_name}
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        print("\n".join(f"{key}: {value}" for key, value in info.items()))
    return 0


# -- ask --------------------------------------------------------------------------------------------------


def _date_arg(value: str | None, flag: str):  # type: ignore[no-untyped-def]
    from gazette.dates import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise UsageError(f"{flag}: not a date: {value!r} (use YYYY-MM-DD)") from None


def _filters(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from gazette.models import SearchFilters

    since, until = _date_arg(args.since, "--since"), _date_arg(args.until, "--until")
    if since and until and since > until:
        raise UsageError("--since is after --until")
    return SearchFilters(since=since, until=until, outlets=tuple(args.outlet or ()))


def cmd_ask(args: argparse.Namespace) -> int:
    from gazette.answering import ask, ask_choices, clean_question
    from gazette.app import open_gazette
    from gazette.choices import parse_choices
    from gazette.render import render_answer

    question = clean_question(" ".join(args.question))  # fail fast, before loading anything
    filters = _filters(args)
    as_of = _date_arg(args.as_of, "--as-of")
    choices = parse_choices(args.choices) if args.choices is not None else None
    settings = _settings(args)
    app = open_gazette(settings, _store(args, settings), create=False,
                       status=lambda message: _status(message, quiet=args.json))
    try:
        if choices:
            answer = ask_choices(question, choices, app.retriever, filters=filters, as_of=as_of)
        else:
            answer = ask(question, app.retriever, app.answerer, filters=filters, as_of=as_of)
    finally:
        app.close()
    print(answer.model_dump_json(indent=2) if args.json else render_answer(answer))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """An interactive conversation: follow-ups are rewritten with the history; the searched query is shown."""
    from gazette.answering import ask
    from gazette.app import open_gazette
    from gazette.render import render_answer

    filters = _filters(args)
    as_of = _date_arg(args.as_of, "--as-of")
    settings = _settings(args)
    app = open_gazette(settings, _store(args, settings), create=False)
    history: list[tuple[str, str]] = []
    print("Ask about the archive; follow-up questions use the conversation. Empty line or Ctrl-D to quit.",
          file=sys.stderr)
    try:
        while True:
            try:
                question = input("you> ").strip()
            except EOFError:
                break
            if not question or question.lower() in {"quit", "exit"}:
                break
            try:
                answer = ask(question, app.retriever, app.answerer, history=history[-8:], filters=filters,
                             as_of=as_of)
            except UsageError as exc:
                print(f"gazette: {exc}", file=sys.stderr)
                continue
            print(render_answer(answer))
            print()
            history += [("user", question), ("assistant", answer.answer)]
    finally:
        app.close()
    return 0


def _build_eval_store(settings, store: Path, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    """Build (once) a smaller store from a benchmark dump; an existing store is reused as it is."""
    from gazette.app import open_gazette
    from gazette.store import is_archive
    from ingest.pipeline import ingest_items
    from ingest.subset import subset_articles

    if is_archive(store):
        _status(f"using the existing store {store} (delete it to rebuild)", quiet=args.json)
        return
    source = Path(args.build_from).expanduser()
    _status(f"building {store}: articles of the first {args.subset_questions} answerable questions of "
            f"{args.questions} plus {args.extra_articles} others, from {source}", quiet=args.json)
    app = open_gazette(settings, store, create=True)
    try:
        items = subset_articles(source, Path(args.questions).expanduser(), args.subset_questions, args.extra_articles)
        summary = ingest_items(app.archive, app.embedder, items, max_tokens=settings.embedding.max_tokens)
    finally:
        app.close()
    (store / "subset.json").write_text(json.dumps({
        "articles_file": str(source), "questions_file": str(args.questions),
        "subset_questions": args.subset_questions, "extra_articles": args.extra_articles,
        "articles": summary.articles_added, "chunks": summary.chunks_embedded,
    }, indent=2) + "\n", encoding="utf-8")


def cmd_eval(args: argparse.Namespace) -> int:
    from gazette.app import make_answerer, open_gazette
    from gazette.evaluation import evaluate, load_questions, render_report, sample_questions

    questions = load_questions(Path(args.questions).expanduser(), args.limit)
    if args.sample is not None:
        if args.sample < 1:
            raise UsageError("--sample needs a positive number of questions")
        questions = sample_questions(questions, args.sample)
    settings = _settings(args)
    store = _store(args, settings)
    if args.build_from:
        _build_eval_store(settings, store, args)
    app = open_gazette(settings, store, create=False)
    answerers = {"current": app.answerer}
    if args.prompt:
        if settings.llm.provider == "extractive":
            raise UsageError("--prompt needs a generative answerer (set GAZETTE_LLM__PROVIDER)")
        variant = settings.model_copy(update={"llm": settings.llm.model_copy(update={"prompt": args.prompt})})
        answerers[f"prompt:{Path(args.prompt).name}"] = make_answerer(variant, app.embedder)
    show = sys.stderr.isatty() and not args.json
    try:
        stats = app.archive.stats()
        _status(f"evaluating {len(questions)} questions on {stats.path} ({stats.articles} articles, "
                f"{stats.chunks} chunks)", quiet=args.json)
        last = [0.0]

        def progress(i: int) -> None:
            if show and time.perf_counter() - last[0] > 2:
                last[0] = time.perf_counter()
                print(f"\r  {i}/{len(questions)}", end="", file=sys.stderr, flush=True)

        result = evaluate(questions, app.retriever, answerers, baselines=args.baselines,
                          answers=not args.retrieval_only, progress=progress)
        if show:
            print(file=sys.stderr)
        result["store"] = {"path": stats.path, "articles": stats.articles, "chunks": stats.chunks}
        subset = Path(stats.path) / "subset.json"
        if subset.is_file():
            result["store"]["subset"] = json.loads(subset.read_text(encoding="utf-8"))
        result["questions_file"] = str(args.questions)
    finally:
        app.close()
    if args.out:
        Path(args.out).expanduser().write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if args.json else render_report(result))
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


# -- bot and feedback ----------------------------------------------------------------------------------------


def cmd_bot(args: argparse.Namespace) -> int:
    from bot.run import run_bot

    settings = _settings(args)
    return run_bot(settings, _store(args, settings))


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

    p = sub.add_parser("chat", help="an interactive conversation with follow-up questions")
    p.add_argument("--store", help=store_help)
    add_filters(p)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", help="measure retrieval and answer quality on a question file")
    p.add_argument("questions", metavar="QUESTIONS.jsonl", help="benchmark or {question, answer, choices?} JSONL")
    p.add_argument("--store", help=store_help)
    p.add_argument("--limit", type=int, help="use only the first N questions")
    p.add_argument("--sample", type=int, metavar="N",
                   help="use N questions drawn at random from the whole file (fixed seed: the same N every run)")
    p.add_argument("--baselines", action="store_true", help="also measure dense-only and BM25-only retrieval")
    p.add_argument("--retrieval-only", action="store_true", help="skip answering (retrieval metrics only)")
    p.add_argument("--prompt", help="a prompt file to run beside the current prompt (generative answerers)")
    p.add_argument("--out", help="also write the results as JSON to this file")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--build-from", metavar="ARTICLES.jsonl[.gz]",
                   help="if --store does not exist yet, build it from this benchmark articles file (a subset)")
    p.add_argument("--subset-questions", type=int, default=500,
                   help="with --build-from: take the articles of the first N answerable questions (default 500)")
    p.add_argument("--extra-articles", type=int, default=2000,
                   help="with --build-from: plus this many other articles as distractors (default 2000)")
    p.set_defaults(func=cmd_eval)

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
        return int(args.func(args))
    except GazetteError as exc:
        print(f"gazette: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("gazette: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
