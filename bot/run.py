"""`gazette bot`: wire the real collaborators into GazetteBot and run it until interrupted."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from bot.adapters import ArchiveSize, CoreAnswers, CoreNewsDesk, NamedReingester, NamedSources, StoreWatches
from bot.client import GazetteBot
from bot.feedback import FeedbackStore
from gazette.app import App, Reader
from gazette.errors import StoreError, UsageError
from gazette.redact import Redactor, secrets_of

log = logging.getLogger(__name__)



class RedactSecrets(logging.Filter):
    """Replaces secrets (the bot token, API keys) in log records, tracebacks included (gazette.redact)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.redactor = Redactor(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.redactor.secrets:
            return True
        clean = self.redactor.exact
        message = record.getMessage()
        cleaned = clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = clean(record.exc_text)
        if record.stack_info:
            record.stack_info = clean(record.stack_info)
        return True


def install_redaction(secrets: Iterable[str], logger: logging.Logger | None = None) -> RedactSecrets:
    """Add the filter to every handler of ``logger`` (default: the root logger)."""
    redactor = RedactSecrets(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(redactor)
    return redactor


def open_watches(app: App, reader: Reader) -> StoreWatches | None:
    """The store's watches for the bot; None (with a warning) where the store folder cannot be written."""
    try:
        return StoreWatches.open(app, reader)
    except StoreError as exc:
        log.warning("watches are off: %s", str(exc).splitlines()[0])
        return None


def build_bot(app: App, reader: Reader, feedback: FeedbackStore, **options: Any) -> GazetteBot:
    """GazetteBot over the application and its open reader, with the real answering, sources, re-ingest, stats,
    timelines, "anything new?" and watches."""
    settings = app.settings
    options.setdefault("watches", open_watches(app, reader))
    return GazetteBot(
        config=settings.discord,
        answers=CoreAnswers(reader),
        reingester=NamedReingester(app, reader),
        sources=NamedSources(app),
        stats=ArchiveSize(reader),
        feedback=feedback,
        add_vote_reactions=settings.feedback.add_reactions,
        newsdesk=CoreNewsDesk(reader),
        redactor=Redactor(secrets_of(settings)),
        watch_config=settings.watch,
        **options,
    )


async def _serve(bot: GazetteBot, token: str) -> None:
    async with bot:
        await bot.start(token)


def run_bot(app: App) -> int:
    """Run the bot until interrupted: a reader over the application's store (a /reingest opens the writer when it
    runs)."""
    import discord

    settings = app.settings
    token = settings.discord.token.get_secret_value().strip()
    if not token:
        raise UsageError("no Discord bot token: set GAZETTE_DISCORD__TOKEN (see the README, section Discord)")
    install_redaction(secrets_of(settings))
    reader = app.open_reader()
    feedback = FeedbackStore(settings.feedback.path)
    bot: GazetteBot | None = None
    try:
        log.info("loading the embedding model and the indexes")
        # The first question should not wait for the model or for Chroma to load its vector index from disk.
        reader.retriever.search("warm up", k=1)
        bot = build_bot(app, reader, feedback)
        asyncio.run(_serve(bot, token))
    except discord.LoginFailure as exc:
        raise UsageError("Discord rejected the bot token (GAZETTE_DISCORD__TOKEN); reset it in the developer "
                         "portal and try again") from exc
    except discord.PrivilegedIntentsRequired as exc:
        raise UsageError("Discord refused the Message Content intent: enable it for the bot in the developer "
                         "portal (Bot -> Privileged Gateway Intents)") from exc
    finally:
        if bot is not None and isinstance(bot.watches, StoreWatches):
            bot.watches.close()
        reader.close()
        feedback.close()
    return 0
