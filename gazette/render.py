"""Plain-text rendering of answers and ingest summaries for the terminal (pure functions)."""

from __future__ import annotations

import textwrap

from gazette.models import Answer, IngestSummary, Timeline


def render_answer(answer: Answer, width: int = 100) -> str:
    lines = [f"Q: {answer.question}"]
    if answer.searched_query != answer.question:
        lines.append(f"(searched for: {answer.searched_query})")
    lines += ["", "\n\n".join(textwrap.fill(part, width) for part in answer.answer.split("\n\n"))]
    if answer.as_of:
        from datetime import date

        from gazette.timescope import humanise

        lines.append(f"(sources as of {humanise(date.fromisoformat(answer.as_of))})")
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            head = " — ".join(p for p in (c.outlet, f"“{c.title}”", c.published or "undated") if p)
            lines.append(f"[{c.n}] {head}")
            if c.url:
                lines.append(f"    {c.url}")
            lines.append(textwrap.fill(f"“{c.quote}”", width, initial_indent="    ", subsequent_indent="    "))
    return "\n".join(lines)


def render_timeline(timeline: Timeline, width: int = 100) -> str:
    """A timeline for the terminal: the topic, one line per development (oldest first), then its sources."""
    lines = [f"Timeline: {timeline.topic}", ""]
    if timeline.abstained:
        return "\n".join([*lines, timeline.text])
    for line in timeline.lines:
        from datetime import date

        from gazette.timescope import humanise

        head = f"{humanise(date.fromisoformat(line.date))} — "
        also = f" (also: {', '.join(line.copies)})" if line.copies else ""
        lines.append(textwrap.fill(head + line.text + also, width, subsequent_indent=" " * len(head)))
    lines += ["", "Sources:"]
    for c in timeline.citations:
        head = " — ".join(p for p in (c.outlet, f"“{c.title}”", c.published or "undated") if p)
        lines.append(f"[{c.n}] {head}")
        if c.url:
            lines.append(f"    {c.url}")
    return "\n".join(lines)


def render_summary(summary: IngestSummary) -> str:
    lines = [
        f"articles added: {summary.articles_added}, updated: {summary.articles_updated}, "
        f"unchanged: {summary.articles_unchanged}, duplicates: {summary.articles_duplicate}, "
        f"removed: {summary.articles_removed}; chunks embedded: {summary.chunks_embedded}; "
        f"failed: {len(summary.failed)}"
    ]
    for f in summary.failed:
        lines.append(f"  failed {f.source}: {f.reason}")
    return "\n".join(lines)
