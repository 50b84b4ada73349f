-- newsgraph SQLite schema, version 1.
-- articles.record holds the full Article JSON (the source of truth, round-trips exactly);
-- the other tables denormalise it for querying and are rewritten with it.

CREATE TABLE articles (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source_file TEXT NOT NULL,
    headline TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,
    duplicate_of TEXT REFERENCES articles(id),
    text TEXT NOT NULL,
    record TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE entities (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    canonical_id TEXT,
    mentions INTEGER NOT NULL DEFAULT 0,
    aliases TEXT NOT NULL DEFAULT '[]',
    roles TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_canonical ON entities(canonical_id);

CREATE TABLE attributions (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    attribution_id TEXT NOT NULL,
    speaker_text TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_resolved TEXT,
    speaker_entity_id TEXT,
    affiliation TEXT,
    anonymous INTEGER NOT NULL DEFAULT 0,
    stance TEXT NOT NULL,
    form TEXT NOT NULL,
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    channel TEXT,
    via TEXT,
    nested_source TEXT,
    content_text TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    said_on TEXT
);
CREATE INDEX attributions_article ON attributions(article_id);
CREATE INDEX attributions_stance ON attributions(stance);
CREATE INDEX attributions_resolved ON attributions(speaker_resolved);

CREATE TABLE events (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    text TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    actor_name TEXT,
    actor_code TEXT,
    actor_entity_id TEXT,
    target_name TEXT,
    target_code TEXT,
    target_entity_id TEXT,
    place_name TEXT,
    place_lat REAL,
    place_lon REAL,
    place_country TEXT,
    date TEXT,
    date_precision TEXT,
    fatalities INTEGER,
    injuries INTEGER,
    negated INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_country ON events(place_country);

CREATE TABLE contradictions (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    claim TEXT NOT NULL,
    countered_by TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contradictions_article ON contradictions(article_id);

-- MinHash signatures for near-duplicate detection across ingest runs.
CREATE TABLE minhashes (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    num_perm INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    scheme TEXT NOT NULL,
    shingles INTEGER NOT NULL,
    hashvalues BLOB NOT NULL
);

-- Full text: external-content FTS5 tables kept in sync by triggers (same transaction).
CREATE VIRTUAL TABLE articles_fts USING fts5(
    headline, text,
    content='articles', content_rowid='pk',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, headline, text) VALUES (new.pk, new.headline, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, headline, text)
    VALUES ('delete', old.pk, old.headline, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, headline, text)
    VALUES ('delete', old.pk, old.headline, old.text);
    INSERT INTO articles_fts(rowid, headline, text) VALUES (new.pk, new.headline, new.text);
END;

CREATE VIRTUAL TABLE attributions_fts USING fts5(
    content_text, speaker_text, speaker_resolved,
    content='attributions', content_rowid='pk',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER attributions_fts_insert AFTER INSERT ON attributions BEGIN
    INSERT INTO attributions_fts(rowid, content_text, speaker_text, speaker_resolved)
    VALUES (new.pk, new.content_text, new.speaker_text, new.speaker_resolved);
END;
CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions BEGIN
    INSERT INTO attributions_fts(attributions_fts, rowid, content_text, speaker_text, speaker_resolved)
    VALUES ('delete', old.pk, old.content_text, old.speaker_text, old.speaker_resolved);
END;
CREATE TRIGGER attributions_fts_update AFTER UPDATE ON attributions BEGIN
    INSERT INTO attributions_fts(attributions_fts, rowid, content_text, speaker_text, speaker_resolved)
    VALUES ('delete', old.pk, old.content_text, old.speaker_text, old.speaker_resolved);
    INSERT INTO attributions_fts(rowid, content_text, speaker_text, speaker_resolved)
    VALUES (new.pk, new.content_text, new.speaker_text, new.speaker_resolved);
END;
