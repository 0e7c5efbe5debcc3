"""Prompts for generative answerers: the templates (text files in prompts/, loaded by name or path) and the text
that fills them (numbered sources, the conversation), and reading the model's reply to a rewrite."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from gazette.citations import publisher, strip_markers
from gazette.errors import UsageError
from gazette.followups import Turn
from gazette.models import ABSTAIN_TEXT, RetrievedChunk

_SECTION = re.compile(r"^\[(system|user)\]\s*$", re.M)


def prompt_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    # A source checkout keeps prompts/ beside the package; a wheel carries them as gazette/_prompts.
    return [here.parent / "prompts", here / "_prompts"]


def prompt_file(name_or_path: str) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix and candidate.is_file():
        return candidate
    for folder in prompt_dirs():
        path = folder / f"{name_or_path}.txt"
        if path.is_file():
            return path
    raise UsageError(f"prompt {name_or_path!r} not found (looked for a file, and in {prompt_dirs()[0]})")


ANSWER_FIELDS = ("sources", "question", "abstain")
"""An answer prompt's placeholders: the numbered sources, the question, and the exact sentence the model replies
when the sources do not answer (Gazette recognises it: a prompt that words it differently would break abstention,
so the sentence is filled in, never written into the template)."""
REWRITE_FIELDS = ("history", "question")


def parse_prompt(text: str, fields: tuple[str, ...] = ANSWER_FIELDS) -> list[tuple[str, str]]:
    """Split a prompt file into (role, template) messages at its [system] / [user] headers; each of ``fields``
    must be a placeholder in it."""
    parts = _SECTION.split(text)
    messages = [(role, body.strip()) for role, body in zip(parts[1::2], parts[2::2], strict=True)]
    if not messages:
        messages = [("user", text.strip())]
    missing = [f for f in fields if not any(f"{{{f}}}" in body for _, body in messages)]
    if missing:
        raise UsageError(f"a prompt must contain the placeholders {' and '.join(f'{{{f}}}' for f in fields)}")
    return [("human" if role == "user" else "system", body) for role, body in messages]


def load_prompt(name_or_path: str, fields: tuple[str, ...] = ANSWER_FIELDS) -> list[tuple[str, str]]:
    path = prompt_file(name_or_path)
    try:
        return parse_prompt(path.read_text(encoding="utf-8"), fields)
    except OSError as exc:
        raise UsageError(f"cannot read prompt {path}: {exc.strerror or exc}") from exc


# -- what fills them --------------------------------------------------------------------------------------------


def prompt_sources(hits: Sequence[RetrievedChunk]) -> str:
    """The retrieved chunks as the answer prompt numbers them: "[n] headline (outlet, date)" and the text (pure). An
    article with no outlet is named by its web site's host ("edition.cnn.com"): a claim may name either, as the
    citation check accepts (gazette.verify)."""
    blocks = []
    for n, hit in enumerate(hits, start=1):
        c = hit.chunk
        when = c.published.isoformat() if c.published else "date unknown"
        blocks.append(f"[{n}] {c.title} ({publisher(c) or 'unknown outlet'}, {when})\n{c.text}")
    return "\n\n".join(blocks)


HISTORY_TURNS = 6
HISTORY_TURN_CHARS = 400
MAX_QUERY_CHARS = 300


def format_history(history: Sequence[Turn]) -> str:
    """The last turns of a conversation as the rewrite prompt shows them: one line each, markers removed, long
    answers cut (pure)."""
    lines = []
    for role, text in list(history)[-HISTORY_TURNS:]:
        flat = " ".join(strip_markers(text).split())
        if len(flat) > HISTORY_TURN_CHARS:
            flat = flat[:HISTORY_TURN_CHARS].rsplit(" ", 1)[0] + " …"
        lines.append(f"{'User' if role == 'user' else 'Gazette'}: {flat}")
    return "\n".join(lines)


_LABEL = re.compile(r"^\s*(standalone question|standalone|rewritten question|question|query)\s*:\s*", re.I)


def standalone_line(raw: str) -> str:
    """The question in a model's rewrite reply: its first line, without a label or quotes; empty when the reply
    is unusable (nothing, an abstention, or longer than a question should be) (pure)."""
    line = next((ln for ln in raw.splitlines() if ln.strip()), "")
    line = _LABEL.sub("", line).strip().strip("\"'`“”‘’").strip()
    line = " ".join(line.split())
    if not line or len(line) > MAX_QUERY_CHARS or looks_abstained(line):
        return ""
    return line


def looks_abstained(text: str) -> bool:
    """Whether a model's reply is the abstention sentence (or empty)."""
    flat = " ".join(text.lower().split())
    return not flat or ABSTAIN_TEXT.lower().rstrip(".") in flat
