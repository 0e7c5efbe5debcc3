import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.formatting import (
    CONTENT_LIMIT,
    EMBED_TOTAL_LIMIT,
    EMBEDS_PER_MESSAGE,
    MARKER,
    MENTION,
    ZWSP,
    citation_embed,
    clip,
    defang,
    embed_length,
    embed_within_limits,
    format_answer,
    format_counts,
    format_progress,
    format_source_rows,
    message_within_limits,
    neutralise_markdown,
    neutralise_mentions,
    pack_embeds,
    plain_messages,
    question_from_mention,
    safe_text,
    split_message,
    thread_name,
)
from bot.services import IngestCounts
from gazette.models import Answer, Citation, IngestProgress
from gazette.sources import SourceRow


def _citation(n, url="https://wire.example/a", quote="Up to 8,000 troops are in Kursk, officials said.", **kw):
    values = {"n": n, "title": f"Headline {n}", "outlet": "Global Desk", "url": url, "published": "2024-11-01",
              "quote": quote, "doc_id": f"d{n}", "chunk_id": f"c{n}"}
    return Citation(**(values | kw))


def _answer(text, citations=(), question="q?", searched=None):
    return Answer(question=question, answer=text, abstained=False, citations=list(citations),
                  searched_query=searched or question)


# -- neutralising --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello @everyone", f"hello @{ZWSP}everyone"),
        ("@here now", f"@{ZWSP}here now"),
        ("@EVERYONE", f"@{ZWSP}EVERYONE"),
        ("ask <@123> or <@!456>", f"ask <@{ZWSP}123> or <@{ZWSP}!456>"),
        ("role <@&789>", f"role <@{ZWSP}&789>"),
        ("mail me@example.org, channel <#42>", "mail me@example.org, channel <#42>"),
        ("no mention here", "no mention here"),
    ],
)
def test_neutralise_mentions(text, expected):
    assert neutralise_mentions(text) == expected


@pytest.mark.parametrize(
    ("text", "allowed", "expected"),
    [
        # the cited source: clickable, no preview
        ("see https://wire.example/a.", ["https://wire.example/a"], "see <https://wire.example/a>."),
        ("see <https://wire.example/a>", ["https://wire.example/a"], "see <https://wire.example/a>"),
        # anything else: defanged, sentence punctuation kept outside
        ("go to https://evil.example/x?y=1.", [], "go to hxxps://evil[.]example/x?y=1."),
        ("(https://evil.example/x)", [], "(hxxps://evil[.]example/x)"),
        ("https://en.wiki.example/A_(b)", [], "hxxps://en[.]wiki[.]example/A_(b)"),
        ("www.evil.example/path", [], "www[.]evil[.]example/path"),
        ("join discord.gg/abcdef now", [], "join discord[.]gg/abcdef now"),
        ("[click](https://evil.example)", [], "click (hxxps://evil[.]example)"),
        # a cited link that would read as @everyone is percent-encoded, not broken
        ("https://blog.example/@everyone", ["https://blog.example/@everyone"], "<https://blog.example/%40everyone>"),
        ("plain text, no links.", [], "plain text, no links."),
    ],
)
def test_safe_text_links(text, allowed, expected):
    assert safe_text(text, allowed) == expected


def test_defang():
    assert defang("http://a.b.c/d.e") == "hxxp://a[.]b[.]c/d[.]e"


# -- splitting -----------------------------------------------------------------------------------------------


def _sentences(n, marker_every=3):
    return " ".join(f"Sentence number {i} says something about the war{' [' + str(i % 9 + 1) + ']' if i % marker_every == 0 else ''}."
                    for i in range(n))


@pytest.mark.parametrize(
    ("name", "text", "limit", "expected"),
    [
        ("short text is one chunk", "Up to 8,000 [1].", 50, ["Up to 8,000 [1]."]),
        ("paragraph break preferred", "First paragraph here.\n\nSecond one is here.", 30,
         ["First paragraph here.", "Second one is here."]),
        ("sentence break preferred over words", "One two three four. Five six seven eight nine.", 30,
         ["One two three four.", "Five six seven eight nine."]),
        ("marker stays with its sentence", "The count was 8,000 [12]. Then more.", 28,
         ["The count was 8,000 [12].", "Then more."]),
        ("a link is never cut", "Read <https://wire.example/a/very/long/path> now", 40,
         ["Read", "<https://wire.example/a/very/long/path>", "now"]),
        ("words when nothing else", "aaaa bbbb cccc dddd eeee ffff", 16, ["aaaa bbbb cccc", "dddd eeee ffff"]),
        ("hard cut of one long word", "x" * 40, 16, ["x" * 16, "x" * 16, "x" * 8]),
    ],
)
def test_split_message_table(name, text, limit, expected):
    assert split_message(text, limit) == expected, name


