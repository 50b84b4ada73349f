-- newsgraph PostgreSQL schema, version 3 (mirrors the SQLite version 3): an identity on every
-- entity row, and the identities across the store aggregated in a table rebuilt on change.

-- identity: the canonical id after the last linking pass, or the entity's own name before any.
ALTER TABLE entities ADD COLUMN identity TEXT COLLATE "C";
UPDATE entities SET identity = COALESCE(canonical_id, lower(type) || ':' || lower(name));
CREATE INDEX entities_identity ON entities(identity);

CREATE TABLE identities (
    canonical_id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    aliases TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    roles TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL
);
CREATE INDEX identities_rank ON identities(articles DESC, canonical_id);
CREATE INDEX identities_name ON identities(lower(name));

CREATE TABLE store_meta (
    key TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);
