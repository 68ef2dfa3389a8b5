"""Exact and near duplicates: MinHash signatures (datasketch), LSH bands kept in DuckDB.

Each original article's MinHash signature is cut into `BANDS` bands of `ROWS` values;
each band is hashed to one 64-bit key and stored in the `minhash_bands` table. A new
article is a duplicate candidate of every stored article that shares a band key with it;
candidates are then checked with the exact Jaccard similarity of the two texts' word
shingles, and linked when it reaches `NEAR_DUPLICATE_JACCARD`.

Why a band table in DuckDB and not datasketch's in-memory `MinHashLSH`: the in-memory
index holds every signature and band in Python objects (several KB per article, so
gigabytes for millions of articles) and would have to be rebuilt from the store at every
start. The band table costs `BANDS` rows of (BIGINT, VARCHAR) per original article on
disk, nothing in memory, survives restarts as it is, and one join per batch finds the
candidates. Articles of batches not yet written (in flight in the workers) are kept in a
small in-memory `pending` map, bounded by the number of batches in flight.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
from datasketch import MinHash

from detente.store import Store
from detente.types import Article

LOGGER = logging.getLogger(__name__)

# MinHash permutations: datasketch's default (128); the estimate's standard error is
# about 1/sqrt(128) ≈ 0.09, which is why candidates are verified exactly.
NUM_PERM = 128
# 16 bands of 8 rows (16 × 8 = NUM_PERM). The chance that a pair with Jaccard s becomes a
# candidate is 1 - (1 - s^8)^16: 0.95 at s = 0.8, 0.61 at s = 0.7, 0.0006 at s = 0.3, so
# nearly every pair above the threshold is found while unrelated stories almost never are.
BANDS = 16
ROWS = 8
# Word 3-grams: a changed word alters at most 3 shingles, so a 250-word wire story with a
# handful of edits keeps a Jaccard above 0.85 (shingle size as in Broder 1997, on words).
SHINGLE_WORDS = 3
# Jaccard of word shingles at or above which two texts are the same story, lightly
# edited (the 0.8 used for near-duplicate news in the MinHash literature, e.g. Broder 1997
# and the datasketch documentation's examples).
NEAR_DUPLICATE_JACCARD = 0.8
# Texts with fewer words than this are not deduplicated: a headline-sized text shares
# most of its shingles with any other on the same topic.
MIN_WORDS = 12
# A fixed seed, so signatures (and band keys) are the same in every run and process.
SEED = 1

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The text's word k-grams, case-folded and with punctuation dropped."""
    words = _words(text)
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def normalised(text: str) -> str:
    """The text with case and whitespace differences removed, for exact-duplicate checks."""
    return " ".join(text.casefold().split())


def band_keys(shingle_set: set[str]) -> list[int]:
    """The `BANDS` LSH keys (signed 64-bit) of a shingle set's MinHash signature."""
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    values = np.asarray(mh.hashvalues, dtype=np.uint64)
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """`article_id` repeats `duplicate_of` (an original, coded article)."""

    article_id: str
    duplicate_of: str
    similarity: float
    kind: str  # "exact" or "near"


@dataclass(slots=True)
class _Signed:
    article: Article
    shingles: set[str]
    keys: list[int]


@dataclass(slots=True)
class BatchPlan:
    """What to do with one batch: which articles to code, which to link."""

    originals: list[Article] = field(default_factory=list)
    duplicates: list[tuple[Article, DuplicateLink]] = field(default_factory=list)
    # Band keys of the originals, to store once they are written.
    bands: dict[str, list[int]] = field(default_factory=dict)


_LINK_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("duplicate_of", pa.string()),
        ("similarity", pa.float64()),
        ("kind", pa.string()),
    ]
)
_BAND_SCHEMA = pa.schema([("band_key", pa.int64()), ("article_id", pa.string())])
_KEY_SCHEMA = pa.schema([("band_key", pa.int64())])


