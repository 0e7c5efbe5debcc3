"""The natural question set (bench/natural/questions.jsonl) is well formed: what `gazette eval` reads from it and
what its README promises. Its articles live in the shared benchmark, so they are not read here."""

import json
from collections import Counter
from pathlib import Path

import pytest

from gazette.evaluation import load_questions

NATURAL = Path(__file__).resolve().parents[1] / "bench" / "natural" / "questions.jsonl"
STYLES = {"who", "what", "when", "where", "how-many", "how-much", "who-is", "what-happened", "follow-up", "why", "how"}
KINDS = {"after-archive", "absent", "wrong-premise", "wrong-year"}
WHY_HOW = ("test9", "test10", "test11", "test14", "test16")  # halves of why and how questions only (bench/natural/README.md)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in NATURAL.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_record_loads_and_ids_are_unique(records):
    questions = load_questions(NATURAL)
    assert len(questions) == len(records)
    ids = [q.qid for q in questions]
    assert len(set(ids)) == len(ids)
    assert all(q.split for q in questions)


def test_answerable_questions_name_their_article_and_forms(records):
    for rec in records:
        if rec.get("unanswerable"):
            assert rec["kind"] in KINDS, rec["id"]
            continue
        assert rec["answer"].strip() and rec["accepted"] and all(f.strip() for f in rec["accepted"]), rec["id"]
        assert len(rec["doc_id"]) == 16 and rec["style"] in STYLES, rec["id"]
        assert rec["as_of"] and (rec["style"] != "follow-up" or rec["history"]), rec["id"]


@pytest.mark.parametrize("split", WHY_HOW)
def test_why_how_halves(records, split):
    half = [r for r in records if r["split"] == split]
    answerable = [r for r in half if not r.get("unanswerable")]
    assert len(answerable) == 40 and len(half) == 64
    assert all(r["style"] in {"why", "how", "follow-up"} for r in answerable)
    assert Counter(r["kind"] for r in half if r.get("unanswerable")) == {k: 6 for k in KINDS}
    assert all(r["question"].lower().startswith(("why", "how")) for r in half if r.get("unanswerable"))
