-- newsgraph schema, version 8: each event's factuality (asserted | negated | hypothetical | intended |
-- attempted | reported: docs/formats.md), the attribution that reports it and its source, and whether
-- it is background (read from a relative, participial or time clause). Stored events get theirs from
-- the old flags; listings show what happened (asserted or reported) unless asked for more.

ALTER TABLE events ADD COLUMN factuality TEXT NOT NULL DEFAULT 'asserted';
ALTER TABLE events ADD COLUMN attribution_id TEXT;
ALTER TABLE events ADD COLUMN reported_by TEXT;
ALTER TABLE events ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
UPDATE events SET factuality = CASE WHEN negated = 1 THEN 'negated' WHEN hypothetical = 1 THEN 'hypothetical'
    ELSE 'asserted' END;
