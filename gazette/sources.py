"""Named sources: the TOML file that says where news comes from (see sources.example.toml).

```toml
[sources.kyiv-wire]
kind = "feed"                     # file | folder | url | feed | sitemap
url = "https://kyiv-wire.example/rss.xml"
outlet = "Kyiv Wire"              # shown in citations; else the page's own site name
max_articles = 200                # optional: newest first, the rest is left for later
```

File and folder sources take ``path`` (relative to the sources file) instead of ``url``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gazette.errors import UsageError

Kind = Literal["file", "folder", "url", "feed", "sitemap"]
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class SourceSpec(BaseModel):
    """One named source from the sources file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The source's name, used with --source.")
    kind: Kind = Field(description="file, folder, url (one article page), feed (RSS/Atom) or sitemap.")
    url: str | None = Field(None, description="For url, feed and sitemap sources.")
    path: Path | None = Field(None, description="For file and folder sources (relative to the sources file).")
    outlet: str = Field("", description="Outlet name given to its articles (else the page's site name).")
    max_articles: int | None = Field(None, ge=1, description="Most articles taken from the listing, newest first.")
    since: date | None = Field(None, description="Skip listed articles dated before this day.")
    fetch_pages: bool = Field(
        True, description="Feeds: fetch each entry's page (true) or take the text the feed itself carries (false)."
    )

    @model_validator(mode="after")
    def _location(self) -> SourceSpec:
        if not NAME.match(self.name):
            raise ValueError("names use letters, digits, '-', '_' and '.'")
        if self.kind in ("file", "folder"):
            if self.path is None or self.url is not None:
                raise ValueError(f"a {self.kind} source needs `path` (and no `url`)")
        elif self.url is None or self.path is not None:
            raise ValueError(f"a {self.kind} source needs `url` (and no `path`)")
        return self

    @property
    def location(self) -> str:
        return self.url if self.url is not None else str(self.path)


@dataclass(frozen=True)
class SourceRow:
    """A named source as `gazette sources` and `/sources` show it."""

    name: str
    kind: str
    location: str
    articles: int
    last_ingested: str | None
    """ISO time of the source's last ingest run, None if never."""
    last_error: str | None = None
    outlet: str = ""


def load_sources(path: Path) -> dict[str, SourceSpec]:
    """Read the sources file; UsageError (one line) for a missing or malformed one."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"no sources file at {path} (copy sources.example.toml, or set GAZETTE_SOURCES__FILE / --sources-file)"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot read sources file {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    unknown = set(data) - {"sources"}
    if unknown:
        raise UsageError(f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))}; expected [sources.NAME] tables")
    table = data.get("sources", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: `sources` must be a table of [sources.NAME] entries")
    specs: dict[str, SourceSpec] = {}
    for name, body in table.items():
        if not isinstance(body, dict):
            raise UsageError(f"{path}: sources.{name} must be a table")
        try:
            spec = SourceSpec(name=name, **body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"] if p != "__root__")
            msg = first["msg"].removeprefix("Value error, ")
            raise UsageError(f"{path}: sources.{name}{'.' + where if where else ''}: {msg}") from None
        if spec.path is not None and not spec.path.expanduser().is_absolute():
            spec = spec.model_copy(update={"path": (path.parent / spec.path).resolve()})
        specs[name] = spec
    return specs


def select_sources(specs: dict[str, SourceSpec], names: list[str], everything: bool, path: Path) -> list[SourceSpec]:
    """The sources asked for with --source NAME (in order) or --all; UsageError for an unknown name."""
    if everything:
        return list(specs.values())
    chosen = []
    for name in names:
        if name not in specs:
            known = ", ".join(sorted(specs)) or "none"
            raise UsageError(f"unknown source {name!r} (sources in {path}: {known})")
        if specs[name] not in chosen:
            chosen.append(specs[name])
    return chosen
