-- detente store, version 4 (PostgreSQL): detente watch. The watched feeds and their state
-- (validators for conditional GET, errors in a row and the backoff's next try), the entries
-- already ingested (by guid, link or content id), the alerts found, and for each alert and each
-- sink whether it was delivered. A round writes its alerts, its seen entries and its feed's
-- state in one transaction; a sink's flag is set once the alert is delivered.

CREATE TABLE feeds (
    seq           BIGSERIAL UNIQUE,
    url           TEXT COLLATE "C" PRIMARY KEY,
    added         TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    last_checked  TEXT,
    last_seen     TEXT,
    errors        INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    next_try      DOUBLE PRECISION NOT NULL DEFAULT 0
);

CREATE TABLE seen_entries (
    key        TEXT COLLATE "C" PRIMARY KEY,
    feed       TEXT,
    article_id TEXT,
    at         TEXT NOT NULL
);

CREATE TABLE alerts (
    seq     BIGSERIAL UNIQUE,
    id      TEXT COLLATE "C" PRIMARY KEY,
    kind    TEXT NOT NULL,
    at      TEXT COLLATE "C" NOT NULL,
    feed    TEXT,
    payload TEXT NOT NULL
);
CREATE INDEX alerts_at ON alerts (at);

CREATE TABLE alert_sends (
    alert_id   TEXT COLLATE "C" NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    sink       TEXT COLLATE "C" NOT NULL,
    sent_at    TEXT,
    tries      INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    PRIMARY KEY (alert_id, sink)
);
CREATE INDEX alert_sends_unsent ON alert_sends (sink) WHERE sent_at IS NULL;
