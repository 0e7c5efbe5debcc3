"""Articles -> chunks -> embeddings -> archive, idempotently.

- An article whose fingerprint matches the catalog is left alone (nothing embedded).
- A new or changed article is chunked and embedded; its old chunks leave the index.
- An exact copy of a stored article's text (same body under another URL or outlet) is stored once: the copy
  only adds a *place* (where it was read) to the article it copies.
- ``prune(source)`` removes the places a complete source no longer lists, and articles left with no place.

Writes follow one protocol so that a crash at any moment is finished by the next writer (see
ingest/index.py): first the catalog records the intent in one transaction (article rows marked not indexed,
chunk ids that must go listed as stale), then the index is changed, then the rows are marked indexed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from gazette.catalog import Catalog, Place
from gazette.chunking import chunk_article
from gazette.embeddings import Embedder
from gazette.models import Article, Chunk, FailedSource, IngestSummary
from gazette.redact import Redactor
from gazette.store import Archive
from ingest.index import apply_stale, write_chunks
from ingest.limits import MAX_ARTICLE_CHARS
from ingest.sanitize import clean_article, clean_failure

log = logging.getLogger(__name__)

ItemsProgress = Callable[[int, IngestSummary], None]
"""Called as (items read, running summary)."""
"""Called after each article with the number of articles seen so far and the running summary."""


def storable(article: Article) -> Article:
    """The article as it may be stored: control characters and lone surrogates out (see ingest.sanitize; pure).

    JSON may escape a lone surrogate ("\\ud800") and a page declared as UTF-7 may decode to one; such text cannot be
    hashed, stored in SQLite or embedded, and one record like that used to abort the whole ingest run.
    """
    return clean_article(article)


def article_refusal(article: Article, max_chars: int) -> str | None:
    """Why an article is not stored (too long), or None (pure)."""
    if len(article.text) > max_chars:
        return (f"refused: the article has {len(article.text):,} characters, more than ingest.max_article_chars "
                f"({max_chars:,}; GAZETTE_INGEST__MAX_ARTICLE_CHARS)")
    return None


@dataclass
class _Pending:
    article: Article
    chunks: list[Chunk]
    old_chunk_ids: list[str]
    is_new: bool


@dataclass
class Ingestor:
    archive: Archive
    embedder: Embedder
    max_tokens: int = 250
    batch_chunks: int = 256
    summary: IngestSummary = field(default_factory=IngestSummary)
    source: str = ""
    """The named source now being read ('' for plain paths and URLs): places are recorded under it."""
    max_article_chars: int = MAX_ARTICLE_CHARS
    redactor: Redactor | None = None
    """Gazette's own secrets (gazette.redact) are replaced in what is stored, whatever a source holds."""
    run_id: int | None = None
    """The catalog's number for this ingest run: the articles added or changed are recorded under it (for watches)."""
    seen_places: dict[str, set[str]] = field(default_factory=dict)
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _pending_text: dict[str, str] = field(default_factory=dict)
    _place_ops: dict[tuple[str, str], Place] = field(default_factory=dict)
    _owner: dict[str, str] = field(default_factory=dict)
    _seen: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def catalog(self) -> Catalog:
        return self.archive.catalog

    # -- deciding --------------------------------------------------------------------------------------
    def take(self, item: Article | FailedSource) -> FailedSource | None:
        """Store an article or record a failure, as a reader yielded it; the failure recorded, if any.

        Every reader's items come through here: articles are cleaned (ingest.sanitize) and held to the length cap,
        failures get one-line labels, whichever reader made them.
        """
        if isinstance(item, FailedSource):
            if self.redactor is not None:
                item = item.model_copy(update={"source": self.redactor.exact(item.source),
                                               "reason": self.redactor.exact(item.reason)})
            return self.fail(item)
        article = storable(item)
        if self.redactor is not None:
            article = article.model_copy(update={
                name: self.redactor.exact(getattr(article, name))
                for name in ("title", "text", "outlet", "url", "author", "source")})
        why = article_refusal(article, self.max_article_chars)
        if why:
            return self.fail(FailedSource(source=article.source or article.doc_id, reason=why))
        self.add(article)
        return None

    def add(self, article: Article) -> None:
        article = storable(article)
        place = article.doc_id
        self.seen_places.setdefault(self.source, set()).add(place)
        seen = self._seen.get(place)
        if seen is not None and (seen[0] == article.fingerprint or seen[1] != self.source):
            # Met already in this run. Listed by another source too: the first source read decides what the
            # article says (else two sources that describe it differently would rewrite it on every run);
            # only this source's place is new.
            self._record_place(place, self._owner_of(place) or place, article)
            self.summary.articles_unchanged += 1
            return
        self._seen[place] = (article.fingerprint, self.source)
        current = self._owner_of(place)
        owner = self._text_owner(article.text_hash)
        if owner is not None and owner != place:
            # The same text is stored under another place: remember where this copy was read, embed nothing.
            self._drop_pending(place)
            self._record_place(place, owner, article)
            if current == owner:
                self.summary.articles_unchanged += 1
            else:
                self.summary.articles_duplicate += 1
            return
        entry = self.catalog.entry(place)
        if entry is not None and entry.fingerprint == article.fingerprint and entry.indexed:
            self._drop_pending(place)  # an earlier copy in this run differed; this one matches the archive
            self._record_place(place, place, article)
            self.summary.articles_unchanged += 1
            return
        chunks = chunk_article(article, self.max_tokens, self.embedder.count_tokens)
        if not chunks:
            self.fail(FailedSource(source=article.source or article.doc_id, reason="article has no text"))
            return
        # A doc_id met twice in one run: the later copy replaces the earlier, still pending, one.
        self._drop_pending(place)
        self._pending[place] = _Pending(article, chunks, entry.chunk_ids if entry else [], is_new=entry is None)
        self._pending_text[article.text_hash] = place
        self._record_place(place, place, article)
        if sum(len(p.chunks) for p in self._pending.values()) >= self.batch_chunks:
            self.flush()

    def fail(self, failure: FailedSource) -> FailedSource:
        failure = clean_failure(failure)
        self.summary.failed.append(failure)
        return failure

    def _drop_pending(self, place: str) -> None:
        old = self._pending.pop(place, None)
        if old is not None and self._pending_text.get(old.article.text_hash) == place:
            del self._pending_text[old.article.text_hash]

    def _owner_of(self, place: str) -> str | None:
        return self._owner.get(place) or self.catalog.place_owner(place)

    def _text_owner(self, text_hash: str) -> str | None:
        """The article (stored or pending) that has this text, if any."""
        doc = self._pending_text.get(text_hash)
        if doc is not None:
            return doc
        doc = self.catalog.doc_with_text(text_hash)
        if doc is not None and doc in self._pending and self._pending[doc].article.text_hash != text_hash:
            return None  # that article's text is being replaced in this run
        return doc

    def _record_place(self, place: str, doc: str, article: Article) -> None:
        new = Place(place, self.source, doc, article.url, article.outlet)
        self._owner[place] = doc
        # Every place row of this place follows it to its new article.
        for key, op in list(self._place_ops.items()):
            if key[0] == place and op.doc_id != doc:
                self._place_ops[key] = Place(op.place_id, op.source, doc, op.url, op.outlet)
        if self.catalog.place(place, self.source) == new:
            if self.catalog.place_owner(place) == doc:
                self._place_ops.pop((place, self.source), None)
                return
        self._place_ops[(place, self.source)] = new

    # -- writing ---------------------------------------------------------------------------------------
    def flush(self) -> None:
        pending, ops = list(self._pending.values()), list(self._place_ops.values())
        self._pending, self._pending_text, self._place_ops, self._owner = {}, {}, {}, {}
        if not pending and not ops:
            return
        catalog = self.catalog
        pending_ids = {p.article.doc_id for p in pending}
        with catalog.transaction():
            for p in pending:
                ids = [c.chunk_id for c in p.chunks]
                catalog.put(p.article, ids, indexed=False)
                catalog.add_stale(sorted(set(p.old_chunk_ids) - set(ids)))
                catalog.discard_stale(ids)
            if self.run_id is not None:
                catalog.record_run_articles(self.run_id, [(p.article.doc_id, "added" if p.is_new else "updated")
                                                          for p in pending])
            losing: set[str] = set()
            for op in ops:
                previous = catalog.place_owner(op.place_id)
                catalog.set_place(op)
                if previous is not None and previous != op.doc_id:
                    losing.add(previous)
            removed = sum(self._remove_if_unplaced(doc) for doc in sorted(losing - pending_ids))
        self.summary.articles_removed += removed
        write_chunks(self.archive, self.embedder, [(p.article.doc_id, p.chunks) for p in pending])
        for p in pending:
            if p.is_new:
                self.summary.articles_added += 1
            else:
                self.summary.articles_updated += 1
        self.summary.chunks_embedded += sum(len(p.chunks) for p in pending)

    def _remove_if_unplaced(self, doc_id: str) -> int:
        """Inside a transaction: delete an article no place points to (its chunks become stale)."""
        if self.catalog.place_count(doc_id):
            return 0
        entry = self.catalog.entry(doc_id)
        if entry is None:
            return 0
        self.catalog.add_stale(entry.chunk_ids)
        self.catalog.delete(doc_id)
        return 1

    def prune(self, source: str) -> int:
        """Forget the places of ``source`` not read in this run; delete articles left with none."""
        self.flush()
        gone = sorted(self.catalog.places_of_source(source) - self.seen_places.get(source, set()))
        if not gone:
            return 0
        with self.catalog.transaction():
            docs = set()
            for place_id in gone:
                place = self.catalog.place(place_id, source)
                if place is not None:
                    docs.add(place.doc_id)
                self.catalog.delete_place(place_id, source)
            removed = sum(self._remove_if_unplaced(doc) for doc in sorted(docs))
            moved = [m for doc in sorted(docs) if (m := self._rehome(doc)) is not None]
            if self.run_id is not None:
                self.catalog.record_run_articles(self.run_id, [(doc_id, "updated") for doc_id, _ in moved])
        apply_stale(self.archive)
        if moved:
            write_chunks(self.archive, self.embedder, moved)
            self.summary.articles_updated += len(moved)
            self.summary.chunks_embedded += sum(len(cs) for _, cs in moved)
        self.summary.articles_removed += removed
        return removed

    def _rehome(self, doc_id: str) -> tuple[str, list[Chunk]] | None:
        """Inside a transaction: move an article whose own place is gone to one of the places it still has.

        A story stored once for two places is kept under the first place read (its id, URL and outlet). When
        that place is pruned and the other remains, answers went on citing the removed URL; the article now
        takes the remaining place's id, URL and outlet, and its old chunks become stale. Returns the chunks to
        embed (the row is written not indexed, so a crash before they are embedded is finished by the next run).
        """
        if self.catalog.place_owner(doc_id) == doc_id:
            return None
        places = self.catalog.places(doc_id)
        article, entry = self.catalog.get(doc_id), self.catalog.entry(doc_id)
        if not places or article is None or entry is None:
            return None
        home = places[0]
        moved = article.model_copy(update={"doc_id": home.place_id, "url": home.url,
                                           "outlet": home.outlet or article.outlet})
        chunks = chunk_article(moved, self.max_tokens, self.embedder.count_tokens)
        self.catalog.add_stale(entry.chunk_ids)
        self.catalog.delete(doc_id)
        self.catalog.put(moved, [c.chunk_id for c in chunks], indexed=False)
        self.catalog.discard_stale([c.chunk_id for c in chunks])
        for place in places:
            self.catalog.set_place(Place(place.place_id, place.source, home.place_id, place.url, place.outlet))
        return moved.doc_id, chunks


def ingest_items(
    archive: Archive,
    embedder: Embedder,
    items: Iterable[Article | FailedSource],
    *,
    max_tokens: int = 250,
    batch_chunks: int = 256,
    progress: ItemsProgress | None = None,
    max_article_chars: int = MAX_ARTICLE_CHARS,
) -> IngestSummary:
    """Ingest articles (failures are only recorded) and return the counts."""
    ingestor = Ingestor(archive, embedder, max_tokens=max_tokens, batch_chunks=batch_chunks,
                        max_article_chars=max_article_chars)
    seen = 0
    for item in items:
        ingestor.take(item)
        seen += 1
        if progress:
            progress(seen, ingestor.summary)
    ingestor.flush()
    if progress:
        progress(seen, ingestor.summary)
    return ingestor.summary
