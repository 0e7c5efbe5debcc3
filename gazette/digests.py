"""What a watch posts after an ingest run: the run's articles that match its topic, copies merged, capped, each
with the sentence that best answers the topic, verified like any citation.

Matching is a hybrid search restricted to the run's articles, with a relevance threshold (ranks alone cannot say
that nothing matches, so the two lists are not fused by rank as answers fuse them):

- dense: the cosine between the topic's embedding and each chunk's (the float16 copy the keyword index keeps);
- keyword: the share of the topic's terms each chunk and its headline hold, each term weighted by its inverse
  document frequency in the archive (so "Kursk" counts for more than "troops");
- an article's relevance is ``(1 - keyword_weight) * dense + keyword_weight * keyword`` of its best chunk's
  dense score and the mean keyword share of all its chunks (:func:`article_scores`): the embedding finds the
  passage that is about the topic, the mean says whether the topic is what the article is about (its headline
  counts in every chunk, and each chunk that names the topic adds to it) rather than a passing mention in one
  chunk;
- a section: an article that gives the topic sentences of their own (a roundup's item, a live page's entry)
  adds ``section_weight`` times :func:`section_score` of how many of its sentences hold at least half the
  topic's term weight, so that a story told in one section of a long roundup is not lost to the mean, while a
  passing mention (one sentence) adds little. It matches at ``threshold`` or above. The three numbers are
  settings, chosen on a labelled set (bench/watch/).

Only the run's articles are read (their chunks, through the keyword index's article index) and only the topic's
few terms are looked up in the archive's vocabulary, so a check costs what the run holds, whatever the archive's
size. Articles are read a batch at a time, so memory holds one batch whatever the run's size.

Copies: an exact copy of a stored article is stored once and lists every outlet it came from (the catalog's
places); near-identical texts (syndicated with a new intro, trimmed) are recognised by a sketch of their word
shingles (:func:`sketch`, :func:`similarity`): copies in one run are one line listing their outlets, and a copy of
an article the watch announced before is not announced again.

The rules that matter are pure functions with table tests: :func:`relevance`, :func:`article_scores`,
:func:`section_score`, :func:`index_terms`, :func:`posting_shares`, :func:`is_match`,
:func:`term_weights`, :func:`similarity`, :func:`merge_copies`, :func:`cap_lines`, :func:`new_for_watch` and
:func:`best_sentence`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
from pydantic import BaseModel, Field

from gazette.catalog import Catalog
from gazette.chunking import boilerplate, ends_as_sentence, split_sentences, unbulleted
from gazette.embeddings import Embedder
from gazette.injection import InstructionDetector, looks_injected
from gazette.keyword import KeywordIndex, query_terms
from gazette.models import Chunk
from gazette.settings import WatchSettings
from gazette.text import STOPWORDS, stem, words
from gazette.verify import Evidence, unsupported_facts
from gazette.watches import Watch, WatchStore

log = logging.getLogger(__name__)

SHINGLE_WORDS = 4
"""Words per shingle in a text's sketch."""
SKETCH_SAMPLE = 8
"""A sketch keeps the shingle hashes divisible by this (about one in eight): the same shingles in every text, so
two sketches compare as their texts do."""
COPY_SIMILARITY = 0.5
"""Two texts whose sketches share at least this share of the smaller one's shingles are copies of one story.
Syndicated copies with a new intro or a trimmed end share most of their shingles; two reports of one event by
different writers share almost none."""
CANDIDATE_BATCH = 1000
"""Articles read (and scored against every watch) at a time: memory holds one batch of chunks."""
QUOTE_CHUNKS = 2
"""The quote is taken from an article's best chunks, this many."""
QUOTE_MAX_CHARS = 400
"""A longer sentence is quoted only when no shorter one holds as much of the topic."""
RUNS_PER_CHECK = 50
"""Runs a watch processes in one check; a longer backlog is worked off over the next checks."""


# -- pure rules ------------------------------------------------------------------------------------------------


_Score = TypeVar("_Score", float, np.ndarray)


def relevance(dense: _Score, keyword: _Score, keyword_weight: float) -> _Score:
    """A relevance to a topic: a dense cosine and a weighted share of the topic's terms, mixed (pure; numbers or
    arrays of them). For an article: its best chunk's cosine and its chunks' mean share (:func:`article_scores`)."""
    return (1.0 - keyword_weight) * dense + keyword_weight * keyword


