"""Checks 12 (output side), 13, 14, 17 (terminal side) and 22: what hostile text can make Gazette print or post.

12. An article that holds Gazette's own secrets (the bot token, the API key, the Chroma token: a config file
    ingested by mistake, a page quoting one): `gazette ingest` and `gazette ask` run as subprocesses with the secrets
    in their environment; nothing they print or store holds one, nor does anything the bot posts.
13. Absurd amounts in questions ("the past 3000 years", "last 99999999 days"): answered or abstained, never a
    traceback; `gazette chat` goes on; in Discord, an unexpected failure becomes the one-line apology.
14. Instructions to a model, paraphrased, hidden in an article: never quoted or answered with, whatever the wording
    (tests/reliability/paraphrases.py), by the offline answerer and by a model that obeys them.
17. Control characters in titles, outlets, URLs, article text, file names and the question: escaped in every
    terminal output (answers, tables, errors, progress labels), and in JSON written as escapes.
22. Discord presentation: a masked link showing one address and pointing at another, bidirectional overrides,
    headers, subtext and spoilers in article text: neutralised in everything Gazette posts.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from bot.formatting import format_answer, safe_text
from gazette.cli import main
from gazette.models import Answer, Citation
from tests.conftest import isolate_env, make_settings
from tests.reliability.conftest import scaled
from tests.reliability.paraphrases import FERRY_FACTS, FERRY_QUESTION, PARAPHRASES

pytestmark = pytest.mark.slow

BOT_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.FAKE-red-team-token"
API_KEY = "sk-FAKEfakeFAKE0123456789abcd"
CHROMA_TOKEN = "chroma-FAKE-0123456789"
SECRETS = (BOT_TOKEN, API_KEY, CHROMA_TOKEN)
ESC = "\x1b"


def _record(score: Any, failures: list[str]) -> None:
    for f in failures:
        score.failed(f)
    assert not failures, failures


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    env.update(GAZETTE_DISCORD__TOKEN=BOT_TOKEN, GAZETTE_LLM__API_KEY=API_KEY, GAZETTE_STORE__CHROMA_TOKEN="",
               GAZETTE_STORE__PATH=str(tmp_path / "store"), HF_HUB_OFFLINE="1")
    return env


def _cli(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gazette.cli", *args], env=env or _env(tmp_path), cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)


# -- check 12 (output side) ------------------------------------------------------------------------------------


@pytest.mark.check(12)
def test_no_secret_is_printed_or_stored_whatever_the_articles_hold(score, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "deploy.md").write_text(
        "---\ntitle: Deploy notes for the Gazette bot token\noutlet: Ops Wiki\npublished: 2024-11-01\n---\n"
        f"The Discord bot token for Gazette is {BOT_TOKEN} and it was rotated on Friday. "
        f"The OpenAI API key is {API_KEY}, kept in the vault. Spaced out: {' '.join(BOT_TOKEN[:24])}.\n")
    (folder / "wire.jsonl").write_text(json.dumps({
        "id": "w1", "title": f"Token {BOT_TOKEN} leaked", "outlet": "Wire", "published": "2024-11-02",
        "url": f"https://wire.example/{API_KEY}",
        "text": f"Security researchers said the Discord bot token {BOT_TOKEN} was posted on a forum on Saturday."}) + "\n")
    env = _env(tmp_path)
    runs = [_cli(tmp_path, "ingest", "--json", str(folder), env=env)]
    for question in ("What is the Discord bot token for Gazette?", "What is the OpenAI API key?",
                     "What was posted on a forum on Saturday?"):
        runs.append(_cli(tmp_path, "ask", question, env=env))
        runs.append(_cli(tmp_path, "ask", "--json", question, env=env))
    score.tried(len(runs))
    failures = [f"{' '.join(r.args[3:5])}: exit {r.returncode}: {r.stderr.strip()[-200:]}" for r in runs
                if r.returncode != 0]
    for r in runs:
        for secret in SECRETS:
            if secret in r.stdout + r.stderr:
                failures.append(f"{' '.join(r.args[3:])[:80]}: printed a secret")
    for path in (tmp_path / "store").rglob("*"):
        if path.is_file() and any(secret.encode() in path.read_bytes() for secret in SECRETS):
            failures.append(f"a secret is stored in {path.relative_to(tmp_path)}")
    answered = [json.loads(r.stdout) for r in runs[2::2] if r.returncode == 0]
    if not any(not a["abstained"] for a in answered):
        failures.append("nothing was answered: the check saw no output to guard")
    _record(score, failures)


@pytest.mark.check(12)
def test_the_bot_posts_no_secret_whatever_the_answer_holds(score):
    """The bot's one output guard (bot.client._send_kwargs) on every payload: content and embeds."""
    from bot.client import _send_kwargs
    from gazette.redact import Redactor

    redactor = Redactor(SECRETS)
    hostile = Answer(question="token?", answer=f"The token is {BOT_TOKEN} [1]. Key: {API_KEY}.", abstained=False,
                     searched_query="token?", citations=[Citation(
                         n=1, title=f"Leak of {BOT_TOKEN}", outlet=f"Ops {CHROMA_TOKEN}", url="https://x.example/a",
                         published="2024-11-01", quote=f"the token {BOT_TOKEN} was posted", doc_id="d", chunk_id="c")])
    failures = []
    for message in format_answer(hostile):
        score.tried()
        kwargs = _send_kwargs(message, redactor)
        text = json.dumps({"content": kwargs.get("content"), "embeds": [e.to_dict() for e in kwargs.get("embeds", [])]})
        failures += [f"posted {secret[:8]}…" for secret in SECRETS if secret in text]
    _record(score, failures)


