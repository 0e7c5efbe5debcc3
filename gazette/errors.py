"""One exception base for everything a user should see as a one-line message."""

from __future__ import annotations


class GazetteError(Exception):
    """A failure that the CLI and the bot turn into a short message (no traceback)."""

    exit_code = 1


class UsageError(GazetteError):
    """The user asked for something malformed (bad path, empty question, bad option)."""

    exit_code = 2


class StoreError(GazetteError):
    """The archive folder is missing, foreign or damaged."""


class ModelError(GazetteError):
    """The language model could not be reached or answered badly."""
