-- detente store, version 2 (PostgreSQL): actors merged across spellings, user merges and splits
-- that stick, and story events keyed for incremental updates. Existing rows get their keys from
-- the store's Python step for this version.

ALTER TABLE actors ADD COLUMN name_key TEXT COLLATE "C";
ALTER TABLE actors ADD COLUMN surname_key TEXT COLLATE "C";
CREATE INDEX actors_name_key ON actors (name_key);
CREATE INDEX actors_surname_key ON actors (surname_key) WHERE type = 'person';

-- A user's decision that two actors are different, whatever the automatic merging thinks.
CREATE TABLE actor_splits (
    a   TEXT COLLATE "C" NOT NULL,
    b   TEXT COLLATE "C" NOT NULL,
    at  TEXT NOT NULL,
    PRIMARY KEY (a, b)
);

-- A user's decision that mentions of an actor under one alias belong to another actor.
CREATE TABLE actor_overrides (
    from_id    TEXT COLLATE "C" NOT NULL,
    alias_key  TEXT COLLATE "C" NOT NULL,
    to_id      TEXT COLLATE "C" NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (from_id, alias_key)
);

ALTER TABLE events ADD COLUMN story_key TEXT COLLATE "C";
CREATE INDEX events_story_key ON events (story_key);

ALTER TABLE stories ADD COLUMN key TEXT COLLATE "C";
CREATE INDEX stories_key ON stories (key);
