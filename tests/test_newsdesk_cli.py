"""The news-desk commands from the command line: "Sources differ" and `gazette timeline` in JSON, "anything new?" in
`gazette chat`, one-line errors, and each before and after a separate `gazette ingest` adds articles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gazette.cli import main, sample_archive_path
from tests.conftest import isolate_env

pytestmark = pytest.mark.slow

KURSK = "How many North Korean troops are in Kursk?"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    isolate_env(monkeypatch, tmp_path)
    monkeypatch.setenv("GAZETTE_STORE__PATH", str(tmp_path / "default-store"))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def gazette(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`gazette ...` in a process of its own, as a user runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")} | {"HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "gazette.cli", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300, input=stdin)


def split_sample(folder: Path, last_day: str) -> tuple[Path, Path]:
    """The sample archive in two files: articles published up to ``last_day``, and the later ones."""
    lines = sample_archive_path().read_text(encoding="utf-8").splitlines()
    early = [line for line in lines if json.loads(line)["published"] <= last_day]
    later = [line for line in lines if json.loads(line)["published"] > last_day]
    (folder / "early.jsonl").write_text("\n".join(early) + "\n", encoding="utf-8")
    (folder / "later.jsonl").write_text("\n".join(later) + "\n", encoding="utf-8")
    return folder / "early.jsonl", folder / "later.jsonl"


# -- JSON ----------------------------------------------------------------------------------------------------


def test_ask_json_gives_the_versions_as_data(capsys, sample_store):
    code, out, _ = run(capsys, "ask", "--store", str(sample_store), "--as-of", "2024-11-10", "--json", KURSK)
    ans = json.loads(out)
    assert code == 0 and "\n\nSources differ: Baltic Wire (4 Nov 2024): 11,000" in ans["answer"]
    assert ans["differs"] == [
        {"value": "11,000", "outlet": "Baltic Wire", "published": "2024-11-04",
         "attribution": "President Volodymyr Zelensky", "n": 2},
        {"value": "up to 8,000", "outlet": "Global Desk", "published": "2024-11-01", "attribution": "US officials",
         "n": 1},
    ]
    assert [c["n"] for c in ans["citations"]] == [1, 2] and ans["citations"][1]["outlet"] == "Baltic Wire"
    code, out, _ = run(capsys, "ask", "--store", str(sample_store), "--json", "Who won the Nobel Peace Prize in 2024?")
    nobel = json.loads(out)
    assert code == 0 and nobel["differs"] == []  # an answer with no disagreement among its sources
    assert not nobel["abstained"] and "Nihon Hidankyo" in nobel["answer"]  # the prize "has been awarded to" it


def test_timeline_json(capsys, sample_store):
    code, out, _ = run(capsys, "timeline", "--store", str(sample_store), "--json", "North", "Korean", "troops", "in",
                       "Russia")
    timeline = json.loads(out)
    assert code == 0 and timeline["topic"] == "North Korean troops in Russia" and not timeline["abstained"]
    assert set(timeline) == {"topic", "lines", "citations", "abstained", "text"}
    first = timeline["lines"][0]
    assert set(first) == {"date", "dated_by", "text", "n", "copies"} and first["dated_by"] in ("event", "published")
    dates = [line["date"] for line in timeline["lines"]]
    assert dates == sorted(dates) and len(dates) == len(timeline["text"].splitlines())
    assert {c["n"] for c in timeline["citations"]} == {line["n"] for line in timeline["lines"]}
    code, out, _ = run(capsys, "timeline", "--store", str(sample_store), "--json", "--since", "2024-11-01",
                       "--until", "2024-11-30", "North Korean troops in Russia")
    assert all("2024-11-01" <= line["date"] <= "2024-11-30" for line in json.loads(out)["lines"])
    code, out, _ = run(capsys, "timeline", "--store", str(sample_store), "--json", "the 2031 Tour de France")
    assert code == 0 and json.loads(out) == {"topic": "the 2031 Tour de France", "lines": [], "citations": [],
                                            "abstained": True, "text": "The archive has nothing on that."}
    code, out, _ = run(capsys, "timeline", "--store", str(sample_store), "Russian attacks on Ukraine's energy grid")
    assert code == 0 and out.startswith("Timeline: Russian attacks") and "Sources:" in out


# -- one-line errors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("argv", "message"), [
    (["timeline", ""], "the topic is empty"),
    (["timeline", "   "], "the topic is empty"),
    (["timeline"], "the topic is empty"),
    (["timeline", "--since", "2024-11-05", "--until", "2024-11-01", "Kursk"], "--since is after --until"),
    (["timeline", "--since", "last week-ish", "Kursk"], "--since: not a date"),
])
def test_bad_timeline_input_is_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.strip() == f"gazette: error: {err.split('error: ', 1)[1].strip()}" and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_anything_new_outside_a_conversation_is_a_plain_question(capsys, sample_store):
    code, out, err = run(capsys, "ask", "--store", str(sample_store), "--json", "anything new?")
    ans = json.loads(out)
    assert code == 0 and err == "" and "Nothing new since" not in ans["answer"]
    assert ans["searched_query"] == "anything new?"  # searched as it is, no earlier answer to follow
    # a plain question with no subject of its own: the archive's latest stories (gazette.briefing)
    assert not ans["abstained"] and ans["citations"]
    assert all(c["published"] >= "2024-12-13" for c in ans["citations"])


# -- chat ------------------------------------------------------------------------------------------------------


def test_chat_anything_new_first_is_plain_then_nothing_new_then_new_after_a_separate_ingest(tmp_path):
    early, later = split_sample(tmp_path, "2024-11-01")
    store = str(tmp_path / "store")
    assert gazette("ingest", "--store", store, str(early), cwd=tmp_path).returncode == 0
    session = f"anything new?\n{KURSK}\nanything new?\n"
    before = gazette("chat", "--store", store, cwd=tmp_path, stdin=session)
    assert before.returncode == 0, before.stderr
    answers = before.stdout.split("Q: ")[1:]
    assert "Nothing new since" not in answers[0]  # no earlier answer: a plain question
    assert "8,000" in answers[1] and "(sources as of 1 Nov 2024)" in answers[1]
    assert "Nothing new since 1 Nov 2024." in answers[2]

    added = gazette("ingest", "--store", store, str(later), "--json", cwd=tmp_path)
    assert added.returncode == 0 and json.loads(added.stdout)["articles_added"] > 0
    after = gazette("chat", "--store", store, "--as-of", "2024-11-02", cwd=tmp_path,
                    stdin=f"{KURSK}\nwhat changed?\n")
    # As of 2 November, the archive's later articles are not out yet: still nothing new.
    assert "Nothing new since 1 Nov 2024." in after.stdout.split("Q: ")[2]
    after = gazette("chat", "--store", store, "--as-of", "2024-11-05", cwd=tmp_path,
                    stdin=f"{KURSK}\nany update on that?\n")
    first, news = after.stdout.split("Q: ")[1:]
    assert "Sources differ: Baltic Wire (4 Nov 2024)" in first
    assert "New since 4 Nov 2024:" not in news and "Nothing new since 4 Nov 2024." in news


# -- before and after a separate ingest -------------------------------------------------------------------------


def test_sources_differ_and_the_timeline_after_a_separate_ingest(tmp_path):
    early, later = split_sample(tmp_path, "2024-11-01")
    store = str(tmp_path / "store")
    assert gazette("ingest", "--store", store, str(early), cwd=tmp_path).returncode == 0
    before = json.loads(gazette("ask", "--store", store, "--json", KURSK, cwd=tmp_path).stdout)
    timeline_before = json.loads(gazette("timeline", "--store", store, "--json", "North Korean troops in Russia",
                                         cwd=tmp_path).stdout)
    assert before["differs"] == [] and "Sources differ" not in before["answer"]  # one figure for Kursk so far
    assert max(line["date"] for line in timeline_before["lines"]) <= "2024-11-01"

    assert gazette("ingest", "--store", store, str(later), cwd=tmp_path).returncode == 0
    after = json.loads(gazette("ask", "--store", store, "--json", KURSK, cwd=tmp_path).stdout)
    timeline_after = json.loads(gazette("timeline", "--store", store, "--json", "North Korean troops in Russia",
                                        cwd=tmp_path).stdout)
    assert [v["value"] for v in after["differs"]] == ["11,000", "up to 8,000"]
    assert after["answer"].startswith(before["answer"])  # the answer itself is unchanged; the note is added
    new_lines = [line for line in timeline_after["lines"] if line["date"] > "2024-11-01"]
    assert {line["date"] for line in new_lines} >= {"2024-11-04", "2024-12-19"}
