-- newsgraph PostgreSQL schema, version 7 (as migrations/0007_incremental_links.sql): the indexes that link a new batch without reading the store.
-- link_nodes: each linked article's content terms and participants (what story linking compares);
-- link_terms: each term's document frequency among linked articles; link_postings: the articles
-- having each term still rare enough to propose candidates (dropped once it is too common), by day;
-- identity_forms: the full names each short form (surname, alias) stands for; identity_uses:
-- the one-word names whose identity depends on those forms. Links saved before this version are
-- worked out again once, in arrival order (store_meta 'linked_through' is not set yet).

CREATE TABLE link_nodes (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    published TEXT COLLATE "C",
    terms TEXT COLLATE "C" NOT NULL,
    participants TEXT COLLATE "C" NOT NULL
);
CREATE TABLE link_terms (
    term TEXT COLLATE "C" PRIMARY KEY,
    df INTEGER NOT NULL
);
CREATE TABLE link_postings (
    term TEXT COLLATE "C" NOT NULL,
    day TEXT COLLATE "C",
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX link_postings_term ON link_postings(term, day);
CREATE TABLE identity_forms (
    family TEXT COLLATE "C" NOT NULL,
    short_key TEXT COLLATE "C" NOT NULL,
    full_key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (family, short_key, full_key)
);
CREATE TABLE identity_uses (
    family TEXT COLLATE "C" NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (family, name_key, article_id)
);
CREATE INDEX cross_contradictions_counter ON cross_contradictions(counter_article);

UPDATE store_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
WHERE key = 'articles_version' AND EXISTS (SELECT 1 FROM articles);
