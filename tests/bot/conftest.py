"""Fixtures for the bot tests: the local fake Discord, a feedback database, and a running bot."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from bot.feedback import FeedbackStore
from tests.bot.fake_discord import TOKEN, FakeDiscord


@pytest.fixture
async def fake_discord(monkeypatch) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    yield fake
    await fake.stop()


@pytest.fixture
def feedback(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    yield store
    store.close()


@contextlib.asynccontextmanager
async def running(bot: discord.Client) -> AsyncIterator[discord.Client]:
    """The real client, started with bot.start(TOKEN) against the fake, until the block ends."""
    task = asyncio.create_task(bot.start(TOKEN))
    try:
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # raises the start-up error
        assert ready in done, "the bot did not become ready"
        yield bot
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 10)
