import json

import pytest

from bot.feedback import FeedbackStore, eval_case, vote_emoji
from gazette.cli import main
from gazette.models import Answer, Citation


def _answer(question, text, doc_ids):
    citations = [Citation(n=i, title=f"T{i}", outlet="O", url=f"https://o.example/{d}", published="2024-11-01",
                          quote="q", doc_id=d, chunk_id=f"c-{d}") for i, d in enumerate(doc_ids, start=1)]
    return Answer(question=question, answer=text, abstained=False, citations=citations, searched_query=question)


@pytest.mark.parametrize(("emoji", "expected"), [("👍", "👍"), ("👍🏽", "👍"), ("👎🏿", "👎"), ("❤️", None), ("x", None)])
def test_vote_emoji(emoji, expected):
    assert vote_emoji(emoji) == expected


def test_votes_history_and_counts(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    a1 = store.record_answer(_answer("How many troops?", "8,000 [1].", ["d1"]), user_id=7, channel_id=200,
                             thread_id=500, message_ids=[11, 12])
    store.record_answer(_answer("and Zelensky?", "11,000 [1].", ["d2"]), user_id=7, channel_id=500, thread_id=500,
                        message_ids=[13])
    store.record_answer(_answer("Other?", "x [1].", ["d3"]), user_id=8, channel_id=200, thread_id=600,
                        message_ids=[14])
    assert store.answered() == 3 and store.answer_for_message(12) == a1 and store.answer_for_message(99) is None
    assert store.history(500, 10) == [("user", "How many troops?"), ("assistant", "8,000 [1]."),
                                      ("user", "and Zelensky?"), ("assistant", "11,000 [1].")]
    assert store.history(500, 2) == [("user", "and Zelensky?"), ("assistant", "11,000 [1].")]
    assert store.history(500, 0) == [] and store.is_conversation(500) and not store.is_conversation(200)

    assert store.vote(12, 1, "👍") and store.vote(12, 2, "👍") and store.vote(13, 1, "👎")
    assert not store.vote(99, 1, "👍") and not store.vote(11, 1, "🎉")
    assert store.vote_totals() == (2, 1)
    store.vote(12, 2, "👎")  # a user's later vote replaces the earlier one
    assert store.vote_totals() == (1, 2)
    store.unvote(12, 2, "👍")  # withdrawing a vote that is no longer current changes nothing
    assert store.vote_totals() == (1, 2)
    store.unvote(12, 2, "👎")
    assert store.vote_totals() == (1, 1)
    row = store.votes()[0]
    assert row["question"] == "How many troops?" and row["sources"][0]["doc_id"] == "d1"
    assert row["user_id"] == 1 and row["vote"] == 1 and row["voted_at"]
    store.close()


@pytest.mark.parametrize(
    ("up", "down", "vote", "expected"),
    [(2, 0, "up", ["d1", "d2"]), (1, 1, "tie", []), (0, 3, "down", [])],
)
def test_eval_case(up, down, vote, expected):
    row = {"question": "q", "answer": "a [1] [2]", "asked_at": "t",
           "sources": [{"doc_id": "d1"}, {"doc_id": "d2"}, {"doc_id": "d1"}]}
    case = eval_case(row, up, down)
    assert case["vote"] == vote and case["expected_sources"] == expected and case["choices"] is None
    assert case["cited_sources"] == ["d1", "d2"] and case["votes"] == {"up": up, "down": down}


def test_feedback_export_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "f.sqlite"
    store = FeedbackStore(db)
    store.record_answer(_answer("How many troops?", "8,000 [1].", ["d1"]), user_id=7, channel_id=1, message_ids=[5])
    store.record_answer(_answer("Unvoted?", "x", []), user_id=7, channel_id=1, message_ids=[6])
    store.vote(5, 9, "👍")
    store.close()
    out = tmp_path / "cases.jsonl"
    assert main(["feedback", "export", "--db", str(db), "--out", str(out)]) == 0
    [case] = [json.loads(line) for line in out.read_text().splitlines()]
    assert case["question"] == "How many troops?" and case["expected_sources"] == ["d1"] and case["vote"] == "up"
    assert set(case) >= {"question", "answer", "choices", "expected_sources", "vote"}
    assert main(["feedback", "export", "--db", str(tmp_path / "missing.sqlite")]) == 2
    assert "no feedback database" in capsys.readouterr().err