def test_split_keeps_a_code_block_whole_when_it_fits():
    code = "```python\n" + "\n".join(f"x{i} = {i}" for i in range(20)) + "\n```"
    text = "Intro sentence here. " * 5 + "\n" + code + "\nAfter the code."
    chunks = split_message(text, 260)
    assert len(chunks) == 2 and chunks[1].startswith(code)


def test_split_closes_and_reopens_a_code_block_too_long_for_one_message():
    code = "```python\n" + "\n".join(f"value_{i} = {i}" for i in range(400)) + "\n```"
    chunks = split_message(code, CONTENT_LIMIT)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= CONTENT_LIMIT
        assert chunk.startswith("```python\n") and chunk.endswith("```")
    lines = [line for c in chunks for line in c.splitlines() if line.startswith("value_")]
    assert lines == [f"value_{i} = {i}" for i in range(400)]


def test_split_long_answer_keeps_markers_and_order():
    text = _sentences(300)
    chunks = split_message(text)
    assert len(chunks) >= 3 and all(len(c) <= CONTENT_LIMIT for c in chunks)
    assert [m for c in chunks for m in MARKER.findall(c)] == MARKER.findall(text)
    assert all(c.endswith(".") for c in chunks)  # cut at sentence ends
    assert " ".join(chunks) == text


_alphabet = st.sampled_from(list("ab .,!?\n`[]()<>@&!:/#-_") + ["@everyone", "@here", "<@123>", "<@!45>", "<@&678>",
                                                                 "[1]", "[23]", "https://x.example/p", "```",
                                                                 "www.y.example", " [4].", "\n\n", "é", "👍", ZWSP])
# Long texts come from repeating a random piece: any length from 0 to 20,000 characters.
_long = st.builds(lambda parts, times: ("".join(parts) * times)[:20_000], st.lists(_alphabet, min_size=10, max_size=400),
                  st.integers(20, 400))
_texts = st.lists(_alphabet, max_size=3000).map("".join) | st.text(max_size=20_000) | _long


def _squash(text):
    return re.sub(r"\s+", "", text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts, limit=st.sampled_from([CONTENT_LIMIT, 500, 64]))
def test_any_text_splits_within_limits_without_mentions_or_cut_markers(text, limit):
    safe = safe_text(text)
    chunks = split_message(safe, limit)
    assert all(0 < len(c) <= limit for c in chunks)
    assert not any(MENTION.search(c) for c in chunks)
    # A cut marker would leave "[1" and "2]" behind: markers survive whole, in order.
    assert [m for c in chunks for m in MARKER.findall(c)] == MARKER.findall(safe)
    if "```" not in safe:
        assert _squash("".join(chunks)) == _squash(safe)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts, quote=st.text(max_size=3000), title=st.text(max_size=600),
       outlet=st.text(max_size=400), n_citations=st.integers(0, 14))
def test_any_answer_formats_into_messages_within_discord_limits(text, quote, title, outlet, n_citations):
    citations = [_citation(i + 1, quote=quote, title=title, outlet=outlet) for i in range(n_citations)]
    messages = format_answer(_answer(text, citations))
    assert messages and all(message_within_limits(m) for m in messages)
    assert sum(len(m.embeds) for m in messages) == n_citations
    for m in messages:
        assert not MENTION.search(m.content)
        for e in m.embeds:
            assert not any(MENTION.search(str(v)) for v in (e.get("title"), e.get("description"), e.get("author")))


# -- answers as messages -------------------------------------------------------------------------------------


def test_format_answer_text_with_markers_and_source_embeds():
    answer = _answer("Up to 8,000 troops are in Kursk [1], Kyiv says 11,000 [2].",
                     [_citation(1), _citation(2, url="https://baltic.example/b", published=None, outlet="")])
    [message] = format_answer(answer)
    assert message.content == "Up to 8,000 troops are in Kursk [1], Kyiv says 11,000 [2]."
    first, second = message.embeds
    assert first["title"] == "[1] Headline 1" and first["url"] == "https://wire.example/a"
    assert first["author"] == {"name": "Global Desk"} and first["footer"] == {"text": "2024-11-01"}
    assert first["description"] == "> Up to 8,000 troops are in Kursk, officials said."
    assert second["footer"] == {"text": "date unknown"} and "author" not in second


def test_format_answer_shows_the_searched_query_of_a_follow_up_and_the_sources_date():
    answer = _answer("Zelensky said 11,000 [1].", [_citation(1)], question="and Zelensky?",
                     searched="and Zelensky? (North Korean troops Kursk)")
    [message] = format_answer(answer.model_copy(update={"as_of": "2024-11-04"}))
    assert message.content == ("Zelensky said 11,000 [1].\n"
                               "-# sources as of 4 Nov 2024 · searched for: and Zelensky? (North Korean troops Kursk)")
    [plain] = format_answer(_answer("Said [1].", [_citation(1)]))
    assert plain.content == "Said [1]."


