import json
import os
import subprocess
import sys

import pytest

from gazette.cli import main, sample_archive_path
from tests.conftest import isolate_env


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    isolate_env(monkeypatch, tmp_path)
    monkeypatch.setenv("GAZETTE_STORE__PATH", str(tmp_path / "default-store"))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_twice_then_ask_json(capsys, tmp_path):
    store = str(tmp_path / "store")
    code, out, _ = run(capsys, "ingest", "--store", store, "--json", str(sample_archive_path()))
    first = json.loads(out)
    assert code == 0 and first["articles_added"] >= 25 and first["chunks_embedded"] > 0 and first["failed"] == []
    code, out, _ = run(capsys, "ingest", "--store", store, "--json", str(sample_archive_path()))
    second = json.loads(out)
    assert second["chunks_embedded"] == 0 and second["articles_unchanged"] == first["articles_added"]
    assert set(second) == {"articles_added", "articles_updated", "articles_unchanged", "articles_duplicate",
                           "articles_removed", "chunks_embedded", "failed", "sources", "notes", "run_id"}
    assert (first["run_id"], second["run_id"]) == (1, 2)  # every ingest run is numbered in the catalog

    code, out, _ = run(capsys, "ask", "--store", store, "--json", "How many North Korean troops are in Kursk?")
    ans = json.loads(out)
    assert code == 0 and "8,000" in ans["answer"] and not ans["abstained"]
    assert {"question", "answer", "abstained", "citations", "searched_query", "as_of", "short_answer"} <= set(ans)
    assert ans["short_answer"] == "8,000"
    c = ans["citations"][0]
    assert set(c) == {"n", "title", "outlet", "url", "published", "quote", "doc_id", "chunk_id"}
    assert c["n"] == 1 and len(c["published"]) == 10

    code, out, _ = run(capsys, "ask", "--store", store, "--json", "Who won the 2031 Tour de France?")
    assert json.loads(out)["abstained"] is True

    code, out, _ = run(capsys, "ask", "--store", store, "How many North Korean troops are in Kursk?")
    assert "Sources:" in out and "[1]" in out and "8,000" in out


def test_ingest_reports_bad_records_and_keeps_the_rest(capsys, tmp_path):
    src = tmp_path / "mixed.jsonl"
    src.write_text('{"id": "ok", "title": "Fine", "text": "A fine article body."}\n{oops\n')
    code, out, _ = run(capsys, "ingest", "--store", str(tmp_path / "s"), "--json", str(src), str(tmp_path / "gone"))
    summary = json.loads(out)
    assert code == 0 and summary["articles_added"] == 1
    assert [f["source"] for f in summary["failed"]] == [f"{src}:2", str(tmp_path / "gone")]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["ask", ""], 2, "the question is empty"),
        (["ask", "--store", "{tmp}/nowhere", "Anything?"], 1, "no Gazette store at"),
        (["ask", "--store", "{tmp}/foreign", "Anything?"], 1, "is not a Gazette store"),
        (["ingest", "--store", "{tmp}/s", "{tmp}/missing.jsonl"], 2, "no such file or folder"),
        (["ingest", "--store", "{tmp}/foreign", "{tmp}/foreign"], 1, "is not a Gazette store"),
        # --store may come before the command, as people often write it
        (["--store", "{tmp}/nowhere", "ask", "Anything?"], 1, "nowhere"),
        (["--store", "{tmp}/foreign", "feedback", "export"], 2, "gazette feedback takes no --store"),
    ],
)
def test_user_mistakes_are_one_line_errors(capsys, tmp_path, argv, code, message):
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "x.txt").write_text("title\nbody")
    got, out, err = run(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in argv])
    assert got == code
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bad_setting_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setenv("GAZETTE_RETRIEVAL__K", "zero")
    code, _, err = run(capsys, "ask", "Anything?")
    assert code == 2 and "invalid setting retrieval.k" in err


def test_console_script_demo_in_a_subprocess(tmp_path):
    """The README's demo, as a user runs it: a real process, a temporary store, a cited answer."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    env["HF_HUB_OFFLINE"] = "1"
    proc = subprocess.run([sys.executable, "-m", "gazette.cli", "demo"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "8,000" in proc.stdout and "Sources:" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert "to keep the store and ask more: gazette demo --store DIR" in proc.stderr  # its store is gone


def test_ask_choices_filters_and_eval(capsys, tmp_path):
    store = str(tmp_path / "store")
    assert main(["ingest", "--store", store, "--json", str(sample_archive_path())]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "ask", "--store", store, "--json", "--choices", "Raphinha|Harry Kane|Lamine Yamal",
                       "Who scored a hat-trick when Barcelona beat Bayern Munich?")
    ans = json.loads(out)
    assert code == 0 and ans["choice"] == 0 and ans["answer"].startswith("A) Raphinha")
    code, out, _ = run(capsys, "ask", "--store", store, "--json", "--outlet", "Pacific Herald", "--until",
                       "2024-10-31", "How many North Korean soldiers were sent to Russia?")
    ans = json.loads(out)
    assert code == 0 and all(c["outlet"] == "Pacific Herald" and c["published"] <= "2024-10-31"
                             for c in ans["citations"])
    code, _, err = run(capsys, "ask", "--store", store, "--since", "yesterday-ish", "Anything?")
    assert code == 2 and "--since: not a date" in err
    code, _, err = run(capsys, "ask", "--store", store, "--choices", "one", "Anything?")
    assert code == 2 and "at least two choices" in err

    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps({"question": "How many North Korean troops are in Kursk?", "answer": "8,000"}) + "\n"
        + json.dumps({"question": "Who won the 2031 Tour de France?", "unanswerable": True}) + "\n")
    out_file = tmp_path / "result.json"
    code, out, _ = run(capsys, "eval", "--store", store, "--baselines", "--out", str(out_file), str(questions))
    assert code == 0 and "hybrid" in out and "dense" in out and "keyword" in out
    result = json.loads(out_file.read_text())
    assert result["questions"] == 2 and result["answers"]["current"]["abstention_rate_unanswerable"] == 1.0
    assert result["retrieval"]["hybrid"]["recall@5"] == 1.0


def test_chat_answers_a_follow_up(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    env["HF_HUB_OFFLINE"] = "1"
    store = tmp_path / "store"
    subprocess.run([sys.executable, "-m", "gazette.cli", "ingest", "--store", str(store), str(sample_archive_path())],
                   check=True, capture_output=True, env=env, timeout=300)
    proc = subprocess.run(
        # as of the archive's last days: "27 October" is then the latest 27 October (2024), as a reader means it
        [sys.executable, "-m", "gazette.cli", "chat", "--store", str(store), "--as-of", "2024-12-20"],
        input="How many attack drones did Russia launch in the week before 27 October?\nand how many missiles?\n",
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "560 attack drones" in proc.stdout
    assert "(searched for: and how many missiles? (" in proc.stdout and "21 missiles" in proc.stdout
