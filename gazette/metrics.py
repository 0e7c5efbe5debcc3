"""Answer metrics as the benchmark defines them (SQuAD normalisation, EM/F1, recall@k, MRR). Pure functions."""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence

from gazette.lexicon import contains_phrase

_PUNCT = set(string.punctuation) | {"“", "”", "‘", "’", "—", "–", "…"}


def normalize_answer(text: str) -> str:
    """Lower-case, drop punctuation (curly quotes too) and currency signs ("€50,000" holds "50,000", as "$649"
    holds "649"), articles and extra white space."""
    text = "".join(" " if ch in _PUNCT or unicodedata.category(ch) == "Sc" else ch for ch in text.lower())
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def exact_match(prediction: str, truth: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(truth))


def token_f1(prediction: str, truth: str) -> float:
    pred, gold = normalize_answer(prediction).split(), normalize_answer(truth).split()
    common = Counter(pred) & Counter(gold)
    same = sum(common.values())
    if not pred or not gold:
        return float(pred == gold)
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def contains_answer(text: str, answer: str) -> bool:
    """Whether the normalised answer occurs in the normalised text, on word boundaries."""
    return contains_phrase(normalize_answer(text), normalize_answer(answer))


def first_hit_rank(texts: Sequence[str], answer: str) -> int | None:
    """1-based rank of the first text containing the answer, None if none does."""
    for rank, text in enumerate(texts, start=1):
        if contains_answer(text, answer):
            return rank
    return None


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def mrr_at(ranks: Sequence[int | None], k: int = 10) -> float:
    return sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0
