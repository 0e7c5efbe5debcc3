"""Answers as Discord messages. Pure functions: no discord import, no I/O.

Discord's limits (developer docs, "Create Message" and "Embed Limits"): message content 2,000 characters; an embed's
title 256, description 4,096, at most 25 fields (name 256, value 1,024), footer 2,048, author name 256; at most 10
embeds and 6,000 embed characters (title, description, field names and values, footer, author) per message.

Safety, on top of ``AllowedMentions.none()`` on every send:

- mentions are neutralised in the text itself (a zero-width space after ``@`` in @everyone/@here and inside
  ``<@id>``, ``<@!id>``, ``<@&id>``), so nothing even looks like a ping;
- the cited sources' links are wrapped in ``<...>`` (clickable, no link preview); any other link is defanged
  (``hxxps://example[.]com``: not clickable, no preview); a masked link (``[text](url)``) is unmasked first, so
  its text can never show one address while it points at another;
- text from elsewhere cannot shape the message: bidirectional overrides and isolates (U+202A-U+202E,
  U+2066-U+2069) and control characters are removed, and headers (``# ``), subtext (``-# ``) and spoilers
  (``||``) are escaped.

Long text is split at paragraph, then line, then sentence, then word boundaries, never inside a ``[n]`` citation
marker, a link, inline code or a neutralised mention; a fenced code block is kept whole unless it alone is too long,
in which case it is closed at the cut and reopened (with its language) in the next message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from gazette.differ import NOTE_PREFIX, split_note
from gazette.digests import Digest, DigestLine
from gazette.models import Answer, Citation, IngestProgress, Timeline
from gazette.sources import SourceRow
from gazette.timescope import humanise
from gazette.watches import Watch, digest_key

if TYPE_CHECKING:
    from bot.services import IngestCounts

CONTENT_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELDS_LIMIT = 25
EMBED_FIELD_NAME_LIMIT = 256
EMBED_FIELD_VALUE_LIMIT = 1024
EMBED_FOOTER_LIMIT = 2048
EMBED_AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
THREAD_NAME_LIMIT = 100
QUOTE_CHARS = 300
ZWSP = "\u200b"
EMBED_COLOUR = 0x2F6FB3

# -- neutralising ---------------------------------------------------------------------------------------------

_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
_ID_MENTION = re.compile(r"<@([!&]?)(\d+)>")
MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>", re.IGNORECASE)
"""What Discord would render as a ping (used by tests and checks)."""

_LINK = re.compile(
    r"<?(?:https?://|www\.)[^\s<>]+>?|\b(?:discord\.gg|discord(?:app)?\.com/invite)/[^\s<>]+",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"*_~"
MARKER = re.compile(r"\[\d{1,3}\]")


def neutralise_mentions(text: str) -> str:
    """@everyone, @here, user and role mentions made inert with a zero-width space."""
    text = _MASS_MENTION.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)
    return _ID_MENTION.sub(lambda m: f"<@{ZWSP}{m.group(1)}{m.group(2)}>", text)


def _split_trailing(url: str) -> tuple[str, str]:
    """A URL without the punctuation that ends its sentence (an unbalanced ')' is punctuation too)."""
    end = len(url)
    while end:
        ch = url[end - 1]
        if ch in _TRAILING or (ch == ")" and url[:end].count("(") < url[:end].count(")")):
            end -= 1
            continue
        break
    return url[:end], url[end:]


def defang(url: str) -> str:
    """A link nobody can click and Discord does not preview: hxxps://example[.]com/page."""
    out = re.sub(r"^http", "hxxp", url, flags=re.IGNORECASE)
    return out.replace(".", "[.]")