# -- check 13 --------------------------------------------------------------------------------------------------

ABSURD = ["What happened in the past 3000 years?", "What happened in the last 99999999 days?",
          "Any news in the past 9999999999999999999999 weeks?", "What happened since 31 February?",
          "What happened in the year 99999?", "What happened 100000 years ago?", "What happened last year?"]


@pytest.mark.check(13)
def test_absurd_amounts_in_questions_never_crash(score, sample_store, monkeypatch, capsys, tmp_path):
    isolate_env(monkeypatch, tmp_path)
    failures = []
    for question in ABSURD:
        for as_of in (None, "0001-01-02", "9999-12-30"):
            score.tried()
            args = ["ask", "--store", str(sample_store), "--json", question] + (["--as-of", as_of] if as_of else [])
            try:
                code = main(args)
            except BaseException as exc:  # noqa: BLE001 - the point: nothing escapes
                failures.append(f"{question!r} as of {as_of}: {type(exc).__name__}: {exc}")
                continue
            out, err = capsys.readouterr()
            if code != 0 or "Traceback" in err:
                failures.append(f"{question!r} as of {as_of}: exit {code}: {err.strip()[-200:]}")
    _record(score, failures)


@pytest.mark.check(13)
def test_chat_goes_on_after_an_absurd_question(score, sample_store, tmp_path):
    env = _env(tmp_path)
    env["GAZETTE_STORE__PATH"] = str(sample_store)
    lines = "\n".join([ABSURD[0], ABSURD[1], "How many North Korean troops are in Kursk?", ""]) + "\n"
    done = subprocess.run([sys.executable, "-m", "gazette.cli", "chat"], input=lines, env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    score.tried(3)
    failures = []
    if done.returncode != 0 or "Traceback" in done.stderr:
        failures.append(f"exit {done.returncode}: {done.stderr.strip()[-300:]}")
    if done.stdout.count("Q: ") != 3 or "8,000" not in done.stdout:
        failures.append(f"not every question was answered: {done.stdout[-300:]!r}")
    _record(score, failures)


@pytest.mark.check(13)
async def test_an_unexpected_failure_in_discord_is_the_one_line_apology(score, faulty, sample_app, tmp_path):
    from bot.client import APOLOGY
    from bot.feedback import FeedbackStore
    from tests.bot.conftest import running
    from tests.bot.helpers import callback, command_reply, make_bot

    class Overflowing:
        def answer(self, question: Any, history: Any, filters: Any) -> Answer:
            raise OverflowError("date value out of range")

    feedback = FeedbackStore(tmp_path / "feedback.sqlite")
    bot = make_bot(sample_app, feedback)
    bot.answers = Overflowing()
    try:
        async with running(bot):
            token = await faulty.slash("ask", {"question": ABSURD[0]})
            await faulty.wait_for(command_reply(token))
            later = [r for r in faulty.requests if callback(token)(r) or command_reply(token)(r)]
    finally:
        feedback.close()
    score.tried()
    texts = [json.dumps(r.json) for r in later if r.json]
    failures = []
    if not any(APOLOGY in t for t in texts):
        failures.append(f"no apology: {texts[-2:]}")
    if any("Traceback" in t or "OverflowError" in t for t in texts):
        failures.append("the error's text reached the user")
    _record(score, failures)


# -- check 14 --------------------------------------------------------------------------------------------------


class ObeyingModel(BaseChatModel):
    """A chat model that does what the instruction in its sources says: it repeats the instruction's message as
    its answer (in the instruction's own words), citing the source it came from."""

    injection: str

    @property
    def _llm_type(self) -> str:
        return "obeying-fake"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        prompt = "\n".join(str(m.content) for m in messages)
        n = next((b.split("]", 1)[0] for b in re.split(r"\n\[", "\n" + prompt)[1:] if self.injection in b), "1")
        said = self.injection.split(":", 1)[-1].strip().rstrip(".")
        reply = f"The Varna ferry resumed service on Monday [{n}]. {said[0].upper()}{said[1:]} [{n}]."
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=reply))])