def test_format_answer_only_cited_links_are_clickable():
    answer = _answer("See https://wire.example/a and https://evil.example/x [1].", [_citation(1)])
    [message] = format_answer(answer)
    assert "<https://wire.example/a>" in message.content and "hxxps://evil[.]example/x" in message.content


def test_long_quote_and_title_are_clipped():
    embed = citation_embed(_citation(1, quote="word " * 500, title="T" * 400))
    assert len(embed["description"]) <= 302 and embed["description"].endswith("…")
    assert len(embed["title"]) == 256 and embed_within_limits(embed)


def test_embed_without_a_web_link_has_no_url():
    assert "url" not in citation_embed(_citation(1, url="file:///etc/passwd"))
    assert "url" not in citation_embed(_citation(1, url=""))


def test_pack_embeds_respects_count_and_total():
    big = {"title": "t" * 256, "description": "d" * 2000}
    groups = pack_embeds([big] * 7)
    assert [len(g) for g in groups] == [2, 2, 2, 1]
    assert all(sum(embed_length(e) for e in g) <= EMBED_TOTAL_LIMIT for g in groups)
    small = {"title": "t"}
    assert [len(g) for g in pack_embeds([small] * 23)] == [EMBEDS_PER_MESSAGE, EMBEDS_PER_MESSAGE, 3]


def test_many_sources_spill_into_extra_messages():
    messages = format_answer(_answer("Many sources [1].", [_citation(i) for i in range(1, 13)]))
    assert [len(m.embeds) for m in messages] == [10, 2] and messages[1].content == ""


# -- small helpers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [("How many troops?", "How many troops?"), ("  a\n\nb  ", "a b"), ("", "Gazette"),
     ("@everyone what?", f"@{ZWSP}everyone what?"), ("x" * 150, "x" * 99 + "…")],
)
def test_thread_name(question, expected):
    assert thread_name(question) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [("<@901> How many?", "How many?"), ("How many, <@!901>?", "How many, ?"), ("<@901>", ""),
     ("<@902> hi <@901> there", "<@902> hi there"), ("<@&77> How many?", "How many?"),
     ("<@&78> How many?", "<@&78> How many?")],
)
def test_question_from_mention(content, expected):
    assert question_from_mention(content, 901, 77) == expected


def test_clip():
    assert clip("short", 10) == "short"
    assert clip("one two three four", 12) == "one two…"


def test_status_texts_are_safe():
    rows = [SourceRow("wire", "feed", "https://wire.example/rss", 1200, "2024-11-05T10:00:00+00:00"),
            SourceRow("@everyone", "file", "/x", 0, None, last_error="x.jsonl:3: malformed JSON")]
    text = plain_messages(format_source_rows(rows))[0].content
    assert "**wire** (feed): 1,200 articles, last ingested 2024-11-05 10:00 UTC" in text
    assert "never ingested; last error: x.jsonl:3: malformed JSON" in text and not MENTION.search(text)
    done = format_counts(IngestCounts(("wire", "desk"), added=3, updated=1, unchanged=5, duplicates=2, removed=4,
                                      failed=1, failures=("wire.jsonl:4: malformed JSON",),
                                      notes=("desk: not pruned, the source was not read in full (1 failed)",)), 12.3)
    assert "Re-ingest of `wire`, `desk` finished in 12 s" in done
    assert "3 added, 1 updated, 5 unchanged (2 duplicates), 4 removed, 1 failed" in done
    assert "• failed: wire.jsonl:4: malformed JSON" in done and "• desk: not pruned" in done
    assert "12 of 200 items read" in format_progress(IngestProgress("wire", 12, 200, added=3), 4)
    assert "12 items read" in format_progress(IngestProgress("wire", 12), 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[0\x1f]", "[0 ]"),  # removing the control character would forge the marker [0]
        ("@\x00everyone", "@ everyone"),
        ("a\u202eb", "ab"),  # a bidirectional override is removed outright
        ("line\x1b[2J", "line [2J"),
        ("plain [1] text", "plain [1] text"),
    ],
)
def test_neutralise_markdown_never_joins_what_a_control_character_separated(text, expected):
    assert neutralise_markdown(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[text](https://a.example)", "text (https://a.example)"),
        ("[1](https://a.example)", "[1] (https://a.example)"),  # a citation marker keeps its brackets
        ("see [0](HTTP://0) here", "see [0] (HTTP://0) here"),
        ("[1234](https://a.example)", "1234 (https://a.example)"),  # no marker has four digits
        ("\\[1](https://a.example)", "\\[1](https://a.example)"),  # an escaped bracket opens no masked link
    ],
)
def test_a_masked_link_is_unmasked_and_a_marker_kept(text, expected):
    assert neutralise_markdown(text) == expected