SECTION_SHARE = 0.5
"""A sentence is about the topic when it holds at least this share of the topic's term weight."""
SECTION_SENTENCES = 5
"""The count of such sentences at which :func:`section_score` is full: a section of its own."""


def section_score(sentences: _Score) -> _Score:
    """How much an article's sentences about the topic (:data:`SECTION_SHARE`) say it gives the topic a section of
    its own: their count over :data:`SECTION_SENTENCES`, at most 1 (pure; a number or an array of counts)."""
    return np.minimum(sentences, SECTION_SENTENCES) / SECTION_SENTENCES


def article_scores(article_of: np.ndarray, dense: np.ndarray, keyword: np.ndarray,
                   articles: int) -> tuple[np.ndarray, np.ndarray]:
    """Each article's two scores from its chunks' (``article_of[i]``: chunk i's article, 0 to ``articles - 1``):
    the best chunk's dense cosine, and the mean of its chunks' keyword shares, so that an article that only
    mentions the topic in one chunk of many scores low on terms. An article without chunks gets -inf and 0
    (pure)."""
    best = np.full(articles, -np.inf, dtype=np.float64)
    np.maximum.at(best, article_of, dense)
    total = np.zeros(articles, dtype=np.float64)
    np.add.at(total, article_of, keyword)
    count = np.bincount(article_of, minlength=articles)
    return best, total / np.maximum(count, 1)


def is_match(score: float, threshold: float) -> bool:
    """Whether an article of this relevance goes into a digest (pure)."""
    return score >= threshold


def term_weights(topic: str, postings: Callable[[Sequence[str]], Sequence[int]], chunks: int) -> dict[str, float]:
    """The topic's terms (stemmed as gazette.text stems them) with their inverse document frequency in an archive
    of ``chunks`` chunks, ``postings`` giving each word's chunk count (BM25's idf, always positive)."""
    raw = query_terms(topic)
    if not raw:
        return {}
    counts = postings(raw)
    out: dict[str, float] = {}
    for word, df in zip(raw, counts, strict=True):
        term = word if word[0].isdigit() else stem(word)
        idf = math.log(1.0 + (max(chunks, 0) - df + 0.5) / (df + 0.5)) if chunks > df else math.log(1.5)
        out[term] = max(out.get(term, 0.0), idf)
    return out


def keyword_share(weights: Mapping[str, float], found: Collection[str]) -> float:
    """The weighted share of a topic's terms that a text holds (pure)."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in found) / total if total else 0.0


def posting_shares(weights: Mapping[str, float], postings: Mapping[str, list[int]], n: int) -> np.ndarray:
    """:func:`keyword_share` of each of ``n`` texts at once, from which texts hold each term (pure)."""
    share = np.zeros(n, dtype=np.float32)
    total = sum(weights.values())
    for term, weight in weights.items():
        hit = postings.get(term)
        if hit:
            share[hit] += weight / total
    return share


@functools.lru_cache(maxsize=200_000)
def _stem(low: str) -> str:
    return stem(low)


def text_terms(text: str) -> set[str]:
    """The same terms as gazette.text.term_set (stemmed, stop words out, numbers kept), with the stemmer cached:
    a run's chunks repeat the same words many times."""
    out = set()
    for w in words(text):
        low = w.lower()
        if low in STOPWORDS:
            continue
        out.add(w if w[0].isdigit() else _stem(low))
    return out


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    """Hashes of the text's runs of ``size`` words (lower-cased, punctuation ignored) (pure)."""
    ws = [w.lower() for w in words(text)]
    if len(ws) < size:
        ws = ws + [""] * (size - len(ws)) if ws else []
    return {int.from_bytes(hashlib.blake2b(" ".join(ws[i:i + size]).encode(), digest_size=8).digest(), "big")
            for i in range(max(len(ws) - size + 1, 0))}