def _fix_link(url_text: str, allowed: set[str]) -> str:
    opened = url_text.startswith("<")
    core = url_text[1:] if opened else url_text
    closed = core.endswith(">")
    core = core[:-1] if closed else core
    url, tail = _split_trailing(core)
    after = ">" if closed and not opened else ""
    if url and url in allowed:
        # %40 is the same URL as @, and cannot read as @everyone/@here.
        return f"<{_MASS_MENTION.sub(lambda m: '%40' + m.group(1), url)}>{tail}{after}"
    return f"{'<' if opened and not closed else ''}{neutralise_mentions(defang(url))}{tail}{after}"


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# A control character becomes a space, not nothing: removing it would join what it separated ("[0\x1f]" would
# post as the citation marker "[0]").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# An escaped bracket (``\[``, as the digests write an article's own brackets) opens no masked link: an even run of
# backslashes before "[" leaves it unescaped.
_MASKED_LINK = re.compile(
    r"(?<!\\)((?:\\\\)*)\[([^\[\]\n]{1,300})\]\(\s*<?((?:https?://|www\.)[^\s<>()]+)>?\s*\)", re.IGNORECASE)
_HEADING = re.compile(r"^([ \t]*)(#{1,3}[ \t]|-#[ \t])", re.MULTILINE)


def _unmasked(m: re.Match[str]) -> str:
    """A masked link as plain text: "[text](url)" -> "text (url)"; a citation marker keeps its brackets, "[1](url)"
    -> "[1] (url)", so that the answer's markers stay as they were written."""
    label = m.group(2)
    if re.fullmatch(r"\d{1,3}", label):
        label = f"[{label}]"
    return f"{m.group(1)}{label} ({m.group(3)})"


def neutralise_markdown(text: str) -> str:
    """Text that cannot shape a Discord message: bidirectional overrides removed, control characters made spaces,
    masked links unmasked ("[text](url)" -> "text (url)", "[1](url)" -> "[1] (url)"), headers, subtext and
    spoilers escaped (pure)."""
    text = _CONTROL.sub(" ", _BIDI.sub("", text))
    text = _MASKED_LINK.sub(_unmasked, text)
    text = _HEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return text.replace("||", "\\|\\|")


def safe_text(text: str, allowed_links: Iterable[str] = ()) -> str:
    """Text as Gazette may post it: nothing that shapes the message (see :func:`neutralise_markdown`), no
    mentions, only the allowed links clickable (in <>: no preview), every other link defanged."""
    text = neutralise_markdown(text)
    allowed = {u.strip() for u in allowed_links if u and u.strip()}
    out: list[str] = []
    pos = 0
    for m in _LINK.finditer(text):
        out.append(neutralise_mentions(text[pos:m.start()]))
        out.append(_fix_link(m.group(0), allowed))
        pos = m.end()
    out.append(neutralise_mentions(text[pos:]))
    return "".join(out)


# -- splitting -------------------------------------------------------------------------------------------------

_FENCE = re.compile(r"```(.*?)(?:```|\Z)", re.DOTALL)
_SOFT = re.compile(r"<[^<>\s]+>|(?:https?|hxxps?)://[^\s<>]+|`[^`\n]+`|@" + ZWSP + r"\w+", re.IGNORECASE)
_LANG = re.compile(r"[\w+#.-]{1,20}")


@dataclass(frozen=True)
class _Spans:
    hard: list[tuple[int, int]]  # never cut inside: citation markers
    soft: list[tuple[int, int]]  # cut inside only when nothing else fits: links, inline code, mentions
    fences: list[tuple[int, int, str]]  # fenced code blocks (start, end, language)


def _spans(text: str) -> _Spans:
    return _Spans(
        hard=[m.span() for m in MARKER.finditer(text)],
        soft=[m.span() for m in _SOFT.finditer(text)],
        fences=[(m.start(), m.end(), _fence_lang(m.group(1))) for m in _FENCE.finditer(text)],
    )


def _fence_lang(body: str) -> str:
    first = body.split("\n", 1)[0]
    return first if "\n" in body and _LANG.fullmatch(first) else ""


def _blocked(n: int, *groups: Iterable[tuple[int, ...]]) -> bytearray:
    """mask[p] == 1 when a cut at position p (1..n) would fall strictly inside one of the spans."""
    mask = bytearray(n + 1)
    for spans in groups:
        for span in spans:
            for p in range(span[0] + 1, min(span[1], n + 1)):
                mask[p] = 1
    return mask


