"""The news-desk outputs at the output edges merged from main: a timeline and the 'Sources differ' versions are
redacted like any answer (gazette.redact), and a timeline printed to the terminal has its control characters
escaped (gazette.render)."""

from __future__ import annotations

from gazette.models import Answer, Citation, Timeline, TimelineLine, Version
from gazette.redact import REDACTED, Redactor
from gazette.render import render_timeline

SECRET = "sk-test-0123456789abcdef"


def _citation(text: str) -> Citation:
    return Citation(n=1, title=f"Title {text}", outlet="Global Desk", url="https://example.com/a",
                    published="2024-11-01", quote=f"Quote {text}", doc_id="d1", chunk_id="d1:0")


def test_a_timeline_is_redacted():
    timeline = Timeline(topic="troops", lines=[TimelineLine(date="2024-11-01", dated_by="published",
                                                            text=f"It said {SECRET} [1]", n=1, copies=[SECRET])],
                        citations=[_citation(SECRET)], text=f"1 Nov 2024 — It said {SECRET} [1]")
    out = Redactor([SECRET]).timeline(timeline)
    assert SECRET not in out.model_dump_json()
    assert REDACTED in out.lines[0].text and out.lines[0].copies == [REDACTED]


def test_the_versions_of_a_sources_differ_note_are_redacted():
    answer = Answer(question="How many?", answer="About 10,000 [1].", abstained=False, citations=[_citation("x")],
                    searched_query="How many?",
                    differs=[Version(value="10,000", outlet=SECRET, attribution=f"{SECRET} officials", n=1)])
    out = Redactor([SECRET]).answer(answer)
    assert SECRET not in out.model_dump_json()


def test_a_timeline_in_the_terminal_shows_control_characters_as_escapes():
    timeline = Timeline(topic="troops\x1b[2J", lines=[TimelineLine(date="2024-11-01", dated_by="published",
                                                                   text="Troops \x1b]52;c;aGk=\x07 moved [1]", n=1)],
                        citations=[_citation("\x1b[31m")])
    shown = render_timeline(timeline)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b" in shown