def sketch(text: str) -> list[int]:
    """A text's sketch: its shingle hashes divisible by SKETCH_SAMPLE, sorted; all of them for a text too short to
    leave at least eight (pure)."""
    hashes = shingle_hashes(text)
    kept = sorted(h for h in hashes if h % SKETCH_SAMPLE == 0)
    return kept if len(kept) >= 8 else sorted(hashes)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """How much of the smaller text the larger holds, from two sketches (0 to 1; pure). A sketch of all hashes
    is sampled like the other before they are compared."""
    sa, sb = set(a), set(b)
    sampled_a = {h for h in sa if h % SKETCH_SAMPLE == 0}
    sampled_b = {h for h in sb if h % SKETCH_SAMPLE == 0}
    if sa != sampled_a or sb != sampled_b:  # one of them kept every hash: compare both as sampled, if enough
        if len(sampled_a) >= 8 and len(sampled_b) >= 8:
            sa, sb = sampled_a, sampled_b
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def new_for_watch(run_doc_ids: Iterable[str], posted: Collection[str]) -> list[str]:
    """The articles of a run a watch has not announced yet, in the run's order, each once (pure)."""
    out: list[str] = []
    seen: set[str] = set()
    for doc_id in run_doc_ids:
        if doc_id not in posted and doc_id not in seen:
            seen.add(doc_id)
            out.append(doc_id)
    return out


@dataclass(frozen=True)
class Match:
    """One new article that matches a watch's topic."""

    doc_id: str
    score: float
    title: str
    url: str
    published: str | None
    outlets: tuple[str, ...]
    sketch: tuple[int, ...] = ()
    chunks: tuple[Chunk, ...] = ()
    """The article's best chunks, best first (the quote is taken from them)."""


def merge_copies(matches: Sequence[Match], threshold: float = COPY_SIMILARITY) -> list[list[Match]]:
    """Matches grouped into stories: an article joins the first group (best first) holding a copy of it. Each
    group's first member is its best-scoring one; groups are ordered by it (pure)."""
    groups: list[list[Match]] = []
    for m in sorted(matches, key=lambda m: (-m.score, m.doc_id)):
        for group in groups:
            if any(similarity(m.sketch, other.sketch) >= threshold for other in group):
                group.append(m)
                break
        else:
            groups.append([m])
    return groups


def copies_of_posted(matches: Sequence[Match], posted: Mapping[str, Sequence[int]],
                     threshold: float = COPY_SIMILARITY) -> set[str]:
    """The matches that copy an article the watch announced before (pure)."""
    return {m.doc_id for m in matches if any(similarity(m.sketch, s) >= threshold for s in posted.values())}


def cap_lines(lines: Sequence[DigestLine], most: int) -> tuple[list[DigestLine], int]:
    """The first ``most`` lines, and how many are left out ("and K more") (pure)."""
    return list(lines[:most]), max(len(lines) - most, 0)


def best_sentence(chunks: Sequence[Chunk], weights: Mapping[str, float],
                  instruction: Callable[[str], bool] = looks_injected) -> str:
    """The sentence of ``chunks`` (best first) that best answers the topic: the one holding the largest weighted
    share of its terms, shorter than QUOTE_MAX_CHARS if one holds as much, earlier on a tie, a heading or label
    without its full stop only when no sentence is left (:func:`~gazette.chunking.ends_as_sentence`); and verified as a
    citation is: every fact it states is in its chunk, and it is no instruction to a model (``instruction``: the
    patterns, or the answers' detector, which reads meaning too). '' when no sentence passes (pure with the
    patterns)."""
    candidates: list[tuple[bool, float, bool, int, int, str, Chunk]] = []
    for rank, chunk in enumerate(chunks):
        for pos, sentence in enumerate(split_sentences(chunk.text)):
            text = " ".join(unbulleted(sentence).split())
            if len(text.split()) < 4 or boilerplate(text):
                continue
            share = keyword_share(weights, text_terms(text))
            candidates.append((not ends_as_sentence(text), -share, len(text) > QUOTE_MAX_CHARS, rank, pos, text, chunk))
    for *_, text, chunk in sorted(candidates, key=lambda c: c[:5]):
        if instruction(text):
            continue
        if text in " ".join(chunk.text.split()) and not unsupported_facts(text, Evidence.of([chunk])):
            return text
    return ""


# -- digests ---------------------------------------------------------------------------------------------------


class DigestLine(BaseModel):
    """One story in a digest: an article (or several copies of it) with the sentence that answers the topic."""

    doc_ids: list[str] = Field(description="The article, then its copies.")
    title: str
    outlets: list[str] = Field(description="Every outlet the story came from, the article's own first.")
    published: str | None = Field(None, description="The article's own publication date (YYYY-MM-DD).")
    url: str = ""
    quote: str = Field("", description="The article's sentence that best answers the topic ('' when none passed "
                       "the citation check).")
    score: float = 0.0


