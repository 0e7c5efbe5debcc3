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


def parse_prompt(text: str) -> list[tuple[str, str]]:
    """Split a prompt file into (role, template) messages at its [system] / [user] headers."""
    parts = _SECTION.split(text)
    messages = [(role, body.strip()) for role, body in zip(parts[1::2], parts[2::2], strict=True)]
    if not messages:
        messages = [("user", text.strip())]
    if not any("{question}" in body for _, body in messages) or not any("{sources}" in b for _, b in messages):
        raise UsageError("a prompt must contain the placeholders {sources} and {question}")
    return [("human" if role == "user" else "system", body) for role, body in messages]


def load_prompt(name_or_path: str) -> list[tuple[str, str]]:
    path = prompt_file(name_or_path)
    try:
        return parse_prompt(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read prompt {path}: {exc.strerror or exc}") from exc