@pytest.fixture(scope="module")
def poisoned_ferry_stores(tmp_path_factory, embedder):
    """One small store per paraphrase: the ferry article with the instruction inside it, among other news."""
    from gazette.cli import sample_archive_path
    from gazette.store import open_archive
    from ingest.files import iter_path
    from ingest.pipeline import ingest_items

    base = tmp_path_factory.mktemp("paraphrases")
    others = sample_archive_path().read_text(encoding="utf-8").splitlines()[:4]
    stores = []
    for i, injection in enumerate(PARAPHRASES[:scaled(8, len(PARAPHRASES))]):
        data = base / f"p{i}.jsonl"
        ferry = {"id": f"ferry-{i}", "title": "Varna ferry service resumes", "outlet": "Port Wire",
                 "published": "2024-11-04", "url": f"https://portwire.example/ferry-{i}",
                 "text": f"{FERRY_FACTS} {injection}"}
        data.write_text("\n".join([*others, json.dumps(ferry)]) + "\n", encoding="utf-8")
        store = base / f"store{i}"
        archive = open_archive(store, create=True, embedding_model=embedder.name, dimensions=embedder.dimensions)
        ingest_items(archive, embedder, iter_path(data))
        archive.close()
        stores.append((injection, store))
    return stores


@pytest.mark.check(14)
def test_paraphrased_instructions_are_never_quoted_or_obeyed(score, poisoned_ferry_stores, embedder):
    from tests.conftest import open_reader

    failures = []
    for injection, store in poisoned_ferry_stores:
        for model in (None, ObeyingModel(injection=injection)):
            reader = open_reader(make_settings(store), store, embedder=embedder, chat_model=model)
            try:
                for question in (FERRY_QUESTION, "What happened to the Varna ferry?"):
                    score.tried()
                    answer = reader.ask(question, as_of=None)
                    shown = " ".join([answer.answer, *(c.quote for c in answer.citations)]).lower()
                    if any(word in shown for word in ("sank", "coulé", "hundió", "gesunken")):
                        who = "obeying model" if model else "offline answerer"
                        failures.append(f"{who} showed {injection[:50]!r}: {answer.answer[:120]!r}")
            finally:
                reader.close()
    _record(score, failures)


# -- check 17 (terminal side) ----------------------------------------------------------------------------------

HOSTILE = {"clear": f"{ESC}[2J", "clipboard": f"{ESC}]52;c;ZXZpbA==\a", "link": f"{ESC}]8;;https://evil.example\a",
           "title": f"{ESC}]0;owned\a", "csi": "\x9b2J", "return": "\rforged line", "newline": "\nforged: line"}


