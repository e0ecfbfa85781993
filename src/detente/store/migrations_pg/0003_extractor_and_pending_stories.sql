-- detente store, version 3 (PostgreSQL): the extractor version each article's facts were made
-- with (another version re-extracts the article on the next ingest), whether its extraction
-- failed (retried on the next ingest), story keys waiting to be rebuilt (kept in the store, so a
-- run killed before its stories were rebuilt heals on the next one), and how each run ended.

ALTER TABLE articles ADD COLUMN extractor TEXT;
ALTER TABLE articles ADD COLUMN extract_failed INTEGER NOT NULL DEFAULT 0;

CREATE TABLE pending_story_keys (
    key  TEXT COLLATE "C" PRIMARY KEY
);
-- Stories are rebuilt from the events once after the upgrade (version 2 kept no record of this).
INSERT INTO pending_story_keys (key)
    SELECT DISTINCT story_key FROM events WHERE story_key IS NOT NULL ON CONFLICT DO NOTHING;

ALTER TABLE runs ADD COLUMN status TEXT NOT NULL DEFAULT 'running';
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN reextracted INTEGER NOT NULL DEFAULT 0;
UPDATE runs SET status = CASE WHEN finished IS NULL THEN 'interrupted' ELSE 'finished' END;
