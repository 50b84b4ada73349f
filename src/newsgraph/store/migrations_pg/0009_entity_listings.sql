-- newsgraph PostgreSQL schema, version 9 (as migrations/0009_entity_listings.sql): attributions keep
-- their speaker's identity and events their actor's and target's, kept equal to the entity rows by a
-- trigger; entity, place and country listings read an index in page order; the speaker filter
-- matches words of the speaker's name through an index (speaker_fts) in place of a substring scan.

ALTER TABLE attributions ADD COLUMN speaker_identity TEXT;
UPDATE attributions SET speaker_identity = (
    SELECT e.identity FROM entities e
    WHERE e.article_id = attributions.article_id AND e.entity_id = attributions.speaker_entity_id)
WHERE speaker_entity_id IS NOT NULL;
CREATE INDEX attributions_speaker_identity ON attributions(speaker_identity, pk);
ALTER TABLE attributions ADD COLUMN speaker_fts TSVECTOR GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(speaker_text, '') || ' ' || coalesce(speaker_resolved, ''))) STORED;
CREATE INDEX attributions_speaker_fts ON attributions USING GIN (speaker_fts);

ALTER TABLE events ADD COLUMN actor_identity TEXT;
ALTER TABLE events ADD COLUMN target_identity TEXT;
UPDATE events SET
    actor_identity = (SELECT e.identity FROM entities e
                      WHERE e.article_id = events.article_id AND e.entity_id = events.actor_entity_id),
    target_identity = (SELECT e.identity FROM entities e
                       WHERE e.article_id = events.article_id AND e.entity_id = events.target_entity_id)
WHERE actor_entity_id IS NOT NULL OR target_entity_id IS NOT NULL;
CREATE INDEX events_actor_identity ON events(actor_identity, sort_date, pk);
CREATE INDEX events_target_identity ON events(target_identity, sort_date, pk);

DROP INDEX events_country;
CREATE INDEX events_country_listing ON events(place_country, sort_date, pk);
CREATE INDEX events_place_listing ON events(lower(place_name), sort_date, pk);

CREATE FUNCTION entities_identity_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE attributions SET speaker_identity = NEW.identity
    WHERE article_id = NEW.article_id AND speaker_entity_id = NEW.entity_id;
    UPDATE events SET actor_identity = NEW.identity
    WHERE article_id = NEW.article_id AND actor_entity_id = NEW.entity_id;
    UPDATE events SET target_identity = NEW.identity
    WHERE article_id = NEW.article_id AND target_entity_id = NEW.entity_id;
    RETURN NULL;
END $$;
CREATE TRIGGER entities_identity_follow AFTER UPDATE OF identity ON entities
FOR EACH ROW WHEN (NEW.identity IS DISTINCT FROM OLD.identity) EXECUTE FUNCTION entities_identity_follow();

-- how many articles and first copies are stored, kept in store_meta by (statement) triggers on every
-- write path, COPY included, so the articles page's total is one key lookup
DELETE FROM store_meta WHERE key IN ('count_articles', 'count_first_copies');
INSERT INTO store_meta(key, value) SELECT 'count_articles', CAST(COUNT(*) AS TEXT) FROM articles;
INSERT INTO store_meta(key, value)
SELECT 'count_first_copies', CAST(COUNT(*) AS TEXT) FROM articles WHERE duplicate_of IS NULL;
CREATE FUNCTION articles_count_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d_all BIGINT := 0;
    d_first BIGINT := 0;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT d_all + COUNT(*), d_first + COUNT(*) FILTER (WHERE duplicate_of IS NULL)
        INTO d_all, d_first FROM new_rows;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT d_all - COUNT(*), d_first - COUNT(*) FILTER (WHERE duplicate_of IS NULL)
        INTO d_all, d_first FROM old_rows;
    END IF;
    UPDATE store_meta SET value = CAST(CAST(value AS BIGINT)
        + CASE WHEN key = 'count_articles' THEN d_all ELSE d_first END AS TEXT)
    WHERE key IN ('count_articles', 'count_first_copies');
    RETURN NULL;
END $$;
CREATE TRIGGER articles_count_insert AFTER INSERT ON articles REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION articles_count_follow();
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION articles_count_follow();
CREATE TRIGGER articles_count_update AFTER UPDATE ON articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION articles_count_follow();
