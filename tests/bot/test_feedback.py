import json

import pytest

from bot.feedback import FeedbackStore, eval_case, vote_emoji
from gazette.cli import main
from gazette.evaluation import load_questions
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
    assert store.history(500, 0) == []
    store.add_thread(500)
    store.add_thread(500)
    assert store.opened_thread(500) and not store.opened_thread(600)

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


def _row(answer="Up to 8,000 troops [1][2].", short="8,000", abstained=False):
    return {"answer_id": 7, "question": "How many?", "answer": answer, "short_answer": short,
            "abstained": abstained, "asked_at": "2024-11-05T10:00:00+00:00", "history": [("user", "Earlier?")],
            "sources": [{"doc_id": "d1"}, {"doc_id": "d2"}, {"doc_id": "d1"}]}


@pytest.mark.parametrize(
    ("row", "up", "down", "expected"),
    [
        (_row(), 2, 0, {"vote": "up", "answer": "8,000", "expected_sources": ["d1", "d2"]}),
        (_row(short=None), 1, 0, {"answer": "Up to 8,000 troops."}),
        (_row(answer="The archive has nothing on that.", short=None, abstained=True), 1, 0,
         {"answer": None, "unanswerable": True}),
        (_row(), 1, 1, {"vote": "tie", "answer": None, "expected_sources": [], "needs_answer": True}),
        (_row(), 0, 3, {"vote": "down", "answer": None, "expected_sources": [], "needs_answer": True}),
    ],
)
def test_eval_case(row, up, down, expected):
    case = eval_case(row, up, down)
    assert {k: case.get(k) for k in expected} == expected
    assert case["id"] == "feedback-7" and case["choices"] is None and case["as_of"] == "2024-11-05"
    assert case["history"] == [["user", "Earlier?"]] and case["bot_answer"] == row["answer"]
    assert case["cited_sources"] == ["d1", "d2"] and case["votes"] == {"up": up, "down": down}
    assert not ("unanswerable" in case and "needs_answer" in case)


def test_feedback_export_cli_writes_cases_gazette_eval_reads(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "f.sqlite"
    store = FeedbackStore(db)
    good = _answer("How many troops?", "Up to 8,000 troops [1].", ["d1"]).model_copy(update={"short_answer": "8,000"})
    store.record_answer(good, user_id=7, channel_id=1, message_ids=[5], history=[("user", "Earlier?"), ("assistant", "x")])
    store.record_answer(_answer("Wrong?", "Paris [1].", ["d2"]), user_id=7, channel_id=1, message_ids=[6])
    store.record_answer(_answer("Unvoted?", "x", []), user_id=7, channel_id=1, message_ids=[8])
    store.vote(5, 9, "👍")
    store.vote(6, 9, "👎")
    store.close()
    out = tmp_path / "cases.jsonl"
    assert main(["feedback", "export", "--db", str(db), "--out", str(out)]) == 0
    cases = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(c["question"], c["vote"], c["answer"]) for c in cases] == [("How many troops?", "up", "8,000"),
                                                                        ("Wrong?", "down", None)]
    assert cases[0]["expected_sources"] == ["d1"] and cases[0]["history"] == [["user", "Earlier?"], ["assistant", "x"]]
    assert main(["feedback", "export", "--db", str(db), "--votes", "up", "--out", str(out)]) == 0
    [ready] = load_questions(out)  # the eval reads them as they are
    assert (ready.question, ready.answer, ready.answerable) == ("How many troops?", "8,000", True)
    assert ready.history == [("user", "Earlier?"), ("assistant", "x")] and ready.as_of is not None
    assert main(["feedback", "export", "--db", str(tmp_path / "missing.sqlite")]) == 2
    assert "no feedback database" in capsys.readouterr().err
