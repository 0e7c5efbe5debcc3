"""Plain-text rendering of answers and ingest summaries for the terminal (pure functions).

Whatever Gazette prints may hold text from elsewhere (an article, a page title, a file name, the question): a
control character in it is a command to the terminal (ESC[2J clears the screen, OSC 52 writes the clipboard, OSC
8 hides a link, a bare carriage return or newline forges a line). :func:`for_terminal` shows such characters as
escapes instead; every text Gazette prints goes through it (or, for JSON, :func:`json_for_terminal`).
"""

from __future__ import annotations

import re
import textwrap

from gazette.digests import Digest
from gazette.models import Answer, Citation, IngestSummary, Timeline

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def _escape(m: re.Match[str]) -> str:
    return f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}"


def for_terminal(text: str, *, one_line: bool = False) -> str:
    """``text`` with its control characters shown as escapes (``\\x1b``): tab and newline kept, unless
    ``one_line`` (a name, a label, an error line), where they are escaped too (pure)."""
    return (_CONTROL_ONE_LINE if one_line else _CONTROL).sub(_escape, text)


def json_for_terminal(text: str) -> str:
    """JSON text with the control characters JSON allows raw (DEL, C1, line separators) written as \\u
    escapes: the same JSON value, nothing a terminal acts on (pure)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def render_answer(answer: Answer, width: int = 100) -> str:
    return for_terminal(_render_answer(answer, width))


def _render_answer(answer: Answer, width: int) -> str:
    lines = [f"Q: {for_terminal(answer.question, one_line=True)}"]
    if answer.searched_query != answer.question:
        lines.append(f"(searched for: {for_terminal(answer.searched_query, one_line=True)})")
    lines += ["", "\n\n".join(textwrap.fill(part, width) for part in answer.answer.split("\n\n"))]
    if answer.as_of:
        from datetime import date

        from gazette.timescope import humanise

        lines.append(f"(sources as of {humanise(date.fromisoformat(answer.as_of))})")
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            lines += _source_lines(c)
            lines.append(textwrap.fill(f"“{c.quote}”", width, initial_indent="    ", subsequent_indent="    "))
    return "\n".join(lines)


def render_timeline(timeline: Timeline, width: int = 100) -> str:
    """A timeline for the terminal: the topic, one line per development (oldest first), then its sources; control
    characters shown as escapes, as in every text Gazette prints."""
    return for_terminal(_render_timeline(timeline, width))


def _render_timeline(timeline: Timeline, width: int) -> str:
    from datetime import date

    from gazette.timescope import humanise

    lines = [f"Timeline: {for_terminal(timeline.topic, one_line=True)}", ""]
    if timeline.abstained:
        return "\n".join([*lines, timeline.text])
    for line in timeline.lines:
        head = f"{humanise(date.fromisoformat(line.date))} — "
        also = f" (also: {', '.join(for_terminal(c, one_line=True) for c in line.copies)})" if line.copies else ""
        lines.append(textwrap.fill(head + line.text + also, width, subsequent_indent=" " * len(head)))
    lines += ["", "Sources:"]
    for c in timeline.citations:
        lines += _source_lines(c)
    return "\n".join(lines)


def _source_lines(c: Citation) -> list[str]:
    """A source's heading ("[n] outlet — “title” — date") and its link, as every listing of sources prints them."""
    head = " — ".join(for_terminal(p, one_line=True) for p in (c.outlet, f"“{c.title}”", c.published or "undated") if p)
    return [f"[{c.n}] {head}", *([f"    {for_terminal(c.url, one_line=True)}"] if c.url else [])]


def render_summary(summary: IngestSummary) -> str:
    lines = [
        f"articles added: {summary.articles_added}, updated: {summary.articles_updated}, "
        f"unchanged: {summary.articles_unchanged}, duplicates: {summary.articles_duplicate}, "
        f"removed: {summary.articles_removed}; chunks embedded: {summary.chunks_embedded}; "
        f"failed: {len(summary.failed)}"
    ]
    for f in summary.failed:
        lines.append(f"  failed {for_terminal(f.source, one_line=True)}: {for_terminal(f.reason, one_line=True)}")
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