class Deduper:
    """Sorts each batch into originals (to code) and duplicates (to link)."""

    def __init__(self, store: Store, *, threshold: float = NEAR_DUPLICATE_JACCARD) -> None:
        self.store = store
        self.threshold = threshold
        # Band key -> originals of batches planned but not yet written (bounded by the
        # batches in flight; `release` empties it as batches are committed).
        self._pending: dict[int, list[_Signed]] = {}
        self._pending_by_id: dict[str, _Signed] = {}

    # -- planning ----------------------------------------------------------------------

    def plan(self, articles: Iterable[Article]) -> BatchPlan:
        """Classify articles (none of them stored yet) in input order."""
        plan = BatchPlan()
        signed: list[_Signed] = []
        for article in articles:
            sh = shingles(article.text)
            keys = band_keys(sh) if len(_words(article.text)) >= MIN_WORDS else []
            signed.append(_Signed(article, sh, keys))
        stored = self._stored_candidates([k for s in signed for k in s.keys])
        texts = self._stored_texts({aid for ids in stored.values() for aid in ids})
        for item in signed:
            link = self._match(item, stored, texts) if item.keys else None
            if link is None:
                plan.originals.append(item.article)
                if item.keys:
                    plan.bands[item.article.id] = item.keys
                    self._hold(item)
            else:
                plan.duplicates.append((item.article, link))
        return plan

    def _match(
        self,
        item: _Signed,
        stored: dict[int, set[str]],
        texts: dict[str, tuple[str, set[str]]],
    ) -> DuplicateLink | None:
        candidates: dict[str, tuple[str, set[str]]] = {}
        for key in item.keys:
            for aid in stored.get(key, ()):
                if aid in texts:
                    candidates.setdefault(aid, texts[aid])
            for other in self._pending.get(key, ()):
                candidates.setdefault(other.article.id, (other.article.text, other.shingles))
        best: DuplicateLink | None = None
        best_text = ""
        for aid, (text, other_shingles) in candidates.items():
            if aid == item.article.id:
                continue
            sim = jaccard(item.shingles, other_shingles)
            if sim >= self.threshold and (best is None or sim > best.similarity):
                best = DuplicateLink(item.article.id, aid, round(sim, 4), "near")
                best_text = text
        if best is not None and normalised(best_text) == normalised(item.article.text):
            best = DuplicateLink(best.article_id, best.duplicate_of, 1.0, "exact")
        return best

    def _hold(self, item: _Signed) -> None:
        self._pending_by_id[item.article.id] = item
        for key in item.keys:
            self._pending.setdefault(key, []).append(item)

    def release(self, plan: BatchPlan) -> None:
        """Forget a written batch's originals: from now on the store finds them."""
        for aid, keys in plan.bands.items():
            item = self._pending_by_id.pop(aid, None)
            for key in keys:
                held = self._pending.get(key)
                if not held:
                    continue
                held[:] = [h for h in held if h is not item]
                if not held:
                    del self._pending[key]

    # -- store lookups -----------------------------------------------------------------

    def _stored_candidates(self, keys: list[int]) -> dict[int, set[str]]:
        if not keys:
            return {}
        table = pa.Table.from_pylist([{"band_key": k} for k in set(keys)], schema=_KEY_SCHEMA)
        cur = self.store.cursor()
        try:
            cur.register("_detente_probe_keys", table)
            rows = cur.execute(
                "SELECT b.band_key, b.article_id FROM minhash_bands b "
                "JOIN _detente_probe_keys k ON b.band_key = k.band_key"
            ).fetchall()
            cur.unregister("_detente_probe_keys")
        finally:
            cur.close()
        out: dict[int, set[str]] = {}
        for key, aid in rows:
            out.setdefault(int(key), set()).add(aid)
        return out

    def _stored_texts(self, ids: set[str]) -> dict[str, tuple[str, set[str]]]:
        """Text and shingles of the stored candidates (few: only LSH band matches)."""
        if not ids:
            return {}
        cur = self.store.cursor()
        try:
            rows = cur.execute(
                "SELECT id, text FROM articles WHERE list_contains(?::VARCHAR[], id)", [list(ids)]
            ).fetchall()
        finally:
            cur.close()
        return {aid: (text, shingles(text)) for aid, text in rows}


def write_links(cur: duckdb.DuckDBPyConnection, plan: BatchPlan, stored_ids: set[str]) -> int:
    """Inside the batch's transaction: duplicate links, their event mentions, band keys.

    `stored_ids` are the originals actually written (an original that failed to code is
    not, so its band keys are not stored). Returns the number of mentions added.
    """
    added = 0
    if plan.duplicates:
        links = pa.Table.from_pylist(
            [
                {
                    "article_id": link.article_id,
                    "duplicate_of": link.duplicate_of,
                    "similarity": link.similarity,
                    "kind": link.kind,
                }
                for _, link in plan.duplicates
            ],
            schema=_LINK_SCHEMA,
        )
        cur.register("_detente_batch_links", links)
        try:
            cur.execute(
                "INSERT OR IGNORE INTO duplicates BY NAME SELECT * FROM _detente_batch_links"
            )
            # Events of the original gain the duplicate as one more mention, not new events.
            cur.execute(
                "INSERT OR IGNORE INTO event_mentions "
                'SELECT m.event_id, l.article_id, m.sentence_index, m.start, m."end", '
                "'duplicate', l.similarity FROM event_mentions m "
                "JOIN _detente_batch_links l ON m.article_id = l.duplicate_of "
                "WHERE m.kind = 'coded'"
            )
            row = cur.fetchone()
            added = int(row[0]) if row else 0
        finally:
            cur.unregister("_detente_batch_links")
    bands = [
        {"band_key": key, "article_id": aid}
        for aid, keys in plan.bands.items()
        if aid in stored_ids
        for key in keys
    ]
    if bands:
        cur.register("_detente_batch_bands", pa.Table.from_pylist(bands, schema=_BAND_SCHEMA))
        try:
            cur.execute("INSERT INTO minhash_bands SELECT * FROM _detente_batch_bands")
        finally:
            cur.unregister("_detente_batch_bands")
    return added
