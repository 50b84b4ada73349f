-- newsgraph schema, version 11: what checking a claim reads of each article, worked out when it is stored.
-- claim_readings keeps one row per article: its sentences with their keywords, its content words, its
-- stance words and its attributions' keywords and stances (link/claimcheck/features.Body, as compact JSON),
-- and made_with, the fingerprint of the word lists that went into it (a row made with other lists is read
-- again from the article). GET /api/claims and `newsgraph claim` read these rows for the articles the
-- full-text search ranks first, in one query, instead of every record. The rows of articles stored before
-- are written by the store in this migration's transaction (SQLStore.refresh_claim_readings).

CREATE TABLE claim_readings (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    made_with TEXT NOT NULL,
    reading TEXT NOT NULL
);
