"""The generative path with an "oracle" chat model: does Gazette keep a capable model's correctly dated claims, and
drop its wrongly dated ones?

For each answerable question of the natural set, the question is searched and asked as usual, through the
generative answerer and its LCEL chain, but the chat model is a deterministic fake that answers as a capable model
would: it finds the sentence of the numbered sources that holds an accepted answer, and states it with its
explicit date ("On 29 October 2024, ..."; the date the sentence speaks of, resolved from "on Tuesday" etc., else
the article's date), citing its source. The date is written in one of four ways, in turn: "29 October 2024",
"October 29, 2024", "in October 2024", "in 2024". Then the same answers are asked again with the year or the
month changed (in turn): Gazette's checks must drop those. With ``--name-source`` the oracle also names the source
as the prompt gives it ("According to Northern Courier, on 29 October 2024, ..."), as models often do.

    python bench/natural/oracle_eval.py --store ~/natural-store [--split test] [--out result.json] [--name-source]

Reported: correct dated answers kept (the answer is not an abstention and holds an accepted form), wrongly dated
ones dropped (the answer abstains, or no longer carries the wrong date), and the questions where the sources held
no sentence with the answer (retrieval misses: the oracle abstains there, and they count in neither share).
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gazette.chunking import split_sentences  # noqa: E402
from gazette.metrics import contains_answer  # noqa: E402
from gazette.models import ABSTAIN_TEXT  # noqa: E402
from gazette.newsdates import text_dates  # noqa: E402

STYLES = ("day-month-year", "month-day-year", "month-year", "year")
_BLOCK = re.compile(r"^\[(\d+)\] (.*) \((.*), (\d{4}-\d\d-\d\d|date unknown)\)$", re.M)


def written(day: date, style: str) -> str:
    month = calendar.month_name[day.month]
    return {
        "day-month-year": f"On {day.day} {month} {day.year}",
        "month-day-year": f"On {month} {day.day}, {day.year}",
        "month-year": f"In {month} {day.year}",
        "year": f"In {day.year}",
    }[style]


def wrong(day: date, style: str, n: int) -> date:
    """The same date with its year changed (even n) or its month (odd n; a year-only style changes the year)."""
    if n % 2 == 0 or style == "year":
        return day.replace(year=day.year - 1 if day.year > 1900 else day.year + 1)
    month = day.month % 12 + 1
    return date(day.year, month, min(day.day, calendar.monthrange(day.year, month)[1]))


def sources_of(prompt: str) -> list[tuple[int, date | None, str, str]]:
    """(number, publication date, text, outlet) of each numbered source in an answer prompt."""
    found = []
    marks = list(_BLOCK.finditer(prompt))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else prompt.find("\nQuestion:", m.end())
        text = prompt[m.end():end if end > 0 else None].strip()
        published = date.fromisoformat(m.group(4)) if m.group(4) != "date unknown" else None
        found.append((int(m.group(1)), published, text, m.group(3)))
    return found


def oracle_reply(prompt: str, accepted: list[str], style: str, shift: int | None, name_source: bool = False) -> str:
    """The capable model's answer: the source sentence holding the answer, stated with its explicit date (and the
    source as the prompt names it, with ``name_source``)."""
    for n, published, text, outlet in sources_of(prompt):
        for sentence in split_sentences(text):
            if not any(contains_answer(sentence, form) for form in accepted):
                continue
            days = [d for d in text_dates(sentence, published) if d.grain == "day" and not d.yearless]
            event = days[0].first if days else published
            if event is None:
                continue
            if shift is not None:
                event = wrong(event, style, shift)
            body = sentence.strip().rstrip(".")
            when = written(event, style)
            if name_source and outlet != "unknown outlet":
                return f"According to {outlet}, {when[0].lower()}{when[1:]}, {body} [{n}]."
            return f"{when}, {body} [{n}]."
    return ABSTAIN_TEXT


class OracleChatModel(BaseChatModel):
    """Answers each question as set in ``plan`` (question text -> accepted forms, date style, wrong-date shift)."""

    plan: dict[str, tuple[list[str], str, int | None]]
    name_source: bool = False

    @property
    def _llm_type(self) -> str:
        return "oracle-fake"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        prompt = "\n".join(str(m.content) for m in messages)
        question = prompt.rsplit("Question:", 1)[-1].strip()
        accepted, style, shift = self.plan[question]
        reply = oracle_reply(prompt, accepted, style, shift, self.name_source)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=reply))])


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--store", required=True)
    p.add_argument("--questions", default=str(Path(__file__).with_name("questions.jsonl")))
    p.add_argument("--split", default=None, help="dev or test (default: both)")
    p.add_argument("--out", help="write the results as JSON")
    p.add_argument("--name-source", action="store_true", help="the oracle names the source it cites")
    args = p.parse_args(argv)

    from gazette.answering import ask, plan_search
    from gazette.app import App
    from gazette.evaluation import load_questions
    from gazette.followups import rewrite
    from gazette.generative import GenerativeAnswerer
    from gazette.prompts import load_prompt
    from gazette.settings import get_settings

    questions = [q for q in load_questions(Path(args.questions), split=args.split) if q.answerable and q.answer]
    reader = App(get_settings(), store=Path(args.store).expanduser()).open_reader()
    model = OracleChatModel(plan={}, name_source=args.name_source)
    answerer = GenerativeAnswerer(model, load_prompt("answer"))
    tally = {"questions": len(questions), "oracle_answered": 0, "kept": 0, "dropped": 0, "by_style": {}}
    misses: list[str] = []
    try:
        for i, q in enumerate(questions):
            style = STYLES[i % len(STYLES)]
            outcome = []
            for shift in (None, i):
                model.plan.clear()
                # The answer prompt asks the standalone question (a follow-up rewritten by the rule-based method).
                plan = plan_search(q.question, q.history, None, q.as_of, rewrite, reader.retriever.recency_policy,
                                   *_outlets(reader))
                model.plan[plan.query] = (q.accepted or [q.answer], style, shift)
                answer = ask(q.question, reader.retriever, answerer, history=q.history, as_of=q.as_of)
                outcome.append(answer)
            right, mutated = outcome
            probe = oracle_probe(reader, q, style, plan.query)
            if not probe:
                misses.append(q.qid)
                continue
            tally["oracle_answered"] += 1
            kept = not right.abstained and any(contains_answer(right.answer, f) for f in q.accepted or [q.answer])
            dropped = mutated.abstained
            tally["kept"] += kept
            tally["dropped"] += dropped
            s = tally["by_style"].setdefault(style, {"n": 0, "kept": 0, "dropped": 0})
            s["n"] += 1
            s["kept"] += kept
            s["dropped"] += dropped
            if not kept or not dropped:
                print(f"{q.qid} [{style}] kept={kept} dropped={dropped}\n  right: {right.answer[:200]}\n"
                      f"  wrong: {mutated.answer[:200]}", file=sys.stderr)
    finally:
        reader.close()
    n = tally["oracle_answered"] or 1
    tally["kept_share"] = round(tally["kept"] / n, 4)
    tally["dropped_share"] = round(tally["dropped"] / n, 4)
    tally["retrieval_misses"] = misses
    print(json.dumps(tally, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(tally, indent=2) + "\n", encoding="utf-8")
    return 0


def oracle_probe(reader: Any, q: Any, style: str, query: str) -> bool:
    """Whether the oracle had a sentence to state: the sources of the prompt held an accepted answer."""
    from gazette.answering import plan_search, run_search
    from gazette.followups import rewrite
    from gazette.prompts import prompt_sources

    plan = plan_search(q.question, q.history, None, q.as_of, rewrite, reader.retriever.recency_policy,
                       *_outlets(reader))
    hits = run_search(reader.retriever, plan)
    return oracle_reply(prompt_sources(hits), q.accepted or [q.answer], style, None) != ABSTAIN_TEXT


def _outlets(reader: Any) -> list[list[str]]:
    """The archive's outlets for plan_search, as ask() reads them (none with code that predates them)."""
    return [reader.retriever.outlets()] if hasattr(reader.retriever, "outlets") else []


if __name__ == "__main__":
    sys.exit(main())
