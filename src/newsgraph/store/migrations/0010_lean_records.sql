-- newsgraph schema, version 10: each article's text is kept once. articles.text is the one copy
-- (the full-text index refers to it); articles.record no longer repeats the row's columns (id, source
-- file, headline, outlet, url, published, duplicate_of, text), keeps paragraphs as [start, end] in
-- the text and drops the text of every span that is text[start:end]; a story's timeline keeps an entry
-- that repeats a stored quote as [article_id, attribution_id]. Records read back are the same records
-- (store/lean.py). The rows stored before are rewritten by the store in this migration's transaction
-- (SQLStore._rewrite_lean, run right after this script); store_meta says which format records have.

INSERT INTO store_meta(key, value) VALUES ('record_format', 'lean')
ON CONFLICT (key) DO UPDATE SET value = excluded.value;