def _priority(text: str, p: int) -> int:
    before = text[p - 1]
    if before == "\n":
        return 4 if p >= 2 and text[p - 2] == "\n" else 3
    if before.isspace():
        return 2 if p >= 2 and text[p - 2] in ".!?" else 1
    return 0


def _best(text: str, positions: Sequence[int], floor: int) -> int | None:
    """The latest position of the best kind (paragraph > line > sentence > word), preferring chunks of at least
    ``floor`` characters; a cut inside a word only when there is no boundary at all."""
    for min_pos in (floor, 1):
        for level in (4, 3, 2, 1):
            found = [p for p in positions if p >= min_pos and _priority(text, p) == level]
            if found:
                return found[-1]
    return positions[-1] if positions else None


def _cut(text: str, limit: int) -> tuple[str, str]:
    """Split ``text`` (longer than ``limit``) into a head of at most ``limit`` characters and the rest."""
    # Spans are found in a window: one that runs past it still blocks every cut up to the limit.
    spans = _spans(text[: limit + 4096])
    hard = _blocked(limit, spans.hard)
    blocked = _blocked(limit, spans.hard, spans.soft, [(s, e) for s, e, _ in spans.fences])
    p = _best(text, [p for p in range(1, limit + 1) if not blocked[p]], limit // 2)
    if p is not None:
        return text[:p], text[p:]
    # Nothing outside a code block or link fits. A code block that starts here: close it at the cut, reopen after.
    fence = next(((s, e, lang) for s, e, lang in spans.fences if s == 0 and e > limit), None)
    if fence is not None:
        opener = f"```{fence[2]}\n" if fence[2] else "```\n"
        top = limit - len("\n```")
        inner = [p for p in range(len(opener) + 1, top + 1) if not hard[p]]
        p = _best(text, inner, top // 2)
        if p is not None:
            head = text[:p].rstrip("\n")
            return head + "\n```", opener + text[p:].lstrip("\n")
    # A single link or piece of inline code longer than a message: cut it, but never a citation marker.
    anywhere = [p for p in range(1, limit + 1) if not hard[p]]
    p = _best(text, anywhere, limit // 2) or limit
    return text[:p], text[p:]


def split_message(text: str, limit: int = CONTENT_LIMIT) -> list[str]:
    """Chunks of at most ``limit`` characters, cut at the best boundary (see the module docstring)."""
    if limit < 16:
        raise ValueError("limit too small to split sensibly")
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        head, rest = _cut(rest, limit)
        head = head.rstrip()
        rest = rest.lstrip()
        if head:
            chunks.append(head)
    if rest:
        chunks.append(rest)
    return chunks


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis when too long."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


# -- messages -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutMessage:
    """One message to send: content and embeds (as Discord's embed JSON objects)."""

    content: str
    embeds: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def is_web_link(url: str) -> bool:
    return bool(re.match(r"^https?://[^\s<>]+$", url or "", re.IGNORECASE))


def citation_embed(citation: Citation) -> dict[str, Any]:
    """One source: outlet (author line), "[n] headline" (linked), the supporting quote, the date (footer)."""
    allowed = [citation.url] if is_web_link(citation.url) else []
    title = clip(safe_text(" ".join(f"[{citation.n}] {citation.title}".split())), EMBED_TITLE_LIMIT)
    quote = " ".join(citation.quote.split())
    embed: dict[str, Any] = {"type": "rich", "title": title, "color": EMBED_COLOUR}
    if allowed:
        # As for links in the text: %40 is the same URL as @, and no field of ours holds a mention.
        embed["url"] = _MASS_MENTION.sub(lambda m: "%40" + m.group(1), citation.url)
    if quote:
        embed["description"] = "> " + clip(safe_text(quote, allowed), QUOTE_CHARS)
    if citation.outlet.strip():
        embed["author"] = {"name": clip(safe_text(" ".join(citation.outlet.split())), EMBED_AUTHOR_LIMIT)}
    embed["footer"] = {"text": citation.published or "date unknown"}
    return embed


def embed_length(embed: dict[str, Any]) -> int:
    """Characters that count towards the 6,000 per message, as Discord counts them."""
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += len(embed.get("author", {}).get("name", "")) + len(embed.get("footer", {}).get("text", ""))
    total += sum(len(f.get("name", "")) + len(f.get("value", "")) for f in embed.get("fields", []))
    return total


def embed_within_limits(embed: dict[str, Any]) -> bool:
    return (
        len(embed.get("title", "")) <= EMBED_TITLE_LIMIT
        and len(embed.get("description", "")) <= EMBED_DESCRIPTION_LIMIT
        and len(embed.get("fields", [])) <= EMBED_FIELDS_LIMIT
        and all(len(f.get("name", "")) <= EMBED_FIELD_NAME_LIMIT and len(f.get("value", "")) <= EMBED_FIELD_VALUE_LIMIT
                for f in embed.get("fields", []))
        and len(embed.get("footer", {}).get("text", "")) <= EMBED_FOOTER_LIMIT
        and len(embed.get("author", {}).get("name", "")) <= EMBED_AUTHOR_LIMIT
        and embed_length(embed) <= EMBED_TOTAL_LIMIT
    )


def pack_embeds(embeds: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Embeds grouped into messages: at most 10 and 6,000 characters per message, order kept."""
    groups: list[list[dict[str, Any]]] = []
    size = 0
    for embed in embeds:
        n = embed_length(embed)
        if not groups or len(groups[-1]) >= EMBEDS_PER_MESSAGE or size + n > EMBED_TOTAL_LIMIT:
            groups.append([])
            size = 0
        groups[-1].append(embed)
        size += n
    return groups


def message_within_limits(message: OutMessage) -> bool:
    return (
        len(message.content) <= CONTENT_LIMIT
        and len(message.embeds) <= EMBEDS_PER_MESSAGE
        and sum(embed_length(e) for e in message.embeds) <= EMBED_TOTAL_LIMIT
        and all(embed_within_limits(e) for e in message.embeds)
        and bool(message.content or message.embeds)
    )


def format_answer(answer: Answer, limit: int = CONTENT_LIMIT) -> list[OutMessage]:
    """An answer as messages: the text (split if long), then the sources as embeds on the last message(s)."""
    cited = [c.url for c in answer.citations if is_web_link(c.url)]
    text, differ = split_note(answer.answer.strip())
    body = safe_text(text.strip(), cited).strip() or "(no answer)"
    if differ:
        body += "\n\n" + safe_text(differ_section(differ), cited)
    notes = []
    if answer.as_of:
        notes.append(f"sources as of {_human_date(answer.as_of)}")
    if answer.searched_query and answer.searched_query.strip() != answer.question.strip():
        notes.append("searched for: " + clip(safe_text(" ".join(answer.searched_query.split())), 300))
    if notes:
        body += "\n-# " + " · ".join(notes)  # Discord's small grey "subtext" line
    messages = [OutMessage(chunk) for chunk in split_message(body, limit)]
    groups = pack_embeds([citation_embed(c) for c in answer.citations])
    if groups:
        messages[-1] = OutMessage(messages[-1].content, tuple(groups[0]))
        messages += [OutMessage("", tuple(g)) for g in groups[1:]]
    return messages


def differ_section(note: str) -> str:
    """An answer's "Sources differ" paragraph as a short section: a bold heading, one bullet per version (pure)."""
    items = [item.strip() for item in note.removeprefix(NOTE_PREFIX).strip().rstrip(".").split("; ") if item.strip()]
    return "**Sources differ**\n" + "\n".join(f"• {item}" for item in items)


def format_timeline(timeline: Timeline, limit: int = CONTENT_LIMIT) -> list[OutMessage]:
    """/timeline: a heading, one line per development (date in bold, the cited sentence), split within the
    limits at line boundaries, then the sources as embeds (pure)."""
    if timeline.abstained or not timeline.lines:
        return plain_messages(f"**Timeline: {clip(' '.join(timeline.topic.split()), 200)}**\n{timeline.text}")
    cited = [c.url for c in timeline.citations if is_web_link(c.url)]
    rows = []
    for line in timeline.lines:
        also = f" (also: {', '.join(line.copies)})" if line.copies else ""
        rows.append(f"**{_human_date(line.date)}** — {' '.join(line.text.split())}{also}")
    head = f"**Timeline: {clip(' '.join(timeline.topic.split()), 200)}**"
    body = safe_text(head + "\n" + "\n".join(rows), cited)
    messages = [OutMessage(chunk) for chunk in split_message(body, limit)]
    groups = pack_embeds([citation_embed(c) for c in timeline.citations])
    if groups:
        messages[-1] = OutMessage(messages[-1].content, tuple(groups[0]))
        messages += [OutMessage("", tuple(g)) for g in groups[1:]]
    return messages


def _human_date(iso: str) -> str:
    try:
        return humanise(date.fromisoformat(iso))
    except ValueError:
        return iso


def plain_messages(text: str, limit: int = CONTENT_LIMIT) -> list[OutMessage]:
    """Any other text Gazette posts (status, lists, errors), made safe and split."""
    return [OutMessage(chunk) for chunk in split_message(safe_text(text), limit)] or [OutMessage("…")]


def thread_name(question: str) -> str:
    """A thread title from the question (Discord allows 100 characters)."""
    name = " ".join(neutralise_mentions(question).split())
    return clip(name, THREAD_NAME_LIMIT) or "Gazette"


def question_from_mention(content: str, bot_id: int, role_id: int | None = None) -> str:
    """The question in a message that mentions the bot: the text without the bot's mention(s), or those of its
    own role (Discord's mention picker offers the bot's role beside the bot)."""
    pattern = rf"<@!?{bot_id}>" + (rf"|<@&{role_id}>" if role_id else "")
    return " ".join(re.sub(pattern, " ", content).split())


# -- status texts ----------------------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def format_source_rows(rows: Sequence[SourceRow]) -> str:
    """/sources: one line per named source."""
    if not rows:
        return "The sources file defines no sources."
    lines = ["**Sources**"]
    for r in rows:
        when = f"last ingested {r.last_ingested.replace('T', ' ')[:16]} UTC" if r.last_ingested else "never ingested"
        line = f"• **{' '.join(r.name.split())}** ({r.kind}): {_plural(r.articles, 'article')}, {when}"
        if r.last_error:
            line += f"; last error: {clip(' '.join(r.last_error.split()), 200)}"
        lines.append(line)
    return "\n".join(lines)


def format_stats(articles: int, chunks: int, answered: int, votes_up: int = 0, votes_down: int = 0) -> str:
    return (f"**Archive**: {_plural(articles, 'article')} in {_plural(chunks, 'chunk')}\n"
            f"**Questions answered**: {answered:,} ({UP_EMOJI} {votes_up:,} / {DOWN_EMOJI} {votes_down:,})")


UP_EMOJI = "👍"
DOWN_EMOJI = "👎"


def _what(sources: Sequence[str] | None) -> str:
    return "all sources" if not sources else ", ".join(f"`{s}`" for s in sources)


def format_progress(progress: IngestProgress, elapsed_s: float) -> str:
    """/reingest while it runs."""
    p = progress
    read = f"{p.read:,} of {_plural(p.total, 'item')}" if p.total else _plural(p.read, "item")
    return (f"⏳ Re-ingesting `{p.source}` ({elapsed_s:.0f} s): {read} read; so far "
            f"{p.added:,} added, {p.updated:,} updated, {p.unchanged:,} unchanged, {p.failed:,} failed.")


def format_counts(counts: IngestCounts, elapsed_s: float) -> str:
    """/reingest when done."""
    c = counts
    dupes = f" ({c.duplicates:,} duplicates)" if c.duplicates else ""
    lines = [f"✅ Re-ingest of {_what(c.sources)} finished in {elapsed_s:.0f} s: {c.added:,} added, "
             f"{c.updated:,} updated, {c.unchanged:,} unchanged{dupes}, {c.removed:,} removed, {c.failed:,} failed."]
    for failure in c.failures:
        lines.append(f"• failed: {clip(failure, 200)}")
    for note in c.notes:
        lines.append(f"• {clip(note, 200)}")
    return "\n".join(lines)


# -- watches ---------------------------------------------------------------------------------------------------

DIGEST_TITLE_CHARS = 200
DIGEST_OUTLETS_CHARS = 120
DIGEST_QUOTE_CHARS = 280
_MARKDOWN = re.compile(r"([\\*_~|`\[\]])")


def _plain(text: str) -> str:
    """Text from an article (headline, outlet, quote) with Discord's markdown characters escaped: it reads as
    written, never as formatting, a heading or a masked link."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def digest_line(line: DigestLine) -> str:
    """One story: headline, outlets, the article's own date, its link (the only clickable one), the quote."""
    parts = [f"**{_plain(clip(line.title, DIGEST_TITLE_CHARS)) or '(untitled)'}**"]
    outlets = [o for o in line.outlets if o.strip()]
    if outlets:
        parts.append(_plain(clip(", ".join(outlets), DIGEST_OUTLETS_CHARS)))
    parts.append(line.published or "date unknown")
    links = [line.url] if is_web_link(line.url) else []
    if links:
        parts.append(line.url)
    if line.quote:
        parts.append(f"“{_plain(clip(line.quote, DIGEST_QUOTE_CHARS))}”")
    return safe_text("• " + " · ".join(parts), links)


def digest_footer(digest: Digest, part: int, parts: int) -> str:
    """The last line of each message of a digest (small grey text): which watch and run it is, by which a retry
    recognises a message already posted."""
    return f"-# {digest_key(digest.watch_id, digest.run_id)}" + (f" · {part + 1}/{parts}" if parts > 1 else "")


def format_digest(digest: Digest, limit: int = CONTENT_LIMIT) -> list[OutMessage]:
    """A digest as messages: a heading, one line per story, "and K more", each message ending with its footer
    (pure; the same digest always gives the same messages, so a retry posts the same text)."""
    count = len(digest.lines) + digest.more
    outlet = f" from {_plain(digest.outlet)}" if digest.outlet else ""
    stories = "1 new story" if count == 1 else f"{count:,} new stories"
    head = safe_text(f"📰 **{_plain(clip(digest.topic, 200))}**{outlet}: {stories}")
    lines = [digest_line(line) for line in digest.lines]
    if digest.more:
        lines.append(f"…and {digest.more:,} more.")
    room = limit - 40  # the footer's place
    bodies: list[list[str]] = [[head]]
    for line in lines:
        line = line if len(line) <= room - 1 else clip(line, room - 1)
        if len("\n".join(bodies[-1] + [line])) > room:
            bodies.append([])
        bodies[-1].append(line)
    return [OutMessage("\n".join(body + [digest_footer(digest, i, len(bodies))]))
            for i, body in enumerate(bodies)]


def watch_label(watch: Watch) -> str:
    outlet = f" (outlet: {watch.outlet})" if watch.outlet else ""
    return f"{watch.topic}{outlet}"


def watch_thread_name(watch: Watch) -> str:
    return thread_name(f"Watch {watch.watch_id}: {watch.topic}")


def format_watch_added(watch: Watch) -> str:
    return safe_text(f"👀 Watching **{_plain(watch_label(watch))}** (watch {watch.watch_id}). After each ingest, "
                     "new articles on it are posted in this thread.")


def format_watch_list(watches: Sequence[Watch]) -> str:
    """/watch list: one line per watch of the server."""
    if not watches:
        return "No watches in this server yet. Add one with /watch add."
    lines = ["**Watches**"]
    for w in watches:
        where = f"<#{w.thread_id}>" if w.thread_id else (f"<#{w.channel_id}>" if w.channel_id else "no channel")
        state = f" — stopped: {clip(w.disabled, 120)}" if w.disabled else ""
        lines.append(f"• {w.watch_id}: {_plain(clip(watch_label(w), 150))} — {where}{state}")
    return "\n".join(lines)
