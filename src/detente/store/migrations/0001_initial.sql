-- detente store, version 1: articles (with full-text search), actors, every record kind of the
-- contract, failures and the run log.

CREATE TABLE articles (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    url          TEXT,
    outlet       TEXT,
    published    TEXT,
    title        TEXT,
    language     TEXT,
    text         TEXT NOT NULL,
    text_sha256  TEXT NOT NULL,
    source       TEXT,
    run_id       INTEGER,
    ingested_at  TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_outlet ON articles (outlet);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, content = 'articles', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

CREATE TABLE actors (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    type      TEXT NOT NULL,
    country   TEXT,
    sector    TEXT,
    wikidata  TEXT,
    surname   TEXT
);
CREATE INDEX actors_surname ON actors (surname) WHERE type = 'person';

-- Every name an actor goes by; `key` is the folded form used for lookups.
CREATE TABLE actor_aliases (
    actor_id  TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (actor_id, key)
);
CREATE INDEX actor_aliases_key ON actor_aliases (key);

-- An actor id that stands for another (a surname-only actor, a user's merge).
CREATE TABLE actor_redirects (
    from_id  TEXT PRIMARY KEY,
    to_id    TEXT NOT NULL,
    reason   TEXT NOT NULL
);

CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    actor_id    TEXT NOT NULL,
    text        TEXT NOT NULL,
    label       TEXT NOT NULL,
    country     TEXT,
    sector      TEXT,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_actor ON mentions (actor_id);

-- Extracted facts: indexed columns for queries, the whole contract record in `data`.
CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    status      TEXT NOT NULL,
    date        TEXT,
    data        TEXT NOT NULL
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_type_date ON events (type, date);

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    person      TEXT NOT NULL,
    actor_id    TEXT,
    data        TEXT NOT NULL
);
CREATE INDEX roles_article ON roles (article_id);
CREATE INDEX roles_actor ON roles (actor_id);

CREATE TABLE quotes (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    speaker     TEXT,
    actor_id    TEXT,
    data        TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_actor ON quotes (actor_id);

CREATE TABLE positions (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    party       TEXT NOT NULL,
    actor_id    TEXT,
    issue       TEXT NOT NULL,
    stance      TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX positions_article ON positions (article_id);
CREATE INDEX positions_issue ON positions (issue, actor_id);

CREATE TABLE stories (
    id    TEXT PRIMARY KEY,
    type  TEXT NOT NULL,
    date  TEXT,
    data  TEXT NOT NULL
);

-- `line` is 0 when the failure concerns a whole input (lines count from 1).
CREATE TABLE failures (
    id        INTEGER PRIMARY KEY,
    source    TEXT NOT NULL,
    line      INTEGER NOT NULL DEFAULT 0,
    reason    TEXT NOT NULL,
    fix       TEXT NOT NULL,
    first_at  TEXT NOT NULL,
    at        TEXT NOT NULL,
    run_id    INTEGER,
    resolved  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source, line, reason)
);

CREATE TABLE runs (
    id                 INTEGER PRIMARY KEY,
    command            TEXT NOT NULL,
    started            TEXT NOT NULL,
    finished           TEXT,
    extractor_version  TEXT NOT NULL,
    model              TEXT,
    added              INTEGER NOT NULL DEFAULT 0,
    replaced           INTEGER NOT NULL DEFAULT 0,
    unchanged          INTEGER NOT NULL DEFAULT 0,
    failed             INTEGER NOT NULL DEFAULT 0,
    seconds            REAL
);

-- The run log of article changes: what each run added or replaced.
CREATE TABLE article_changes (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL,
    article_id  TEXT NOT NULL,
    change      TEXT NOT NULL,
    old_sha256  TEXT,
    new_sha256  TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX article_changes_article ON article_changes (article_id);
