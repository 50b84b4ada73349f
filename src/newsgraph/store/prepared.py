"""What storing an article needs that does not depend on the store: its rows, signature and buckets.

``prepare`` turns an Article into a :class:`Prepared`: the articles row (without the two values
the store decides, ``duplicate_of`` and ``added_at``), the rows of every detail table, the MinHash
signature and its LSH buckets. Both ingest paths store through it: the local path prepares on the
driver, a Dask worker prepares beside its analysis (``to_json``/``from_json`` carry it in the
partition file), so the driver only decides near-duplicates and bulk-loads the rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from newsgraph.link import dedup
from newsgraph.model import Article
from newsgraph.store.lean import pack_article
from newsgraph.store.rows import ARTICLES, article_detail_rows

FORMAT = 2  # bumped when the prepared rows change shape: a partition prepared otherwise is prepared again
ARTICLE_COLUMNS = tuple(c for c in ARTICLES.columns if c not in ("duplicate_of", "added_at"))
_PUBLISHED = ARTICLE_COLUMNS.index("published")


@dataclass(frozen=True)
class Prepared:
    id: str
    given_first: str | None  # the article's own duplicate_of, as analysed
    article: tuple  # ARTICLE_COLUMNS values
    details: tuple[tuple[str, tuple[str, ...], list[tuple]], ...]  # (table, columns, rows), in insertion order
    signature: dedup.Signature | None
    bands: tuple[tuple[int, int], ...]

    @property
    def day(self) -> str | None:
        """The publication day its MinHash bands are stored with (None: undated)."""
        return dedup.publication_day(self.article[_PUBLISHED])

    def article_values(self, duplicate_of: str | None, added_at: str) -> tuple:
        """The full articles row, in ``ARTICLES.columns`` order."""
        row = dict(zip(ARTICLE_COLUMNS, self.article), duplicate_of=duplicate_of, added_at=added_at)
        return tuple(row[c] for c in ARTICLES.columns)

    def to_json(self) -> tuple[str, bytes | None]:
        """The prepared rows as JSON text, and the signature's hash values (None without words)."""
        sig = self.signature
        body = {"format": FORMAT, "id": self.id, "given_first": self.given_first, "article": list(self.article),
                "details": [[t, list(cols), [list(r) for r in rows]] for t, cols, rows in self.details],
                "shingles": sig.shingle_count if sig else None, "bands": [list(b) for b in self.bands]}
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")), (sig.to_bytes() if sig else None)

    @classmethod
    def from_json(cls, body: str, hashvalues: bytes | None) -> Prepared | None:
        """The prepared rows back; None when they were prepared in another format (prepare again)."""
        d = json.loads(body)
        if d.get("format") != FORMAT:
            return None
        sig = dedup.Signature.from_bytes(hashvalues, d["shingles"]) if hashvalues is not None else None
        return cls(d["id"], d["given_first"], tuple(d["article"]),
                   tuple((t, tuple(cols), [tuple(r) for r in rows]) for t, cols, rows in d["details"]),
                   sig, tuple(tuple(b) for b in d["bands"]))  # type: ignore[misc]


def prepare(article: Article) -> Prepared:
    row = {"id": article.id, "source_file": article.source_file, "headline": article.headline,
           "outlet": article.outlet, "url": article.url, "published": article.published, "text": article.text,
           "record": pack_article(article)}
    details = tuple((table.name, table.columns, [table.values(r) for r in rows])
                    for table, rows in article_detail_rows(article))
    sig = dedup.signature(article.text)
    bands = tuple(dedup.band_keys(sig)) if sig is not None else ()
    return Prepared(article.id, article.duplicate_of, tuple(row[c] for c in ARTICLE_COLUMNS), details, sig, bands)


def signature_row(p: Prepared) -> tuple[Any, ...] | None:
    """The minhashes row of a prepared article (None without a signature)."""
    if p.signature is None:
        return None
    return (p.id, dedup.NUM_PERM, dedup.SEED, dedup.SCHEME, p.signature.shingle_count, p.signature.to_bytes())


def band_rows(p: Prepared) -> list[tuple[Any, ...]]:
    """The minhash_bands rows of a prepared article: one (article_id, band, bucket, day) per LSH band."""
    day = p.day
    return [(p.id, band, bucket, day) for band, bucket in p.bands]
