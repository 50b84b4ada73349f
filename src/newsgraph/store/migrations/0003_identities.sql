-- newsgraph SQLite schema, version 3: every entity row has an identity, and the identities
-- across the store are kept aggregated in a table (rebuilt when entities or links change), so
-- listing entities costs an index scan rather than a grouping of every entity row.

-- identity: the canonical id after the last linking pass, or the entity's own name before any.
ALTER TABLE entities ADD COLUMN identity TEXT;
UPDATE entities SET identity = COALESCE(canonical_id, lower(type) || ':' || lower(name));
CREATE INDEX entities_identity ON entities(identity);

CREATE TABLE identities (
    canonical_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    roles TEXT NOT NULL DEFAULT '[]',
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL
);
CREATE INDEX identities_rank ON identities(articles DESC, canonical_id);
CREATE INDEX identities_name ON identities(name COLLATE NOCASE);

CREATE TABLE store_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
