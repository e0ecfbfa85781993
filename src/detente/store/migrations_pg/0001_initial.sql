-- detente store, version 1 (PostgreSQL): articles (with full-text search), actors, every record
-- kind of the contract, failures and the run log. The same tables as the SQLite migration of
-- this version; identifiers and ordered text use the "C" collation so that rows sort as in
-- SQLite (byte order) whatever the server's locale, and `seq` columns stand for SQLite's rowid.

CREATE TABLE articles (
    rowid        BIGSERIAL PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    url          TEXT,
    outlet       TEXT COLLATE "C",
    published    TEXT COLLATE "C",
    title        TEXT,
    language     TEXT,
    text         TEXT NOT NULL,
    text_sha256  TEXT NOT NULL,
    source       TEXT,
    run_id       BIGINT,
    ingested_at  TEXT NOT NULL,
    -- Title and text folded (lower case, no diacritics) by the store, as words for search.
    search       TSVECTOR NOT NULL DEFAULT ''::tsvector
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_search ON articles USING GIN (search);

CREATE TABLE actors (
    seq       BIGSERIAL UNIQUE,
    id        TEXT COLLATE "C" PRIMARY KEY,
    name      TEXT COLLATE "C" NOT NULL,
    type      TEXT NOT NULL,
    country   TEXT,
    sector    TEXT,
    wikidata  TEXT,
    surname   TEXT
);
CREATE INDEX actors_surname ON actors (surname) WHERE type = 'person';

-- Every name an actor goes by; `key` is the folded form used for lookups.
CREATE TABLE actor_aliases (
    actor_id  TEXT COLLATE "C" NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    key       TEXT COLLATE "C" NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (actor_id, key)
);
CREATE INDEX actor_aliases_key ON actor_aliases (key);

-- An actor id that stands for another (a surname-only actor, a user's merge).
CREATE TABLE actor_redirects (
    from_id  TEXT COLLATE "C" PRIMARY KEY,
    to_id    TEXT COLLATE "C" NOT NULL,
    reason   TEXT NOT NULL
);
CREATE INDEX actor_redirects_to ON actor_redirects (to_id);

CREATE TABLE mentions (
    id          BIGSERIAL PRIMARY KEY,
    article_id  TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    actor_id    TEXT COLLATE "C" NOT NULL,
    text        TEXT NOT NULL,
    label       TEXT NOT NULL,
    country     TEXT,
    sector      TEXT,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_actor ON mentions (actor_id);

-- Extracted facts: indexed columns for queries, the whole contract record (JSON text) in `data`.
CREATE TABLE events (
    seq         BIGSERIAL UNIQUE,
    id          TEXT COLLATE "C" PRIMARY KEY,
    article_id  TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    status      TEXT NOT NULL,
    date        TEXT COLLATE "C",
    data        TEXT NOT NULL
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_type_date ON events (type, date);

CREATE TABLE roles (
    id          BIGSERIAL PRIMARY KEY,
    article_id  TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    person      TEXT NOT NULL,
    actor_id    TEXT COLLATE "C",
    data        TEXT NOT NULL
);
CREATE INDEX roles_article ON roles (article_id);
CREATE INDEX roles_actor ON roles (actor_id);

CREATE TABLE quotes (
    id          BIGSERIAL PRIMARY KEY,
    article_id  TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    speaker     TEXT,
    actor_id    TEXT COLLATE "C",
    data        TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_actor ON quotes (actor_id);

CREATE TABLE positions (
    id          BIGSERIAL PRIMARY KEY,
    article_id  TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    party       TEXT NOT NULL,
    actor_id    TEXT COLLATE "C",
    issue       TEXT NOT NULL,
    stance      TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX positions_article ON positions (article_id);
CREATE INDEX positions_issue ON positions (issue, actor_id);

CREATE TABLE stories (
    seq   BIGSERIAL UNIQUE,
    id    TEXT COLLATE "C" PRIMARY KEY,
    type  TEXT NOT NULL,
    date  TEXT COLLATE "C",
    data  TEXT NOT NULL
);

-- `line` is 0 when the failure concerns a whole input (lines count from 1).
CREATE TABLE failures (
    id        BIGSERIAL PRIMARY KEY,
    source    TEXT NOT NULL,
    line      INTEGER NOT NULL DEFAULT 0,
    reason    TEXT NOT NULL,
    fix       TEXT NOT NULL,
    first_at  TEXT NOT NULL,
    at        TEXT COLLATE "C" NOT NULL,
    run_id    BIGINT,
    resolved  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source, line, reason)
);

CREATE TABLE runs (
    id                 BIGSERIAL PRIMARY KEY,
    command            TEXT NOT NULL,
    started            TEXT NOT NULL,
    finished           TEXT,
    extractor_version  TEXT NOT NULL,
    model              TEXT,
    added              INTEGER NOT NULL DEFAULT 0,
    replaced           INTEGER NOT NULL DEFAULT 0,
    unchanged          INTEGER NOT NULL DEFAULT 0,
    failed             INTEGER NOT NULL DEFAULT 0,
    seconds            DOUBLE PRECISION
);

-- The run log of article changes: what each run added or replaced.
CREATE TABLE article_changes (
    id          BIGSERIAL PRIMARY KEY,
    run_id      BIGINT NOT NULL,
    article_id  TEXT COLLATE "C" NOT NULL,
    change      TEXT NOT NULL,
    old_sha256  TEXT,
    new_sha256  TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX article_changes_article ON article_changes (article_id);
