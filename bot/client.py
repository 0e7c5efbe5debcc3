"""The Discord client: events, the conversation flow and the one error handler.

The client receives its collaborators (bot/services.py) and settings in ``__init__``; it holds no business logic:
answers come from the core, their formatting from bot/formatting.py.
"""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any

import discord
from discord import app_commands

from bot.commands import add_commands
from bot.feedback import FeedbackStore, vote_emoji
from bot.formatting import (
    DOWN_EMOJI,
    UP_EMOJI,
    OutMessage,
    format_answer,
    format_counts,
    format_digest,
    format_progress,
    format_source_rows,
    format_stats,
    format_timeline,
    format_watch_added,
    format_watch_list,
    plain_messages,
    question_from_mention,
    safe_text,
    thread_name,
    watch_thread_name,
)
from bot.limits import Cooldown, channel_allowed, check_question, is_admin
from bot.services import (
    AnswerService,
    ArchiveStats,
    IngestCounts,
    NewsDesk,
    Reingester,
    SourceLister,
    WatchService,
)
from gazette.app import parse_filters
from gazette.digests import Digest
from gazette.errors import GazetteError, ModelError, StoreError, UsageError
from gazette.followups import Turn
from gazette.models import Answer, IngestProgress, SearchFilters
from gazette.redact import Redactor
from gazette.settings import DiscordSettings, WatchSettings
from gazette.timeline import clean_topic
from gazette.watches import PendingDigest, Watch, check_outlet, check_topic, no_such_watch
from gazette.whatsnew import last_answer

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."
# Interaction tokens last 15 minutes: after that a status message is posted anew instead of edited.
INTERACTION_EDIT_WINDOW_S = 14 * 60
# discord.py retries a 429 that carries retry_after and some 5xx itself; it gives up at once on a Cloudflare ban
# (429 without JSON or Via header) and on 503. An answer is worth a few more tries, with growing waits.
SEND_RETRIES = 3
SEND_RETRY_WAIT_S = 5.0
# A digest that still fails after this many checks (not a gone thread: e.g. Discord refusing its content) is
# dropped with a log line rather than tried for ever.
DIGEST_TRIES = 10
# How far back in a watch's thread a retry looks for parts of its digest that were posted but not recorded.
DIGEST_HISTORY = 50
# Discord's error codes for a channel or thread that is gone or closed to the bot.
GONE_CODES = {10003, 50001, 50013, 50083}


class Refusal(UsageError):
    """A request Gazette declines (wrong channel, cooldown, not an admin, a re-ingest already running)."""


def intents() -> discord.Intents:
    """Servers, their messages (with content: follow-ups in threads need no mention) and reactions (votes)."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.guild_reactions = True
    wanted.message_content = True
    return wanted


def describe_error(error: BaseException) -> tuple[str, bool]:
    """The short message a user sees for ``error``, and whether the error was unexpected (log a traceback)."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UsageError):
        return str(error), False
    if isinstance(error, ModelError):
        return "The language model did not answer. Please try again in a minute.", False
    if isinstance(error, StoreError):
        return "The archive is not available right now. Please try again later.", False
    if isinstance(error, GazetteError):
        return str(error).splitlines()[0][:300] or APOLOGY, False
    if isinstance(error, app_commands.NoPrivateMessage):
        return "Gazette works in servers only.", False
    if isinstance(error, app_commands.CheckFailure):
        return "You cannot use this command here.", False
    if isinstance(error, discord.Forbidden):
        return "I am missing a permission in this channel (see the README for the ones Gazette needs).", False
    return APOLOGY, True


def gone(error: BaseException) -> bool:
    """Discord says the channel or thread is gone, or closed to the bot (deleted, no access, locked)."""
    return isinstance(error, discord.NotFound | discord.Forbidden) or (
        isinstance(error, discord.HTTPException) and error.code in GONE_CODES)


def _send_kwargs(message: OutMessage, redactor: Redactor | None = None) -> dict[str, Any]:
    """What discord.py sends for ``message``: no mentions, and Gazette's own secrets redacted from the content and
    every embed (the one output guard, gazette.redact; the bot always passes its own)."""
    redactor = redactor or Redactor(())
    kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if message.content:
        kwargs["content"] = redactor.text(message.content)
    if message.embeds:
        kwargs["embeds"] = [discord.Embed.from_dict(redactor.payload(e)) for e in message.embeds]
    return kwargs


