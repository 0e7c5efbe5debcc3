"""The layout the README describes, checked on the source: bot -> gazette <- ingest, and no import cycles.

Every import counts, those inside functions too (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("gazette", "ingest", "bot")
ENTRY_POINTS = {"gazette.cli"}  # `gazette ...`: it wires ingest and the bot into the application


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imported(path: Path, known: set[str]) -> set[str]:
    """The project modules ``path`` imports, anywhere in it (``from gazette import x`` counts as gazette.x)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        out.update(n for n in names if n in known)
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imported(path, known) - {name} for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), as sorted lists (pure)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return groups


@pytest.mark.parametrize(("edges", "expected"), [
    ({"a": {"b"}, "b": set()}, []),
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
])
def test_cycles_finds_strongly_connected_groups(edges, expected):
    assert cycles(edges) == expected


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_core_imports_neither_ingest_nor_the_bot():
    wrong = {
        name: sorted(d for d in deps if d.split(".")[0] in ("ingest", "bot"))
        for name, deps in graph().items() if name.startswith("gazette") and name not in ENTRY_POINTS
    }
    assert {name: deps for name, deps in wrong.items() if deps} == {}


def test_ingest_does_not_import_the_bot():
    wrong = {name: sorted(d for d in deps if d.startswith("bot")) for name, deps in graph().items()
             if name.startswith("ingest")}
    assert {name: deps for name, deps in wrong.items() if deps} == {}
