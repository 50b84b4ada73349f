-- newsgraph schema, version 9: the pages about one entity or one place read an index in page order,
-- so they cost the same however large the store (and however often the entity is named).
-- Attributions keep their speaker's identity and events their actor's and target's (the identity of
-- the entity row they refer to), written with the row and kept equal to it by a trigger when a
-- linking pass changes an entity's identity. Place listings use the place name (case-insensitive)
-- or the country code, each indexed in listing order, in place of a substring scan.

ALTER TABLE attributions ADD COLUMN speaker_identity TEXT;
UPDATE attributions SET speaker_identity = (
    SELECT e.identity FROM entities e
    WHERE e.article_id = attributions.article_id AND e.entity_id = attributions.speaker_entity_id)
WHERE speaker_entity_id IS NOT NULL;
CREATE INDEX attributions_speaker_identity ON attributions(speaker_identity, pk);

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
CREATE INDEX events_place_listing ON events(place_name COLLATE NOCASE, sort_date, pk);

CREATE TRIGGER entities_identity_follow AFTER UPDATE OF identity ON entities
WHEN new.identity IS NOT old.identity BEGIN
    UPDATE attributions SET speaker_identity = new.identity
    WHERE article_id = new.article_id AND speaker_entity_id = new.entity_id;
    UPDATE events SET actor_identity = new.identity
    WHERE article_id = new.article_id AND actor_entity_id = new.entity_id;
    UPDATE events SET target_identity = new.identity
    WHERE article_id = new.article_id AND target_entity_id = new.entity_id;
END;

-- how many articles and first copies are stored, kept in store_meta by triggers on every write path,
-- so the articles page's total is one key lookup (COUNT(*) reads the whole table)
DELETE FROM store_meta WHERE key IN ('count_articles', 'count_first_copies');
INSERT INTO store_meta(key, value) SELECT 'count_articles', CAST(COUNT(*) AS TEXT) FROM articles;
INSERT INTO store_meta(key, value)
SELECT 'count_first_copies', CAST(COUNT(*) AS TEXT) FROM articles WHERE duplicate_of IS NULL;
CREATE TRIGGER articles_count_insert AFTER INSERT ON articles BEGIN
    UPDATE store_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
    WHERE key = 'count_articles' OR (key = 'count_first_copies' AND new.duplicate_of IS NULL);
END;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN
    UPDATE store_meta SET value = CAST(CAST(value AS INTEGER) - 1 AS TEXT)
    WHERE key = 'count_articles' OR (key = 'count_first_copies' AND old.duplicate_of IS NULL);
END;
CREATE TRIGGER articles_count_update AFTER UPDATE OF duplicate_of ON articles
WHEN (old.duplicate_of IS NULL) <> (new.duplicate_of IS NULL) BEGIN
    UPDATE store_meta SET value = CAST(CAST(value AS INTEGER) + CASE WHEN new.duplicate_of IS NULL THEN 1 ELSE -1 END AS TEXT)
    WHERE key = 'count_first_copies';
END;
