"""How much ingest reads from one local file and keeps of one article (settings ``ingest.max_*``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gazette.settings import MAX_ARTICLE_CHARS, MAX_FILE_BYTES

__all__ = ["DEFAULT_LIMITS", "DOCUMENT_BYTES_PER_CHAR", "MAX_ARTICLE_CHARS", "MAX_FILE_BYTES", "Limits"]

DOCUMENT_BYTES_PER_CHAR = 25
"""A document read whole (an HTML, Markdown or text file, one JSON record) may hold this many bytes per character
of the longest article: room for markup and JSON escapes (up to 12 bytes for one character), 5 MB by default,
the same as a fetched page."""


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = MAX_FILE_BYTES
    """Most bytes read from one local file, after decompression."""
    max_article_chars: int = MAX_ARTICLE_CHARS
    """Longest article text kept, in characters."""

    @property
    def document_bytes(self) -> int:
        """Most bytes of one document read whole (a file of one article, one JSON Lines line, one JSON record)."""
        return min(self.max_file_bytes, DOCUMENT_BYTES_PER_CHAR * self.max_article_chars)

    @classmethod
    def from_settings(cls, ingest: Any) -> Limits:
        """Build from ``settings.ingest``."""
        return cls(max_file_bytes=ingest.max_file_bytes, max_article_chars=ingest.max_article_chars)


DEFAULT_LIMITS = Limits()