def transient(error: BaseException) -> bool:
    """A failure Discord may not repeat: rate limited (a Cloudflare ban included) or a server error."""
    return isinstance(error, discord.HTTPException) and (error.status == 429 or error.status >= 500)


class StatusMessage:
    """One status message, edited in place: the interaction's response while its token is valid, then a channel
    message of our own."""

    def __init__(self, interaction: discord.Interaction, clock: Callable[[], float], redactor: Redactor) -> None:
        self.interaction = interaction
        self.clock = clock
        self.redactor = redactor
        self.started = clock()
        self._fallback: discord.Message | None = None

    async def update(self, text: str) -> None:
        content = self.redactor.text(plain_messages(text)[0].content)
        if self._fallback is None and self.clock() - self.started < INTERACTION_EDIT_WINDOW_S:
            await self.interaction.edit_original_response(content=content, allowed_mentions=NO_MENTIONS)
            return
        if self._fallback is None:
            channel = self.interaction.channel
            if not isinstance(channel, discord.abc.Messageable):
                return
            self._fallback = await channel.send(content=content, allowed_mentions=NO_MENTIONS)
        else:
            await self._fallback.edit(content=content, allowed_mentions=NO_MENTIONS)


class GazetteBot(discord.Client):
    def __init__(
        self,
        *,
        config: DiscordSettings,
        answers: AnswerService,
        reingester: Reingester,
        sources: SourceLister,
        stats: ArchiveStats,
        feedback: FeedbackStore,
        add_vote_reactions: bool = True,
        clock: Callable[[], float] = time.monotonic,
        send_retry_wait_s: float = SEND_RETRY_WAIT_S,
        newsdesk: NewsDesk | None = None,
        redactor: Redactor | None = None,
        watches: WatchService | None = None,
        watch_config: WatchSettings | None = None,
        **options: Any,
    ) -> None:
        super().__init__(intents=intents(), allowed_mentions=NO_MENTIONS, **options)
        self.config = config
        # Gazette's own secrets never reach a message (the bot token at least; bot/run.py adds the others).
        self.redactor = redactor or Redactor([config.token.get_secret_value()])
        self.answers = answers
        self.reingester = reingester
        self.sources = sources
        self.stats = stats
        self.feedback = feedback
        self.newsdesk = newsdesk
        self.add_vote_reactions = add_vote_reactions
        self.clock = clock
        self.send_retry_wait_s = send_retry_wait_s
        self.cooldown = Cooldown(config.cooldown_s, clock)
        self._answer_slots = asyncio.Semaphore(config.max_concurrent_answers)
        self._reingest: asyncio.Task[None] | None = None
        self._reingest_by: tuple[float, str] | None = None  # (start time, who) while a re-ingest runs
        self.watches = watches
        self.watch_config = watch_config or WatchSettings()
        self._watch_loop: asyncio.Task[None] | None = None
        self._watch_checks = 0
        self.tree = app_commands.CommandTree(self)
        self.tree.error(self.on_app_command_error)
        add_commands(self.tree, self)

    # -- start-up --------------------------------------------------------------------------------------------
    async def setup_hook(self) -> None:
        if self.watches is not None:
            self._watch_loop = asyncio.create_task(self._poll_watches(), name="gazette-watches")
        if not self.config.sync_commands:
            return
        try:
            if self.config.dev_guild_id:
                guild = discord.Object(id=self.config.dev_guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d slash commands to guild %s", len(synced), self.config.dev_guild_id)
            else:
                synced = await self.tree.sync()
                log.info("synced %d global slash commands (they may take up to an hour to appear)", len(synced))
        except discord.HTTPException as exc:
            log.error("could not register slash commands (%s); was the bot invited with the "
                      "applications.commands scope?", exc)

    async def on_ready(self) -> None:
        log.info("Gazette is connected as %s (id %s) to %d server(s)", self.user, self.user and self.user.id,
                 len(self.guilds))

    # -- the error handler -----------------------------------------------------------------------------------
    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await self.report_error(interaction, error)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        error = sys.exc_info()[1]
        target = args[0] if args and isinstance(args[0], discord.Message) else None
        if error is None:
            log.error("error in %s with no exception", event_method)
            return
        await self.report_error(target, error, where=event_method)

    async def report_error(self, target: discord.Interaction | discord.Message | discord.abc.Messageable | None,
                           error: BaseException, where: str = "") -> None:
        """Every failure ends here: a short message for the user; a traceback in the log when unexpected."""
        text, unexpected = describe_error(error)
        if unexpected:
            cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
            log.error("unexpected error%s", f" in {where}" if where else "",
                      exc_info=(type(cause), cause, cause.__traceback__))
        else:
            log.info("refused or failed politely: %s", text)
        if self.is_closed():
            return  # shutting down: nobody to tell
        content = self.redactor.text(plain_messages(text)[0].content)
        try:
            if isinstance(target, discord.Interaction):
                if target.response.is_done():
                    await target.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
                else:
                    await target.response.send_message(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
            elif isinstance(target, discord.Message):
                await target.reply(content, mention_author=False, allowed_mentions=NO_MENTIONS)
            elif target is not None:
                await target.send(content, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not tell the user about an error", exc_info=True)

    # -- checks ----------------------------------------------------------------------------------------------
    def _require_channel(self, channel: Any) -> None:
        parent = getattr(channel, "parent_id", None)
        if not channel_allowed(getattr(channel, "id", None), parent, self.config.allowed_channels):
            where = ", ".join(f"<#{c}>" for c in self.config.allowed_channels)
            raise Refusal(f"Gazette answers in {where} only.")

    def _take_cooldown(self, user_id: int) -> None:
        wait = self.cooldown.remaining(user_id)
        if wait > 0:
            raise Refusal(f"Please wait {math.ceil(wait)} s before asking again.")
        self.cooldown.start(user_id)

    def is_conversation(self, channel: Any) -> bool:
        """A thread Gazette opened: every message there is a follow-up. (In other threads Gazette answers when
        mentioned, with that thread's history, but does not join in uninvited.)"""
        if isinstance(channel, discord.Thread):
            return self.user is not None and channel.owner_id == self.user.id
        # A thread missing from the cache arrives as a partial channel: ask our own records.
        return isinstance(channel, discord.PartialMessageable) and self.feedback.opened_thread(channel.id)

    # -- answering -------------------------------------------------------------------------------------------
    async def answer(self, question: str, history: Sequence[Turn], filters: SearchFilters | None,
                     thread_id: int | None = None) -> Answer:
        """The core's answer, computed in a worker thread; at most max_concurrent_answers at a time. In a thread
        with an earlier dated answer, "anything new?" is answered from what was published since (the core
        decides which questions are such; any other is answered as usual)."""
        async with self._answer_slots:
            if thread_id is not None and self.newsdesk is not None:
                last = last_answer(self.feedback.thread_answers(thread_id))
                if last is not None:
                    news = await asyncio.to_thread(self.newsdesk.whats_new, question, last, filters)
                    if news is not None:
                        return news
            return await asyncio.to_thread(self.answers.answer, question, list(history), filters)

    def history(self, channel: Any) -> list[Turn]:
        if not isinstance(channel, discord.Thread):
            return []
        return self.feedback.history(channel.id, self.config.history_messages)

    async def _deliver(self, send: Callable[[], Awaitable[discord.Message]]) -> discord.Message:
        """One answer message, sent again after a wait (doubling) when Discord is rate limiting or failing.

        A channel message keeps one nonce over its tries (set where it is sent), so a try that failed after
        Discord had posted it gets that message back instead of posting it again. A command's first message is
        an edit of its deferred response, which a repeat cannot double. Interaction followups (the second and
        later messages of a long reply) have no such key: there a retried server error may in rare cases post
        twice; losing an answer is worse.
        """
        for attempt in range(SEND_RETRIES + 1):
            try:
                return await send()
            except discord.HTTPException as exc:
                if not transient(exc) or attempt == SEND_RETRIES:
                    raise
                wait = self.send_retry_wait_s * 2**attempt
                log.warning("Discord answered %s to a message; sending it again in %.1f s", exc.status, wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    async def _reply(self, interaction: discord.Interaction, messages: Sequence[OutMessage]) -> list[discord.Message]:
        """A deferred command's reply: the first message replaces the "thinking…" response (an edit, so a retry
        cannot post it twice), the rest follow it as followups."""
        sent: list[discord.Message] = []
        for i, message in enumerate(messages):
            kwargs = _send_kwargs(message, self.redactor)
            if i == 0:
                sent.append(await self._deliver(partial(interaction.edit_original_response, **kwargs)))
            else:
                sent.append(await self._deliver(partial(interaction.followup.send, wait=True, **kwargs)))
        return sent

    async def _open_thread(self, channel: discord.TextChannel, message: discord.abc.Snowflake,
                           question: str) -> discord.Thread | None:
        try:
            thread = await channel.create_thread(
                name=thread_name(question), message=message,
                auto_archive_duration=self.config.thread_archive_minutes,
            )
        except discord.HTTPException as exc:
            log.warning("could not open a thread in channel %s: %s", channel.id, exc)
            return None
        self.feedback.add_thread(thread.id)
        return thread

    async def _invite_votes(self, message: discord.Message) -> None:
        if not self.add_vote_reactions:
            return
        try:
            for emoji in (UP_EMOJI, DOWN_EMOJI):
                await message.add_reaction(emoji)
        except discord.HTTPException as exc:
            log.info("could not add vote reactions: %s", exc)

    def _record(self, answer: Answer, user_id: int, channel: Any, thread_id: int | None,
                sent: Sequence[discord.Message], history: Sequence[Turn]) -> None:
        self.feedback.record_answer(
            answer, user_id=user_id, channel_id=channel.id, guild_id=getattr(getattr(channel, "guild", None), "id", None),
            thread_id=thread_id, message_ids=[m.id for m in sent], history=history,
        )

    async def ask_command(self, interaction: discord.Interaction, question: str, since: str | None,
                          outlet: str | None) -> None:
        """/ask: check, defer at once, answer in a worker thread, post, open a thread for follow-ups."""
        q = check_question(question, self.config.max_question_chars)
        channel = interaction.channel
        self._require_channel(channel)
        filters = parse_filters(since, None, [outlet] if outlet else [], labels=("since", "until"))
        self._take_cooldown(interaction.user.id)
        await interaction.response.defer(thinking=True)
        in_thread = isinstance(channel, discord.Thread)
        history = self.history(channel)
        answer = await self.answer(q, history, filters, channel.id if in_thread and channel is not None else None)
        sent = await self._reply(interaction, format_answer(answer))
        thread_id = channel.id if in_thread and channel is not None else None
        if isinstance(channel, discord.TextChannel) and sent:
            thread = await self._open_thread(channel, sent[0], q)
            thread_id = thread.id if thread else None
        self._record(answer, interaction.user.id, channel, thread_id, sent, history)
        if sent:
            await self._invite_votes(sent[-1])

    async def on_message(self, message: discord.Message) -> None:
        """A mention in a channel starts a conversation in a new thread; any message in a Gazette thread
        continues it (no mention needed)."""
        if message.author.bot or self.user is None or message.guild is None:
            return
        me = self.user.id
        role = message.guild.self_role  # the bot's own role: "@Gazette" in the picker is sometimes that
        role_id = role.id if role is not None else None
        mentioned = (f"<@{me}>" in message.content or f"<@!{me}>" in message.content
                     or (role_id is not None and f"<@&{role_id}>" in message.content))
        follow_up = self.is_conversation(message.channel)
        if not (mentioned or follow_up):
            return
        self._require_channel(message.channel)
        question = check_question(question_from_mention(message.content, me, role_id), self.config.max_question_chars)
        self._take_cooldown(message.author.id)
        channel = message.channel
        if isinstance(channel, discord.Thread):
            target: Any = channel
            thread_id: int | None = channel.id
        elif isinstance(channel, discord.TextChannel):
            thread = await self._open_thread(channel, message, question)
            target, thread_id = (thread, thread.id) if thread else (channel, None)
        else:
            target, thread_id = channel, None
        try:
            history = self.history(channel)
            async with target.typing():
                answer = await self.answer(question, history, None,
                                           channel.id if isinstance(channel, discord.Thread) else None)
            sent = []
            for i, out in enumerate(format_answer(answer)):
                reply_to = message if i == 0 and target is channel else None
                # One nonce for every try of this message: Discord (enforce_nonce) answers a repeat with the
                # message it already posted.
                kwargs = _send_kwargs(out, self.redactor) | {"nonce": secrets.randbits(63)}
                sent.append(await self._deliver(
                    partial(target.send, reference=reply_to, mention_author=False, **kwargs)))
        except Exception as exc:
            # Past this point the conversation has its thread: tell the user there, not in the channel.
            await self.report_error(target if target is not channel else message, exc, where="on_message")
            return
        self._record(answer, message.author.id, target, thread_id, sent, history)
        if sent:
            await self._invite_votes(sent[-1])

    # -- feedback --------------------------------------------------------------------------------------------
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        if self.user is not None and payload.user_id == self.user.id:
            return
        emoji = vote_emoji(str(payload.emoji))
        if emoji and self.feedback.vote(payload.message_id, payload.user_id, emoji):
            log.info("vote %s on message %s by %s", emoji, payload.message_id, payload.user_id)

    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        emoji = vote_emoji(str(payload.emoji))
        if emoji:
            self.feedback.unvote(payload.message_id, payload.user_id, emoji)

    # -- archive commands ------------------------------------------------------------------------------------
    async def sources_command(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        rows = await asyncio.to_thread(self.sources.list)
        await self._reply(interaction, plain_messages(format_source_rows(rows)))

    async def timeline_command(self, interaction: discord.Interaction, topic: str, since: str | None,
                               until: str | None) -> None:
        """/timeline: check (one-line refusals: an empty topic, since after until), defer, build the timeline in a
        worker thread, post it with its sources."""
        text = clean_topic(topic[: self.config.max_question_chars + 1])
        check_question(text, self.config.max_question_chars)
        self._require_channel(interaction.channel)
        filters = parse_filters(since, until, labels=("since", "until"))
        if self.newsdesk is None:
            raise Refusal("Timelines are not available on this bot.")
        self._take_cooldown(interaction.user.id)
        await interaction.response.defer(thinking=True)
        newsdesk = self.newsdesk
        async with self._answer_slots:
            timeline = await asyncio.to_thread(newsdesk.timeline, text, filters)
        await self._reply(interaction, format_timeline(timeline))

    async def stats_command(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        size = await asyncio.to_thread(self.stats.size)
        up, down = self.feedback.vote_totals()
        text = format_stats(size.articles, size.chunks, self.feedback.answered(), up, down)
        await self._reply(interaction, plain_messages(text)[:1])

    async def reingest_command(self, interaction: discord.Interaction, source: str | None, prune: bool = False) -> None:
        """/reingest: admins only (checked here, whatever Discord's default permissions say); one at a time; runs
        in the background and edits one status message."""
        user = interaction.user
        roles = [r.id for r in getattr(user, "roles", [])]
        if not is_admin(interaction.permissions.manage_guild, roles, self.config.admin_roles):
            raise Refusal("Only members with the Manage Server permission or an admin role can re-ingest.")
        if self._reingest_by is not None:
            started, by = self._reingest_by
            raise Refusal(f"A re-ingest is already running (started by {by} {self.clock() - started:.0f} s ago); "
                          "its status message shows the progress.")
        names = self.reingester.source_names()
        if source is not None and source not in names:
            raise UsageError(f"There is no source called {source!r}. Sources: {', '.join(names) or 'none'}.")
        self._reingest_by = (self.clock(), user.display_name)  # taken before the first await: one at a time
        try:
            label = f"`{source}`" if source else "all sources"
            await interaction.response.send_message(
                self.redactor.text(safe_text(f"⏳ Re-ingesting {label}: starting…")), allowed_mentions=NO_MENTIONS
            )
        except BaseException:
            self._reingest_by = None
            raise
        self._reingest = asyncio.create_task(
            self._run_reingest(StatusMessage(interaction, self.clock, self.redactor), source, prune)
        )

    async def _run_reingest(self, status: StatusMessage, source: str | None, prune: bool) -> None:
        try:
            await self._reingest_job(status, source, prune)
        finally:
            self._reingest_by = None

    async def _reingest_job(self, status: StatusMessage, source: str | None, prune: bool) -> None:
        latest: list[IngestProgress] = []
        started = self.clock()

        def progress(p: IngestProgress) -> None:  # called from the worker thread
            latest[:] = [p]

        job = asyncio.ensure_future(asyncio.to_thread(self.reingester.run, source, progress, prune))
        shown: IngestProgress | None = None
        try:
            while True:
                done, _ = await asyncio.wait({job}, timeout=self.config.progress_interval_s)
                if done:
                    break
                current = latest[0] if latest else None
                if current is not None and current != shown:
                    shown = current
                    await self._status(status, format_progress(current, self.clock() - started))
            counts: IngestCounts = job.result()
        except Exception as exc:
            text, unexpected = describe_error(exc)
            if unexpected:
                log.exception("re-ingest failed")
            elif isinstance(exc, GazetteError):
                text = str(exc).splitlines()[0]  # admins see what went wrong (e.g. another process is writing)
            await self._status(status, f"❌ Re-ingest failed: {text}")
            return
        log.info("re-ingest done: %s", counts)
        await self._status(status, format_counts(counts, self.clock() - started))

    async def _status(self, status: StatusMessage, text: str) -> None:
        try:
            await status.update(text)
        except discord.HTTPException as exc:
            log.warning("could not update the re-ingest status message: %s", exc)

    # -- watches -------------------------------------------------------------------------------------------------
    def _require_watch_rights(self, interaction: discord.Interaction, doing: str) -> None:
        if self.watch_config.who_can_add == "everyone":
            return
        roles = [r.id for r in getattr(interaction.user, "roles", [])]
        if not is_admin(interaction.permissions.manage_guild, roles, self.config.admin_roles):
            raise Refusal(f"Only members with the Manage Server permission or an admin role can {doing} watches.")

    def _watches(self) -> WatchService:
        if self.watches is None:
            raise Refusal("Watches are not available on this Gazette.")
        return self.watches

    @staticmethod
    def _check_watch_home(interaction: discord.Interaction) -> None:
        """The channel a watch is added in must take its thread and digests: a text channel where Gazette may open
        threads and post in them, or a thread where it may post. UsageError (nothing stored) otherwise."""
        channel = interaction.channel
        perms = interaction.app_permissions
        if isinstance(channel, discord.Thread):
            needed = {"view_channel": perms.view_channel, "send_messages_in_threads": perms.send_messages_in_threads}
        elif isinstance(channel, discord.TextChannel):
            needed = {"view_channel": perms.view_channel, "send_messages": perms.send_messages,
                      "create_public_threads": perms.create_public_threads,
                      "send_messages_in_threads": perms.send_messages_in_threads}
        else:
            raise UsageError("Watches post in text channels and threads: add this one in a text channel.")
        missing = [name.replace("_", " ").title() for name, ok in needed.items() if not ok]
        if missing:
            raise UsageError(f"I cannot post digests in this channel (missing: {', '.join(missing)}): add the watch "
                             "where Gazette may open threads and post.")

    async def watch_add_command(self, interaction: discord.Interaction, topic: str, outlet: str | None) -> None:
        """/watch add: checked (who, where, what) before anything is stored; the confirmation opens the watch's
        thread. Should the thread fail to open, the watch is removed again: nothing is left half made."""
        service = self._watches()
        self._require_watch_rights(interaction, "add")
        channel = interaction.channel
        self._require_channel(channel)
        clean_topic = check_topic(topic, self.watch_config.max_topic_chars)
        clean_outlet = check_outlet(outlet)
        self._check_watch_home(interaction)
        assert channel is not None  # a guild-only command has a channel
        await interaction.response.defer(thinking=True)
        in_thread = isinstance(channel, discord.Thread)
        watch = await asyncio.to_thread(
            service.add, clean_topic, clean_outlet, guild_id=interaction.guild_id, channel_id=channel.id,
            thread_id=channel.id if in_thread else None, added_by=interaction.user.id)
        log.info("watch %s added by %s in channel %s: %r", watch.watch_id, interaction.user.id, channel.id,
                 watch.topic)
        try:
            sent = await self._reply(interaction, plain_messages(format_watch_added(watch))[:1])
            if isinstance(channel, discord.TextChannel):
                thread = await channel.create_thread(name=watch_thread_name(watch), message=sent[0],
                                                     auto_archive_duration=self.config.thread_archive_minutes)
                await asyncio.to_thread(service.set_thread, watch.watch_id, thread.id)
        except Exception:
            await asyncio.to_thread(service.remove, watch.watch_id, interaction.guild_id)
            log.warning("watch %s removed again: its confirmation or thread could not be posted", watch.watch_id)
            try:
                await interaction.edit_original_response(content="❌ The watch was not added.",
                                                         allowed_mentions=NO_MENTIONS)
            except discord.HTTPException:
                pass
            raise

    async def watch_list_command(self, interaction: discord.Interaction) -> None:
        service = self._watches()
        await interaction.response.defer(thinking=True)
        watches = await asyncio.to_thread(service.for_guild, interaction.guild_id)
        await self._reply(interaction, plain_messages(format_watch_list(watches)))

    async def watch_remove_command(self, interaction: discord.Interaction, watch_id: int) -> None:
        """/watch remove: admins (or, when everyone may add watches, the member who added it)."""
        service = self._watches()
        watch = await asyncio.to_thread(service.get, watch_id)
        if watch is None or watch.guild_id != interaction.guild_id:
            raise no_such_watch(watch_id, interaction.guild_id)
        if watch.added_by != interaction.user.id or self.watch_config.who_can_add != "everyone":
            roles = [r.id for r in getattr(interaction.user, "roles", [])]
            if not is_admin(interaction.permissions.manage_guild, roles, self.config.admin_roles):
                raise Refusal("Only members with the Manage Server permission or an admin role can remove this "
                              "watch.")
        removed = await asyncio.to_thread(service.remove, watch_id, interaction.guild_id)
        log.info("watch %s removed by %s", watch_id, interaction.user.id)
        await interaction.response.send_message(
            self.redactor.text(safe_text(
                f"Removed watch {removed.watch_id} ({removed.topic}): nothing more is posted for it.")),
            allowed_mentions=NO_MENTIONS)

    async def _poll_watches(self) -> None:
        """Look at the catalog for new ingest runs every poll interval, from the moment the bot is ready (so a
        bot that was offline catches up at once), until it closes."""
        await self.wait_until_ready()
        while not self.is_closed():
            await self.check_watches()
            await asyncio.sleep(self.watch_config.poll_interval_s)

    async def check_watches(self) -> None:
        """One check: plan the digests of runs the watches have not processed, then post every pending one."""
        service = self.watches
        if service is None:
            return
        try:
            planned = await asyncio.to_thread(service.plan)
            if planned:
                log.info("%d new digest(s) planned", planned)
            for pending in await asyncio.to_thread(service.pending):
                if self.is_closed():
                    return
                await self._send_digest(service, pending)
        except GazetteError as exc:
            log.warning("checking watches failed: %s", str(exc).splitlines()[0])
        except Exception:
            if self.is_closed():
                return
            log.exception("checking watches failed; trying again at the next check")
        finally:
            self._watch_checks += 1

    async def _disable_watch(self, service: WatchService, watch: Watch, why: str) -> None:
        """Stop a watch whose thread or channel is gone, with one log line."""
        where = f"thread {watch.thread_id}" if watch.thread_id else f"channel {watch.channel_id}"
        reason = f"{where} is gone or closed to Gazette ({' '.join(why.split())})"[:300]
        await asyncio.to_thread(service.disable, watch.watch_id, reason)
        log.warning("watch %s (%r) disabled: %s", watch.watch_id, watch.topic, reason)

    async def _watch_target(self, service: WatchService, watch: Watch) -> discord.abc.Messageable | None:
        """Where a watch posts: its thread; one is opened (from a message in its channel) for a watch that has
        none yet (added on the command line, or a crash came between adding and opening)."""
        if watch.thread_id is not None:
            found = self.get_channel(watch.thread_id)
            if isinstance(found, discord.abc.Messageable):
                return found
            return self.get_partial_messageable(watch.thread_id, guild_id=watch.guild_id)
        if watch.channel_id is None:
            return None
        channel = self.get_channel(watch.channel_id) or await self.fetch_channel(watch.channel_id)
        if not isinstance(channel, discord.TextChannel):
            await self._disable_watch(service, watch, "not a text channel: no thread can be opened there")
            return None
        start = await self._deliver(partial(
            channel.send, content=self.redactor.text(format_watch_added(watch)), allowed_mentions=NO_MENTIONS,
            nonce=service.nonce(watch.watch_id, 0, -1)))
        thread = await channel.create_thread(name=watch_thread_name(watch), message=start,
                                             auto_archive_duration=self.config.thread_archive_minutes)
        await asyncio.to_thread(service.set_thread, watch.watch_id, thread.id)
        return thread

    async def _send_digest(self, service: WatchService, pending: PendingDigest) -> None:
        """Post one planned digest, part by part, each with its nonce; record each message as it is posted. A
        digest tried before is first looked for in its thread (a crash or an error may have come between posting
        and recording). A gone thread or channel disables the watch; anything else leaves the digest for the
        next check."""
        watch = pending.watch
        digest = Digest.model_validate_json(pending.body)
        messages = format_digest(digest)
        before = await asyncio.to_thread(service.attempt, watch.watch_id, pending.run_id)
        if before >= DIGEST_TRIES:
            await asyncio.to_thread(service.drop, watch.watch_id, pending.run_id)
            log.warning("digest of run %s for watch %s dropped after %d tries", pending.run_id, watch.watch_id,
                        before)
            return
        try:
            target = await self._watch_target(service, watch)
            if target is None:
                return
            sent = await asyncio.to_thread(service.sent_parts, watch.watch_id, pending.run_id)
            if before and len(sent) < len(messages):
                sent |= await self._posted_parts(service, target, pending, messages, sent)
            for part, message in enumerate(messages):
                if part in sent:
                    continue
                kwargs = _send_kwargs(message, self.redactor) | {"nonce": service.nonce(watch.watch_id, pending.run_id, part)}
                posted = await self._deliver(partial(target.send, **kwargs))
                await asyncio.to_thread(service.record_part, watch.watch_id, pending.run_id, part, posted.id)
        except discord.HTTPException as exc:
            if gone(exc):
                await self._disable_watch(service, watch, f"{exc.status} {exc}")
            else:
                log.warning("could not post the digest of run %s for watch %s (%s); trying again at the next "
                            "check", pending.run_id, watch.watch_id, exc)
            return
        await asyncio.to_thread(service.mark_sent, watch.watch_id, pending.run_id)
        log.info("digest of run %s posted for watch %s (%d stories)", pending.run_id, watch.watch_id,
                 len(digest.lines) + digest.more)

    async def _posted_parts(self, service: WatchService, target: discord.abc.Messageable, pending: PendingDigest,
                            messages: Sequence[OutMessage], sent: dict[int, int]) -> dict[int, int]:
        """The parts of a digest found among the thread's recent messages (posted, then not recorded)."""
        footers = {m.content.rsplit("\n", 1)[-1]: i for i, m in enumerate(messages) if i not in sent}
        found: dict[int, int] = {}
        try:
            async for message in target.history(limit=DIGEST_HISTORY):
                if self.user is None or message.author.id != self.user.id:
                    continue
                part = footers.get(message.content.rsplit("\n", 1)[-1])
                if part is not None and part not in found:
                    found[part] = message.id
                    await asyncio.to_thread(service.record_part, pending.watch.watch_id, pending.run_id, part,
                                            message.id)
        except discord.Forbidden:
            log.info("cannot read the history of watch %s's thread; relying on the nonce", pending.watch.watch_id)
        if found:
            log.info("watch %s: %d part(s) of run %s's digest were already posted", pending.watch.watch_id,
                     len(found), pending.run_id)
        return found

    async def close(self) -> None:
        if self._watch_loop is not None:
            self._watch_loop.cancel()
        await super().close()

