"""Gazette's slash commands. Each one is a thin shell around a GazetteBot method (checks and work live there)."""

from __future__ import annotations

from typing import Any, Protocol

import discord
from discord import app_commands

from bot.services import Reingester


class Handlers(Protocol):
    """What the commands call: GazetteBot's methods (bot/client.py)."""

    reingester: Reingester

    async def ask_command(self, interaction: discord.Interaction, question: str, since: str | None,
                          outlet: str | None) -> None: ...

    async def sources_command(self, interaction: discord.Interaction) -> None: ...

    async def timeline_command(self, interaction: discord.Interaction, topic: str, since: str | None,
                               until: str | None) -> None: ...

    async def stats_command(self, interaction: discord.Interaction) -> None: ...

    async def reingest_command(self, interaction: discord.Interaction, source: str | None,
                               prune: bool = False) -> None: ...

    async def watch_add_command(self, interaction: discord.Interaction, topic: str, outlet: str | None) -> None: ...

    async def watch_list_command(self, interaction: discord.Interaction) -> None: ...

    async def watch_remove_command(self, interaction: discord.Interaction, watch_id: int) -> None: ...


def add_commands(tree: app_commands.CommandTree, bot: Handlers) -> None:
    @app_commands.command(name="ask", description="Ask the news archive a question; the answer cites its sources.")
    @app_commands.describe(
        question="Your question, e.g. How many North Korean troops are in Kursk?",
        since="Only articles published on or after this date (YYYY-MM-DD)",
        outlet="Only articles from this outlet",
    )
    @app_commands.guild_only()
    async def ask(interaction: discord.Interaction, question: str, since: str | None = None,
                  outlet: str | None = None) -> None:
        await bot.ask_command(interaction, question, since, outlet)

    @app_commands.command(name="timeline", description="A story's dated developments, oldest first, each cited.")
    @app_commands.describe(
        topic="The story, e.g. North Korean troops in Kursk",
        since="Only developments on or after this date (YYYY-MM-DD)",
        until="Only developments on or before this date (YYYY-MM-DD)",
    )
    @app_commands.guild_only()
    async def timeline(interaction: discord.Interaction, topic: str, since: str | None = None,
                       until: str | None = None) -> None:
        await bot.timeline_command(interaction, topic, since, until)

    @app_commands.command(name="sources", description="The archive's sources: articles and last ingest time.")
    @app_commands.guild_only()
    async def sources(interaction: discord.Interaction) -> None:
        await bot.sources_command(interaction)

    @app_commands.command(name="stats", description="Archive size and questions answered.")
    @app_commands.guild_only()
    async def stats(interaction: discord.Interaction) -> None:
        await bot.stats_command(interaction)

    @app_commands.command(name="reingest", description="Re-read the archive's sources (admins only).")
    @app_commands.describe(
        source="One source to re-read (default: all)",
        prune="Also remove the articles a source no longer lists (only if it was read in full)",
    )
    @app_commands.guild_only()
    # A hint for Discord's UI only: GazetteBot.reingest_command checks permissions itself.
    @app_commands.default_permissions(manage_guild=True)
    async def reingest(interaction: discord.Interaction, source: str | None = None, prune: bool = False) -> None:
        await bot.reingest_command(interaction, source, prune)

    @reingest.autocomplete("source")
    async def source_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = bot.reingester.source_names()
        return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names if current.lower() in n.lower()][:25]

    watch = app_commands.Group(name="watch", description="Follow a story: new articles on a topic are posted to a "
                               "thread after each ingest.", guild_only=True)

    @watch.command(name="add", description="Watch a topic: after each ingest, new articles on it are posted here.")
    @app_commands.describe(topic="A few words naming the story, e.g. North Korean troops in Russia",
                           outlet="Only articles from this outlet")
    async def watch_add(interaction: discord.Interaction, topic: str, outlet: str | None = None) -> None:
        await bot.watch_add_command(interaction, topic, outlet)

    @watch.command(name="list", description="This server's watches.")
    async def watch_list(interaction: discord.Interaction) -> None:
        await bot.watch_list_command(interaction)

    @watch.command(name="remove", description="Stop a watch (its id is in /watch list).")
    @app_commands.describe(id="The watch's number")
    async def watch_remove(interaction: discord.Interaction, id: int) -> None:  # noqa: A002 - the option's name
        await bot.watch_remove_command(interaction, id)

    commands: list[app_commands.Command[Any, Any, None] | app_commands.Group] = [
        ask, timeline, sources, stats, reingest, watch]
    for command in commands:
        tree.add_command(command)
