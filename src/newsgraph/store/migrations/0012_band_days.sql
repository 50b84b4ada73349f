-- newsgraph schema, version 12: each MinHash band row carries its article's publication day
-- (YYYY-MM-DD, NULL when undated), so a new article's near-duplicate candidates are read from the
-- days within dedup.DUPLICATE_WINDOW_DAYS of its own (and the undated ones), not from every date:
-- the lookup no longer grows with the archive. The rows stored before get their day, and the bucket
-- index is made again on (band, bucket, day), by the store in this migration's transaction
-- (BulkWrites._fill_band_days, run right after this script: the day is read as Prepared.day reads it).

ALTER TABLE minhash_bands ADD COLUMN day TEXT;
DROP INDEX minhash_bands_key;