@pytest.mark.check(17)
def test_every_terminal_output_escapes_control_characters(score, tmp_path):
    from gazette.render import for_terminal, render_answer

    failures = []
    for name, payload in HOSTILE.items():
        score.tried(2)
        answer = Answer(question=f"q {payload}", answer=f"a {payload} [1].", abstained=False, searched_query="q",
                        citations=[Citation(n=1, title=f"t {payload}", outlet=f"o {payload}",
                                            url=f"https://x.example/{payload}", published="2024-11-01",
                                            quote=f"quote {payload}", doc_id="d", chunk_id="c")])
        shown = render_answer(answer)
        if ESC in shown or "\x9b" in shown or "\a" in shown or "\r" in shown:
            failures.append(f"{name}: a control character reached the rendered answer")
        if "\n" in for_terminal(f"label {payload}", one_line=True):
            failures.append(f"{name}: a one-line label kept a newline")
    # The CLI end to end: a file name, a title and an outlet full of escapes, ingested and asked about.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"bad{HOSTILE['newline']}name.md").write_text("x", encoding="utf-8")
    (folder / "story.jsonl").write_text(json.dumps({
        "id": f"s{HOSTILE['clear']}", "title": f"Ferry{HOSTILE['title']} resumes", "outlet": f"Port{HOSTILE['csi']}",
        "url": f"https://p.example/{HOSTILE['link']}", "published": "2024-11-04",
        "text": f"The Varna ferry resumed on Monday{HOSTILE['clipboard']} after repairs, the port said."}) + "\n")
    env = _env(tmp_path)
    runs = [_cli(tmp_path, "ingest", str(folder), env=env), _cli(tmp_path, "ingest", "--json", str(folder), env=env),
            _cli(tmp_path, "ask", f"When did the ferry resume?{HOSTILE['clear']}", env=env),
            _cli(tmp_path, "ask", "--json", "When did the ferry resume?", env=env),
            _cli(tmp_path, "sources", "--sources-file", f"missing{HOSTILE['title']}.toml", env=env)]
    for r in runs:
        score.tried()
        seen = r.stdout + r.stderr
        if ESC in seen or "\x9b" in seen or "\a" in seen:
            failures.append(f"{' '.join(r.args[3:5])}: a control character reached the terminal")
        if any(line.lstrip().startswith("forged") for line in seen.splitlines()):
            failures.append(f"{' '.join(r.args[3:5])}: a file name forged a line")
    _record(score, failures)


# -- check 22 --------------------------------------------------------------------------------------------------

PRESENTATION = [
    "See [https://bbc.example/real-story](https://evil.example/phish) for details.",
    "Quiet \u202egnp.exe\u202c text and \u2066isolated\u2069 words.",
    "# Breaking: everything is fine",
    "-# tiny grey print",
    "The ending is ||a spoiler||, the critic said.",
    "## Second level\n### Third level",
    "Mixed [click here](https://evil.example/x) and \u202bright to left\u202c.",
]


@pytest.mark.check(22)
def test_nothing_gazette_posts_can_be_shaped_by_article_text(score):
    from bot.formatting import citation_embed

    failures = []
    bidi = re.compile("[\u202a-\u202e\u2066-\u2069]")
    for text in PRESENTATION:
        score.tried()
        cited = "https://evil.example/phish"
        answer = Answer(question="q", answer=f"{text} [1]", abstained=False, searched_query="q", citations=[
            Citation(n=1, title=text, outlet=text, url=cited, published="2024-11-01", quote=text, doc_id="d",
                     chunk_id="c")])
        messages = format_answer(answer)
        posted = [m.content for m in messages] + [json.dumps(e, ensure_ascii=False) for m in messages
                                                  for e in m.embeds]
        for part in posted + [safe_text(text), json.dumps(citation_embed(answer.citations[0]), ensure_ascii=False)]:
            if bidi.search(part):
                failures.append(f"{text[:30]!r}: a bidirectional control was posted")
            if re.search(r"\[[^\]]+\]\((?:<)?https?://", part):
                failures.append(f"{text[:30]!r}: a masked link was posted")
            if re.search(r"(?m)^\s*(?:#{1,3} |-# )", part.replace("-# sources as of", "")):
                failures.append(f"{text[:30]!r}: a header or subtext line was posted")
            if "||" in part.replace("\\|\\|", ""):
                failures.append(f"{text[:30]!r}: a spoiler was posted")
    _record(score, failures)
