""""What's new since" (gazette.whatsnew): table tests for the question, the conversation's last answer and the since
cut (pure), then the path over a store in two processes (a separate `gazette ingest` adds articles)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gazette.cli import sample_archive_path
from gazette.followups import rewrite
from gazette.models import Chunk, RetrievedChunk, SearchFilters
from gazette.whatsnew import (
    LastAnswer,
    PastAnswer,
    asks_whats_new,
    last_answer,
    new_since,
    nothing_new,
    own_topic,
    published_after,
    since_cut,
    story_turns,
)
from tests.conftest import make_settings, open_reader

NOV4 = date(2024, 11, 4)


@pytest.mark.parametrize("question, asks", [
    ("anything new?", True), ("Anything new on that?", True), ("what changed?", True), ("What has changed?", True),
    ("any update on that?", True), ("Any updates?", True), ("what's new?", True), ("Is there any news?", True),
    ("anything else new since then?", True), ("any new developments?", True),
    ("How many North Korean troops are in Kursk?", False), ("What did Zelensky say about them?", False),
    ("Is the new tram line approved?", False), ("What is the new nuclear doctrine?", False),
])
def test_what_asks_for_news(question, asks):
    assert asks_whats_new(question) is asks


@pytest.mark.parametrize("question, topic", [
    ("anything new?", ""), ("any update on that?", ""), ("what changed since then?", ""),
    ("anything new on Kursk?", ""),  # one word of its own: still the story under discussion
    ("anything new on the North Korean troops in Kursk?", "North Korean troops Kursk"),
])
def test_a_whats_new_question_may_name_its_own_topic(question, topic):
    assert own_topic(question) == topic


TROOPS = ("user", "How many North Korean troops are in Kursk?")
SAID = ("assistant", "Up to 8,000, US officials said [1].")


@pytest.mark.parametrize("history, kept, query", [
    ([TROOPS, SAID], [TROOPS, SAID], "What about casualties? (North Korean Kursk)"),
    # "anything new?" names nothing: the follow-up after it leans on the question before it
    ([TROOPS, SAID, ("user", "anything new?"), ("assistant", "Nothing new since 4 Nov 2024.")], [TROOPS, SAID],
     "What about casualties? (North Korean Kursk)"),
    # a what's-new question with a topic of its own is a question of the story
    ([TROOPS, SAID, ("user", "any update on the Russian offensive in Donetsk?"), SAID],
     [TROOPS, SAID, ("user", "any update on the Russian offensive in Donetsk?"), SAID],
     "What about casualties? (update Russian offensive Donetsk)"),
])
def test_a_follow_up_after_anything_new_leans_on_the_story(history, kept, query):
    assert story_turns(history) == kept
    assert rewrite("What about casualties?", story_turns(history)) == query


@pytest.mark.parametrize("answers, expected", [
    ([], None),
    ([PastAnswer("How many troops?", None)], None),  # an abstention: nothing to be new since
    ([PastAnswer("How many troops?", "2024-11-01"), PastAnswer("What did Zelensky say? (troops)", "2024-11-04")],
     LastAnswer("What did Zelensky say? (troops)", NOV4)),
    # "Nothing new since 4 Nov 2024" has no date: the date before it stays, the query is the story's.
    ([PastAnswer("How many troops?", "2024-11-04"), PastAnswer("How many troops?", None)],
     LastAnswer("How many troops?", NOV4)),
    ([PastAnswer("q", "not a date")], None),
])
def test_the_last_answer_of_a_conversation(answers, expected):
    assert last_answer(answers) == expected


@pytest.mark.parametrize("filters, expected", [
    (None, SearchFilters(since=date(2024, 11, 5))),
    (SearchFilters(since=date(2024, 10, 1), outlets=("Baltic Wire",)),
     SearchFilters(since=date(2024, 11, 5), outlets=("Baltic Wire",))),
    (SearchFilters(since=date(2024, 12, 1), until=date(2024, 12, 31)),
     SearchFilters(since=date(2024, 12, 1), until=date(2024, 12, 31))),  # a later --since stays
])
def test_the_since_cut(filters, expected):
    assert since_cut(filters, NOV4) == expected


def test_only_articles_published_after_the_cut_are_new():
    def hit(day):
        return RetrievedChunk(chunk=Chunk(chunk_id=str(day), doc_id=str(day), index=0, text="t", title="t",
                                          published=day), score=1.0)

    hits = [hit(date(2024, 11, 3)), hit(NOV4), hit(date(2024, 11, 5)), hit(None)]
    assert [h.chunk.published for h in published_after(hits, NOV4)] == [date(2024, 11, 5)]


def test_nothing_new_names_the_last_answers_date():
    answer = nothing_new("anything new?", "How many troops?", NOV4)
    assert answer.answer == "Nothing new since 4 Nov 2024." and answer.abstained and not answer.citations


@pytest.mark.parametrize(
    ("text", "said"),
    [("Up to 8,000 [1].", "New since 4 Nov 2024: Up to 8,000 [1]."),
     # a briefing's list of stories starts on a line of its own
     ("- Troops moved [1].\n\n- Drones hit [2].", "New since 4 Nov 2024:\n\n- Troops moved [1].\n\n- Drones hit [2].")],
)
def test_new_since_says_so_before_the_answer(text, said):
    from gazette.models import Answer

    found = Answer(question="Any news?", answer=text, abstained=False, searched_query="Any news?")
    assert new_since("anything new?", found, NOV4).answer == said


# -- through the application, with a second process adding articles --------------------------------------------

KURSK = "How many North Korean troops are in Kursk?"


def sample_lines() -> list[str]:
    return sample_archive_path().read_text(encoding="utf-8").splitlines()


def published(line: str) -> str:
    return json.loads(line)["published"]


def gazette(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")} | {"HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "gazette.cli", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


@pytest.mark.slow
def test_anything_new_before_and_after_a_separate_ingest(tmp_path, embedder):
    lines = sample_lines()
    until_nov1 = [line for line in lines if published(line) <= "2024-11-01"]
    later = [line for line in lines if published(line) > "2024-11-01"]
    (tmp_path / "early.jsonl").write_text("\n".join(until_nov1) + "\n", encoding="utf-8")
    (tmp_path / "later.jsonl").write_text("\n".join(later) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    done = gazette("ingest", "--store", str(store), str(tmp_path / "early.jsonl"), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with open_reader(make_settings(store), store, embedder=embedder) as reader:
        first = reader.ask(KURSK)
        assert first.as_of == "2024-11-01" and "8,000" in first.answer
        last = last_answer([PastAnswer(first.searched_query, first.as_of)])
        assert last == LastAnswer(KURSK, date(2024, 11, 1))
        nothing = reader.whats_new("anything new?", last)
        assert nothing is not None and nothing.answer == "Nothing new since 1 Nov 2024." and nothing.abstained
        # A question that is not about news is not this path's to answer.
        assert reader.whats_new(KURSK, last) is None
        # Another process adds the articles of November and December.
        added = gazette("ingest", "--store", str(store), str(tmp_path / "later.jsonl"), "--json", cwd=tmp_path)
        assert added.returncode == 0, added.stderr
        news = reader.whats_new("any update on that?", last)
    assert news is not None and not news.abstained
    assert news.answer.startswith("New since 1 Nov 2024: ") and news.question == "any update on that?"
    assert news.citations and all(c.published > "2024-11-01" for c in news.citations)
    assert "11,000" in news.answer  # Kyiv's estimate of 4 November


def test_the_search_after_anything_new_is_the_storys(sample_app):
    """Through ask(): the searched query of a follow-up after "anything new?" holds the story's words, not
    "anything"."""
    history = [TROOPS, SAID, ("user", "anything new?"), ("assistant", "Nothing new since 4 Nov 2024.")]
    ans = sample_app.ask("What about casualties?", history=history, as_of=NOV4)
    assert ans.searched_query == "What about casualties? (North Korean Kursk)"


def test_anything_new_from_an_outlet_reads_that_outlet_since(sample_app):
    """"Any news from Pacific Herald on the troops?" in a conversation: that outlet's articles after the last
    answer, on that topic (gazette.outlets), not the outlet's name searched as words."""
    last = LastAnswer("How many North Korean troops are in Kursk?", date(2024, 11, 4))
    news = sample_app.whats_new("Any news from Pacific Herald on the North Korean troops?", last,
                                as_of=date(2024, 12, 20))
    assert news is not None and not news.abstained and news.answer.startswith("New since 4 Nov 2024: ")
    assert {c.outlet for c in news.citations} == {"Pacific Herald"}
    assert all(c.published > "2024-11-04" for c in news.citations)
    none = sample_app.whats_new("Any news from Capital Dispatch on the North Korean troops?", last,
                                as_of=date(2024, 12, 20))
    assert none is not None and none.abstained and none.answer == "Nothing new since 4 Nov 2024."
