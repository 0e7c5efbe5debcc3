"""Our own eval set over the sample archive, with thresholds that fail if retrieval or citations break."""

import json
from pathlib import Path

import pytest

from gazette.errors import UsageError
from gazette.evaluation import evaluate, load_questions, parse_question
from gazette.metrics import contains_answer, exact_match, mrr_at, normalize_answer, recall_at, token_f1

EVAL_SET = Path(__file__).parent / "eval" / "sample_questions.jsonl"


@pytest.mark.parametrize(
    ("text", "norm"),
    [("The “Squid Game”!", "squid game"), ("  A  Tale of Two   Cities ", "tale of two cities"), ("3.25%", "3 25"),
     ("€50,000 (£43,000)", "50 000 43 000"), ("¥1.2 billion", "1 2 billion")],
)
def test_normalize_answer(text, norm):
    assert normalize_answer(text) == norm


def test_metrics():
    assert exact_match("the Europe.", "Europe") == 1.0
    assert token_f1("Kendrick Lamar headlines", "Kendrick Lamar") == pytest.approx(0.8)
    assert contains_answer("Up to 8,000 troops", "8,000") and not contains_answer("18,000 troops", "8,000")
    assert contains_answer("ordered to pay €50,000", "50,000") and contains_answer("£43,000", "43,000")
    assert recall_at([1, 3, None, 7], 5) == 0.5 and mrr_at([1, 2, None, 20], 10) == pytest.approx(0.375)


def test_question_formats(tmp_path):
    bench = parse_question({"question": "Q?", "question_date": "2022/06/16", "choices": ["a", "b"],
                            "answer_index": 1, "answer": "b", "answer_in_articles": False}, 1)
    assert bench.as_of.isoformat() == "2022-06-16" and not bench.answerable and bench.choices == ["a", "b"]
    ours = parse_question({"question": "Q?", "unanswerable": True}, 2)
    assert not ours.answerable
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"question": "ok?", "answer": "x"}\n{broken\n')
    with pytest.raises(UsageError, match="q.jsonl:2: malformed JSON"):
        load_questions(bad)
    bad.write_text(json.dumps({"answer": "x"}) + "\n")
    with pytest.raises(UsageError, match="q.jsonl:1: a question record needs a non-empty 'question'"):
        load_questions(bad)
    bad.write_text(json.dumps({"question": "Q?", "as_of": "2024-02-30"}) + "\n")
    with pytest.raises(UsageError, match="q.jsonl:1: not a date"):
        load_questions(bad)


def test_sample_questions_is_a_fixed_spread_out_subset():
    from gazette.evaluation import sample_questions

    qs = [parse_question({"question": f"Q{i}?", "answer": "x"}, i) for i in range(1000)]
    picked = sample_questions(qs, 50)
    assert len(picked) == 50 and picked == sample_questions(qs, 50)  # the same draw every run
    positions = [int(q.question[1:-1]) for q in picked]
    assert positions == sorted(positions) and positions[-1] > 500  # file order, not just the first questions
    assert sample_questions(qs, 5000) == qs


def test_sample_eval_set_meets_thresholds(sample_app):
    questions = load_questions(EVAL_SET)
    assert len(questions) >= 25 and sum(not q.answerable for q in questions) >= 5
    assert any(q.history for q in questions) and any(q.choices for q in questions)
    details: list[dict] = []
    result = evaluate(questions, sample_app.retriever, {"current": sample_app.answerer}, baselines=True,
                      details=details)
    hybrid = result["retrieval"]["hybrid"]
    answers = result["answers"]["current"]
    # The details say which cited chunk holds an answer: together, the citation precision
    held = [c["holds"] for d in details if d["answerable"] and not d["abstained"] for c in d["cited"]]
    assert len(held) == answers["citations"] and sum(held) / len(held) == pytest.approx(answers["citation_precision"])
    assert all("holds" not in c for d in details if not d["answerable"] for c in d["cited"])
    assert hybrid["recall@5"] >= 0.9, result
    assert hybrid["mrr@10"] >= 0.75, result
    assert answers["citation_precision"] >= 0.9, result
    assert answers["abstention_rate_unanswerable"] >= 0.9, result
    assert answers["answer_rate_answerable"] >= 0.9, result
    assert answers["multiple_choice_accuracy"] >= 0.75, result


def test_multiple_choice_figures_count_abstentions_apart():
    from gazette.evaluation import _answer_block, _Tally

    # Right, wrong, abstained (wrong); the first two were answerable.
    block = _answer_block(_Tally(mc=[1.0, 0.0, 0.0], mc_abstained=[0.0, 0.0, 1.0], mc_answerable=[1.0, 0.0]))
    assert block["multiple_choice_accuracy"] == 0.3333
    assert block["multiple_choice_accuracy_when_chosen"] == 0.5
    assert block["multiple_choice_accuracy_answerable"] == 0.5
    assert block["multiple_choice_abstained"] == 0.3333
    assert block["multiple_choice_n"] == 3
