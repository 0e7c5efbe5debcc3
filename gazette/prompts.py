"""Prompt templates, kept as text files in prompts/ and loaded by name or path."""

from __future__ import annotations

import re
from pathlib import Path

from gazette.errors import UsageError

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


ANSWER_FIELDS = ("sources", "question")
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