class Digest(BaseModel):
    """What one watch posts after one ingest run."""

    watch_id: int
    topic: str
    outlet: str = ""
    run_id: int
    lines: list[DigestLine]
    more: int = Field(0, description="Stories that matched beyond the digest's limit (\"and K more\").")


@dataclass(frozen=True)
class Topic:
    vector: np.ndarray
    weights: dict[str, float]


@dataclass
class Batch:
    """A batch of a run's articles, read once and scored against every watch: their chunks' unit vectors (one
    matrix), which chunks hold each term, and each chunk's article (``article_of``: an index into ``doc_ids``, the
    articles that have chunks)."""

    doc_ids: list[str]
    chunks: list[Chunk]
    article_of: np.ndarray
    vectors: np.ndarray
    postings: dict[str, list[int]]
    outlets: dict[str, list[str]]
    # Each distinct sentence of an article's chunks (chunks overlap by one) and which terms it holds: the sections.
    sentence_article: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    sentence_postings: dict[str, list[int]] = field(default_factory=dict)
    # Each matched article's sketch, made once however many watches it matches (hashing its shingles is most of
    # a check's work).
    _sketches: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, keywords: KeywordIndex, catalog: Catalog, doc_ids: Sequence[str], embedder: Embedder) -> Batch:
        rows = keywords.chunks_with_vectors(doc_ids)
        order = {d: i for i, d in enumerate(doc_ids)}
        rows = [(c, v) for c, v in rows if c.doc_id in order]
        chunks = [c for c, _ in rows]
        missing = [i for i, (_, v) in enumerate(rows) if v is None]
        vectors = np.zeros((len(rows), embedder.dimensions), dtype=np.float32)
        for i, (_, v) in enumerate(rows):
            if v is not None and len(v) == embedder.dimensions:
                vectors[i] = v.astype(np.float32)
            elif v is not None:
                missing.append(i)
        if missing:  # a store whose vector copy is not filled yet: embed those chunks here
            fresh = embedder.embed_documents([chunks[i].embedding_text() for i in missing])
            norms = np.linalg.norm(fresh, axis=1, keepdims=True)
            vectors[missing] = fresh / np.where(norms > 0, norms, 1.0)
        postings, sentence_doc, sentence_postings = index_terms(chunks)
        have = {c.doc_id for c in chunks}
        present = [d for d in doc_ids if d in have]
        index = {d: i for i, d in enumerate(present)}
        return cls(present, chunks, np.asarray([index[c.doc_id] for c in chunks], dtype=np.int64), vectors,
                   postings, catalog.outlets(present), np.asarray([index[d] for d in sentence_doc], dtype=np.int64),
                   sentence_postings)

    def chunk_scores(self, topic: Topic) -> tuple[np.ndarray, np.ndarray]:
        """Each chunk's two scores for a topic: the dense cosine, and the weighted share of the topic's terms it
        (with its headline) holds."""
        return self.vectors @ topic.vector, posting_shares(topic.weights, self.postings, len(self.chunks))

    def section_sentences(self, topic: Topic) -> np.ndarray:
        """Each article's count of sentences that hold at least :data:`SECTION_SHARE` of the topic's term weight."""
        share = posting_shares(topic.weights, self.sentence_postings, len(self.sentence_article))
        about = self.sentence_article[share >= SECTION_SHARE - 1e-6]
        return np.bincount(about, minlength=len(self.doc_ids))

    def article_relevance(self, topic: Topic, settings: WatchSettings) -> tuple[np.ndarray, np.ndarray]:
        """Each article's relevance to the topic (the matcher's), and each chunk's (which ranks an article's chunks
        for the quote)."""
        dense, keyword = self.chunk_scores(topic)
        best_dense, mean_keyword = article_scores(self.article_of, dense, keyword, len(self.doc_ids))
        article_score = relevance(best_dense, mean_keyword, settings.keyword_weight) \
            + settings.section_weight * section_score(self.section_sentences(topic))
        return article_score, relevance(dense, keyword, settings.keyword_weight)

    def matches(self, topic: Topic, settings: WatchSettings, outlet: str = "",
                allowed: Collection[str] | None = None) -> list[Match]:
        """The articles of the batch (those in ``allowed``, of ``outlet`` if given) that match the topic."""
        if not self.chunks:
            return []
        article_score, chunk_score = self.article_relevance(topic, settings)
        out = []
        for article in np.flatnonzero(article_score >= settings.threshold):
            doc_id = self.doc_ids[int(article)]
            outlets = self.outlets.get(doc_id, [])
            if allowed is not None and doc_id not in allowed:
                continue
            if outlet and outlet.casefold() not in {o.casefold() for o in outlets}:
                continue
            hits = np.flatnonzero(self.article_of == article)
            ranked = sorted(hits.tolist(), key=lambda i: -float(chunk_score[i]))
            top = self.chunks[ranked[0]]
            shingles = self._sketches.get(doc_id)
            if shingles is None:
                text = " ".join(self.chunks[i].text for i in hits.tolist())
                shingles = self._sketches[doc_id] = tuple(sketch(text))
            out.append(Match(
                doc_id=doc_id, score=float(article_score[article]), title=top.title, url=top.url,
                published=top.published.isoformat() if top.published else None, outlets=tuple(outlets),
                sketch=shingles, chunks=tuple(self.chunks[i] for i in ranked[:QUOTE_CHUNKS]),
            ))
        return out


