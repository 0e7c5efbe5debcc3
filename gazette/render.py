"""Plain-text rendering of answers and ingest summaries for the terminal (pure functions)."""

from __future__ import annotations

import textwrap

from gazette.digests import Digest
from gazette.models import Answer, IngestSummary


def render_answer(answer: Answer, width: int = 100) -> str:
    lines = [f"Q: {answer.question}"]
    if answer.searched_query != answer.question:
        lines.append(f"(searched for: {answer.searched_query})")
    lines += ["", textwrap.fill(answer.answer, width)]
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


def render_digests(digests: list[Digest], width: int = 100) -> str:
    """What the next digests would post (`gazette watch check`), as text."""
    if not digests:
        return "nothing new matches the watches"
    blocks = []
    for d in digests:
        outlet = f" [outlet: {d.outlet}]" if d.outlet else ""
        lines = [f"watch {d.watch_id}: {d.topic}{outlet}, run {d.run_id}: {len(d.lines) + d.more} new"]
        for line in d.lines:
            head = " · ".join(p for p in (line.title, ", ".join(line.outlets), line.published or "undated") if p)
            lines.append(f"  • {head}  (relevance {line.score:.2f})")
            if line.url:
                lines.append(f"    {line.url}")
            if line.quote:
                lines.append(textwrap.fill(f"“{line.quote}”", width, initial_indent="    ", subsequent_indent="    "))
        if d.more:
            lines.append(f"  … and {d.more} more")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
