-- newsgraph schema, version 5: links know which articles they cover. store_meta keeps
-- 'articles_version' (bumped in the transaction of every batch adding new articles) and
-- 'links_version' (the articles_version the saved links were worked out from, set in the
-- transaction saving them); links are stale while the two differ, and the next ingest or
-- `newsgraph relink` repairs them. A store from before holding articles is marked stale once,
-- so links a killed run never saved are worked out again.

INSERT INTO store_meta(key, value)
SELECT 'articles_version', '1'
WHERE EXISTS (SELECT 1 FROM articles)
  AND NOT EXISTS (SELECT 1 FROM store_meta WHERE key = 'articles_version');