def index_terms(chunks: Sequence[Chunk]) -> tuple[dict[str, list[int]], list[str], dict[str, list[int]]]:
    """Which chunks hold each term (a chunk's headline counts as its own), and each distinct sentence of an
    article's chunks (chunks share a sentence with their neighbour: it is counted once), with the article it is of
    and which sentences hold each term (pure)."""
    postings: dict[str, list[int]] = {}
    titles: dict[str, set[str]] = {}
    seen: dict[str, set[str]] = {}  # each article's sentences so far
    sentence_doc: list[str] = []
    sentence_postings: dict[str, list[int]] = {}
    for i, c in enumerate(chunks):
        title = titles.get(c.doc_id)
        if title is None:
            title = titles[c.doc_id] = text_terms(c.title)
            seen[c.doc_id] = set()
        terms = set(title)
        for sentence in split_sentences(c.text):
            held = text_terms(sentence)
            terms |= held
            if sentence in seen[c.doc_id]:
                continue
            seen[c.doc_id].add(sentence)
            for term in held:
                sentence_postings.setdefault(term, []).append(len(sentence_doc))
            sentence_doc.append(c.doc_id)
        for term in terms:
            postings.setdefault(term, []).append(i)
    return postings, sentence_doc, sentence_postings


@dataclass
class Digester:
    """Plans the digests of a store's watches (the bot) or shows them without posting (`gazette watch check`)."""

    store: Path
    keywords: KeywordIndex
    embedder: Embedder
    settings: WatchSettings
    _topics: dict[str, Topic] = field(default_factory=dict)
    _detector: InstructionDetector | None = field(default=None, repr=False)

    def is_instruction(self, sentence: str) -> bool:
        """Whether a sentence is an instruction to a model, as answers judge it (patterns and meaning)."""
        if self._detector is None:
            self._detector = InstructionDetector(self.embedder)
        return bool(self._detector.instructions([sentence]))

    def topic(self, text: str) -> Topic:
        """The topic's embedding and term weights (kept for the next check: topics rarely change)."""
        found = self._topics.get(text)
        if found is None:
            vector = np.asarray(self.embedder.embed_query(text), dtype=np.float32)
            vector = vector / (np.linalg.norm(vector) or 1.0)
            found = Topic(vector, term_weights(text, self.keywords.postings, self.keywords.count()))
            if len(self._topics) > 10_000:
                self._topics.clear()
            self._topics[text] = found
        return found

    def _catalog(self) -> Catalog:
        # A connection of its own: the bot checks from a worker thread.
        return Catalog(self.store / "articles.sqlite", readonly=True)

    def check(self, watches: WatchStore | None, *, plan: bool, only: Collection[int] | None = None) -> list[Digest]:
        """For every active watch (or those in ``only``), the digest of each run it has not processed: planned
        into ``watches`` with ``plan`` (the bot: recorded as announced and pending delivery, the watch moved past
        the run), else only returned (a dry run, nothing written). Watches without a channel are planned too (they
        are moved past each run) but have nothing to deliver."""
        if watches is None:
            return []
        catalog = self._catalog()
        try:
            # Only watches that post somewhere are planned; one added on the command line without a channel is
            # shown by `gazette watch check` from the run it was added at, every time.
            active = [w for w in watches.watches() if w.active and (only is None or w.watch_id in only)
                      and (w.channel_id is not None or not plan)]
            latest = catalog.latest_run()
            for w in active:
                if w.after_run > latest:
                    # The catalog was rebuilt and numbers its runs afresh: start from its latest.
                    log.warning("watch %s had processed run %s, but the catalog's latest run is %s (was it "
                                "rebuilt?): it goes on from there", w.watch_id, w.after_run, latest)
                    if plan:
                        watches.skip_to(w.watch_id, latest)
            active = [w if w.after_run <= latest else _moved(w, latest) for w in active]
            if not active:
                return []
            first = min(w.after_run for w in active)
            runs = catalog.runs_after(first, RUNS_PER_CHECK)
            posted = {w.watch_id: watches.posted(w.watch_id) for w in active}
            digests: list[Digest] = []
            for run in runs:
                these = [w for w in active if w.after_run < run.run_id]
                if not these:
                    continue
                run_ids = catalog.run_doc_ids(run.run_id)
                made = self._run(catalog, these, run.run_id, run_ids, posted)
                for w in these:
                    digest, posts = made[w.watch_id]
                    if plan:
                        watches.plan(w.watch_id, run.run_id, digest.model_dump_json() if digest else None,
                                     [(d, json.dumps(list(s))) for d, s in posts])
                    posted[w.watch_id].update((d, json.dumps(list(s))) for d, s in posts)
                    if digest is not None:
                        digests.append(digest)
                active = [_moved(w, run.run_id) if w in these else w for w in active]
            return digests
        finally:
            catalog.close()

    def _run(self, catalog: Catalog, watches: Sequence[Watch], run_id: int, run_doc_ids: Sequence[str],
             posted: Mapping[int, Mapping[str, str]]) -> dict[int, tuple[Digest | None, list[tuple[str, tuple[int, ...]]]]]:
        """Each watch's digest of one run, and the articles it announces (doc_id, sketch)."""
        new = {w.watch_id: set(new_for_watch(run_doc_ids, posted[w.watch_id])) for w in watches}
        wanted = [d for d in dict.fromkeys(run_doc_ids) if any(d in n for n in new.values())]
        found: dict[int, list[Match]] = {w.watch_id: [] for w in watches}
        topics = {w.watch_id: self.topic(w.topic) for w in watches}
        for start in range(0, len(wanted), CANDIDATE_BATCH):
            batch = Batch.read(self.keywords, catalog, wanted[start:start + CANDIDATE_BATCH], self.embedder)
            for w in watches:
                found[w.watch_id] += batch.matches(topics[w.watch_id], self.settings, w.outlet, new[w.watch_id])
        out: dict[int, tuple[Digest | None, list[tuple[str, tuple[int, ...]]]]] = {}
        for w in watches:
            matches = found[w.watch_id]
            before = {d: tuple(json.loads(s or "[]")) for d, s in posted[w.watch_id].items()}
            repeats = copies_of_posted(matches, before) if before and matches else set()
            groups = merge_copies([m for m in matches if m.doc_id not in repeats])
            lines, more = cap_lines([self._line(g) for g in groups], self.settings.max_articles)
            weights = topics[w.watch_id].weights
            shown = [line.model_copy(update={"quote": best_sentence(g[0].chunks, weights, self.is_instruction)})
                     for line, g in zip(lines, groups, strict=False)]
            digest = Digest(watch_id=w.watch_id, topic=w.topic, outlet=w.outlet, run_id=run_id, lines=shown,
                            more=more) if shown else None
            out[w.watch_id] = (digest, [(m.doc_id, m.sketch) for m in matches])
        return out

    @staticmethod
    def _line(group: Sequence[Match]) -> DigestLine:
        head = group[0]
        outlets: list[str] = []
        for m in group:
            outlets += [o for o in m.outlets if o not in outlets]
        return DigestLine(doc_ids=[m.doc_id for m in group], title=head.title, outlets=outlets,
                          published=head.published, url=head.url, score=round(head.score, 4))


def _moved(watch: Watch, run_id: int) -> Watch:
    from dataclasses import replace

    return replace(watch, after_run=run_id)
