"""Formatting of the news-desk answers for Discord (pure): the "Sources differ" section and timelines, within the
limits, with no pings and only cited links clickable."""

from __future__ import annotations

from bot.formatting import (
    CONTENT_LIMIT,
    MARKER,
    MENTION,
    differ_section,
    format_answer,
    format_timeline,
    message_within_limits,
)
from gazette.models import Answer, Citation, Timeline, TimelineLine


def citation(n: int, url: str = "") -> Citation:
    return Citation(n=n, title=f"Headline {n}", outlet=f"Outlet {n}", url=url or f"https://wire{n}.example/a",
                    published="2024-11-01", quote="Up to 8,000 troops are in Kursk.", doc_id=f"d{n}", chunk_id=f"c{n}")


def test_the_note_becomes_a_short_section_with_one_bullet_per_version():
    note = ("Sources differ: Baltic Wire (4 Nov 2024): 11,000 North Korean troops were now in Kursk, President "
            "Volodymyr Zelensky said [2]; Global Desk (1 Nov 2024): up to 8,000 North Korean troops are now in "
            "Russia's Kursk region, US officials said [1].")
    assert differ_section(note) == (
        "**Sources differ**\n"
        "• Baltic Wire (4 Nov 2024): 11,000 North Korean troops were now in Kursk, President Volodymyr Zelensky said [2]\n"
        "• Global Desk (1 Nov 2024): up to 8,000 North Korean troops are now in Russia's Kursk region, US officials "
        "said [1]")
    answer = Answer(question="q", answer=f"Up to 8,000 troops are in Kursk [1].\n\n{note}", abstained=False,
                    citations=[citation(1), citation(2)], searched_query="q", as_of="2024-11-04")
    [message] = format_answer(answer)
    assert message.content.startswith("Up to 8,000 troops are in Kursk [1].\n\n**Sources differ**\n• Baltic Wire")
    assert message.content.endswith("-# sources as of 4 Nov 2024") and len(message.embeds) == 2
    assert message_within_limits(message)


def test_an_answer_without_a_note_is_formatted_as_before():
    answer = Answer(question="q", answer="Up to 8,000 troops are in Kursk [1].", abstained=False,
                    citations=[citation(1)], searched_query="q")
    assert format_answer(answer)[0].content == "Up to 8,000 troops are in Kursk [1]."


def test_a_long_timeline_is_split_within_the_limits_at_line_ends():
    sentence = "Officials said troops moved again toward the front line near the town of Kurakhove on that day"
    lines = [TimelineLine(date=f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}", dated_by="event",
                          text=f"{sentence}, @everyone see https://evil.example/x [{i % 25 + 1}].", n=i % 25 + 1)
             for i in range(50)]
    timeline = Timeline(topic="Kurakhove <@123>", lines=lines, citations=[citation(n) for n in range(1, 26)],
                        text="x")
    messages = format_timeline(timeline)
    assert len(messages) >= 3 and all(message_within_limits(m) for m in messages)
    text = "\n".join(m.content for m in messages)
    assert not MENTION.search(text) and "https://evil" not in text and "hxxps://evil[.]example/x" in text
    assert MARKER.findall(text) == [f"[{i % 25 + 1}]" for i in range(50)]
    body = [m.content for m in messages if m.content]
    assert all(len(c) <= CONTENT_LIMIT for c in body)
    assert all(c.split("\n")[0].startswith(("**Timeline", "**")) for c in body)  # cut at line ends
    assert sum(len(m.embeds) for m in messages) == 25


def test_an_empty_timeline_says_so():
    [message] = format_timeline(Timeline(topic="Tour de France", abstained=True,
                                         text="The archive has nothing on that."))
    assert message.content == "**Timeline: Tour de France**\nThe archive has nothing on that." and not message.embeds
