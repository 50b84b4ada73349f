-- newsgraph SQLite schema, version 2: the cross-article layer (stories, contradictions across
-- articles). It is derived from the articles and replaced whole by each linking pass.

CREATE TABLE stories (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    headline TEXT,
    first_published TEXT,
    articles INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX stories_size ON stories(articles);

CREATE TABLE story_articles (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles(article_id);

CREATE TABLE cross_contradictions (
    pk INTEGER PRIMARY KEY,
    claim_article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    claim TEXT NOT NULL,
    counter_article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    countered_by TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT ''
);

CREATE INDEX attributions_article_attr ON attributions(article_id, attribution_id);
CREATE INDEX entities_article_entity ON entities(article_id, entity_id);
CREATE INDEX events_actor ON events(actor_name);
CREATE INDEX events_place ON events(place_name);
