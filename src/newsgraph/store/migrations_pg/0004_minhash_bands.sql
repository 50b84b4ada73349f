-- newsgraph schema, version 4: the near-duplicate LSH buckets of every stored signature, so
-- candidates come from an index lookup instead of an in-memory index of the whole store
-- (which grew by ~10 KB an article). Each signature has one (band, bucket) row per LSH band.

CREATE TABLE minhash_bands (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES minhashes(article_id) ON DELETE CASCADE,
    band INTEGER NOT NULL,
    bucket BIGINT NOT NULL
);
CREATE INDEX minhash_bands_key ON minhash_bands(band, bucket);
CREATE INDEX minhash_bands_article ON minhash_bands(article_id);
