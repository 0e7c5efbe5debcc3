"""Digests as Discord messages (bot/formatting.py, pure): within Discord's limits, no pings, only the articles'
links clickable, article text shown as written (never as markdown), split with a footer on every message."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.formatting import (
    CONTENT_LIMIT,
    MENTION,
    digest_line,
    format_digest,
    format_watch_added,
    format_watch_list,
    message_within_limits,
    plain_messages,
    watch_thread_name,
)
from gazette.digests import Digest, DigestLine
from gazette.watches import Watch

CLICKABLE = re.compile(r"<(https?://[^>\s]+)>")
BARE_LINK = re.compile(r"(?<![<\w])https?://")


def _line(i: int = 1, **kw) -> DigestLine:
    values = {"doc_ids": [f"d{i}"], "title": f"Headline {i}", "outlets": ["Global Desk"], "published": "2024-11-01",
              "url": f"https://globaldesk.example/{i}", "quote": "Up to 8,000 troops are in Kursk, officials said.",
              "score": 0.7}
    return DigestLine(**(values | kw))


def _digest(lines, more=0, topic="North Korean troops in Russia", outlet="") -> Digest:
    return Digest(watch_id=3, topic=topic, outlet=outlet, run_id=17, lines=lines, more=more)


def test_one_line_per_story_with_its_link_the_only_clickable_one():
    line = digest_line(_line(quote="See https://evil.example/x for more, @everyone.", outlets=["Global Desk", "Wire"]))
    assert line.startswith("• **Headline 1** · Global Desk, Wire · 2024-11-01 · <https://globaldesk.example/1> · “")
    assert CLICKABLE.findall(line) == ["https://globaldesk.example/1"]
    assert "hxxps://evil[.]example" in line and not MENTION.search(line)


@pytest.mark.parametrize(("field", "value", "shown"), [
    ("title", "*Breaking* news_from [site](https://evil.example)", r"\*Breaking\* news\_from \[site\]"),
    ("title", "`code` ~~gone~~ ||spoiler||", r"\`code\` \~\~gone\~\~ \|\|spoiler\|\|"),
    ("title", "", "(untitled)"),
    ("outlets", ["<@123> Wire"], "<@\u200b123> Wire"),
    ("url", "javascript:alert(1)", "· 2024-11-01 · “"),  # not a web link: left out
    ("quote", "", "2024-11-01 · <https://globaldesk.example/1>"),
    ("published", None, "date unknown"),
])
def test_article_text_reads_as_written(field, value, shown):
    line = digest_line(_line(**{field: value}))
    assert shown in line and not MENTION.search(line)
    assert not BARE_LINK.search(line.replace("<https://globaldesk.example/1>", ""))


def test_a_digest_fits_one_message_or_is_split_with_a_footer_on_each():
    small = format_digest(_digest([_line(1), _line(2)]))
    assert len(small) == 1 and small[0].content.startswith("📰 **North Korean troops in Russia**: 2 new stories\n")
    assert small[0].content.endswith("\n-# watch 3 · run 17")
    one = format_digest(_digest([_line(1)], outlet="Global Desk"))
    assert one[0].content.startswith("📰 **North Korean troops in Russia** from Global Desk: 1 new story\n")
    long_quote = "Officials said the troops were moving towards the front near Kursk. " * 5
    big = format_digest(_digest([_line(i, quote=long_quote, title="A rather long headline " * 8) for i in range(20)],
                                more=7))
    assert len(big) > 1
    assert [m.content.rsplit("\n", 1)[1] for m in big] == [f"-# watch 3 · run 17 · {i}/{len(big)}"
                                                          for i in range(1, len(big) + 1)]
    assert all(message_within_limits(m) and len(m.content) <= CONTENT_LIMIT for m in big)
    body = "\n".join(m.content for m in big)
    assert body.count("\n• ") == 20 and "…and 7 more." in big[-1].content and "27 new stories" in big[0].content
    assert format_digest(_digest([_line(i) for i in range(20)], more=7)) == format_digest(
        _digest([_line(i) for i in range(20)], more=7))  # a retry posts the very same text


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120) | st.sampled_from(
    ["@everyone", "@here", "<@1>", "<@&2>", "https://evil.example/@everyone", "[x](https://evil.example)", "`",
     "\n\n# Heading", "> quote", "*" * 50])


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_text, _text, _text, _text), max_size=12), st.integers(0, 500), _text)
def test_any_digest_stays_within_limits_and_pings_nobody(stories, more, topic):
    lines = [_line(i, title=t, outlets=[o], quote=q, url=u if u.startswith("http") else f"https://x.example/{i}")
             for i, (t, o, q, u) in enumerate(stories)]
    messages = format_digest(_digest(lines, more, topic=topic or "Kursk"))
    for m in messages:
        assert message_within_limits(m) and not MENTION.search(m.content)
        assert m.content.rsplit("\n", 1)[1].startswith("-# watch 3 · run 17")
        for link in CLICKABLE.findall(m.content):  # "@" in a link is written %40, as in answers
            assert link in {re.sub(r"@(everyone|here)", r"%40\1", line.url, flags=re.I) for line in lines}


def _watch(**kw) -> Watch:
    values = {"watch_id": 3, "topic": "Kursk @everyone", "outlet": "", "guild_id": 100, "channel_id": 200,
              "thread_id": 300, "added_by": 1, "added_at": "2024-11-01T00:00:00+00:00", "after_run": 4,
              "disabled": None}
    return Watch(**(values | kw))


def test_watch_texts():
    assert not MENTION.search(format_watch_added(_watch())) and "(watch 3)" in format_watch_added(_watch())
    assert watch_thread_name(_watch(topic="x" * 300)).startswith("Watch 3: xxx") and len(
        watch_thread_name(_watch(topic="x" * 300))) <= 100
    listing = plain_messages(format_watch_list([_watch(), _watch(watch_id=4, outlet="Wire", thread_id=None,
                                                                 disabled="gone")]))[0].content
    assert "• 3: Kursk @\u200beveryone — <#300>" in listing and "• 4: Kursk @\u200beveryone (outlet: Wire) — <#200>" \
        " — stopped: gone" in listing
    assert format_watch_list([]).startswith("No watches")


def test_a_digest_goes_through_the_answers_output_guard():
    """A digest is posted as answers are: through _send_kwargs with the bot's redactor (Gazette's own secrets out),
    no mentions allowed, and article text that cannot shape the message (masked links unmasked, no headers)."""
    from bot.client import NO_MENTIONS, _send_kwargs
    from gazette.redact import REDACTED, Redactor

    token = "MTIzNDU2Nzg5.secret-bot-token-value"
    digest = _digest([_line(quote=f"The leaked key was {token} in the filing, officials said.",
                            title="# Big [news](https://evil.example/x)")])
    sent = [_send_kwargs(m, Redactor([token])) for m in format_digest(digest)]
    content = "\n".join(k["content"] for k in sent)
    assert token not in content and REDACTED in content
    assert all(k["allowed_mentions"] is NO_MENTIONS for k in sent)
    assert "](" not in content.replace("\\](", "") and "hxxps://evil[.]example/x" in content
