-- newsgraph schema, version 6: every listing is read in the order of an index, so a page costs
-- the same however large the store. Listings leave out duplicates (duplicate_of IS NULL, nearly
-- every row): the index on duplicate_of now holds only the duplicates, so the planner can no
-- longer take it for that filter (and sort the whole store), and the listing indexes hold only
-- the first copies, in the order pages are served. Events keep their listing date (the event's
-- own date, else its article's), so they can be served in date order without joining first.

DROP INDEX articles_duplicate_of;
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_listing ON articles(COALESCE(published, ''), pk) WHERE duplicate_of IS NULL;
CREATE INDEX articles_outlet_listing ON articles(outlet COLLATE NOCASE, COALESCE(published, ''), pk)
    WHERE duplicate_of IS NULL;

ALTER TABLE events ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
UPDATE events SET sort_date = COALESCE(date, (SELECT a.published FROM articles a WHERE a.id = events.article_id), '');
CREATE INDEX events_listing ON events(sort_date, pk);
CREATE INDEX events_type_listing ON events(type, sort_date, pk);

CREATE INDEX stories_listing ON stories(articles DESC, pk);

CREATE INDEX attributions_anonymous ON attributions(anonymous, pk);
