"""The article catalog: normalised articles in SQLite, the source of truth beside the vector index.

The index can be rebuilt from the catalog without fetching anything. Each article row records the chunk ids
that were written for it, so a changed or removed article's old chunks can be deleted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from gazette.models import Article

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    doc_id      TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    title       TEXT NOT NULL,
    outlet      TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    published   INTEGER,            -- YYYYMMDD, NULL when unknown
    source      TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    chunk_ids   TEXT NOT NULL,      -- JSON list
    ingested_at TEXT NOT NULL
);
"""


def date_to_int(d: date | None) -> int | None:
    return d.year * 10000 + d.month * 100 + d.day if d else None


def int_to_date(n: int | None) -> date | None:
    if not n:
        return None
    return date(n // 10000, (n // 100) % 100, n % 100)


@dataclass(frozen=True)
class CatalogEntry:
    doc_id: str
    fingerprint: str
    chunk_ids: list[str]


class Catalog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def entry(self, doc_id: str) -> CatalogEntry | None:
        row = self.db.execute("SELECT fingerprint, chunk_ids FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
        return CatalogEntry(doc_id, row[0], json.loads(row[1])) if row else None

    def put(self, article: Article, chunk_ids: list[str]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                article.doc_id, article.fingerprint, article.title, article.outlet, article.url,
                date_to_int(article.published), article.source, article.text, json.dumps(chunk_ids),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )

    def delete(self, doc_id: str) -> None:
        self.db.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute(
            "SELECT doc_id, title, text, outlet, url, published, source FROM articles ORDER BY doc_id"
        ):
            yield Article(
                doc_id=row[0], title=row[1], text=row[2], outlet=row[3], url=row[4],
                published=int_to_date(row[5]), source=row[6],
            )

    def chunk_count(self) -> int:
        return sum(len(json.loads(r[0])) for r in self.db.execute("SELECT chunk_ids FROM articles"))
