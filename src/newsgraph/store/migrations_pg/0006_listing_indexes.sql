-- newsgraph PostgreSQL schema, version 6 (as migrations/0006_listing_indexes.sql): listings read
-- in the order of an index; the duplicate_of index holds only duplicates; events keep their
-- listing date (the event's own date, else its article's).

DROP INDEX articles_duplicate_of;
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_listing ON articles((COALESCE(published, '')), pk) WHERE duplicate_of IS NULL;
CREATE INDEX articles_outlet_listing ON articles(lower(outlet), (COALESCE(published, '')), pk)
    WHERE duplicate_of IS NULL;

ALTER TABLE events ADD COLUMN sort_date TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE events SET sort_date = COALESCE(date, (SELECT a.published FROM articles a WHERE a.id = events.article_id), '');
CREATE INDEX events_listing ON events(sort_date, pk);
CREATE INDEX events_type_listing ON events(type, sort_date, pk);

CREATE INDEX stories_listing ON stories(articles DESC, pk);

CREATE INDEX attributions_anonymous ON attributions(anonymous, pk);
