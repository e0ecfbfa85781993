-- detente store, version 6: fact digests. Every field of a position, a role and a quote as a
-- column beside its JSON (written by the same INSERT), so the readers that go through every
-- one in scope (the briefing, the position table) build them without parsing JSON.

ALTER TABLE positions ADD COLUMN country TEXT, ADD COLUMN sector TEXT, ADD COLUMN evidence TEXT,
    ADD COLUMN start INTEGER, ADD COLUMN "end" INTEGER, ADD COLUMN topic TEXT, ADD COLUMN claim TEXT,
    ADD COLUMN "condition" TEXT, ADD COLUMN confidence DOUBLE PRECISION;
UPDATE positions SET country = d ->> 'country', sector = d ->> 'sector', evidence = d ->> 'evidence',
    start = (d ->> 'start')::integer, "end" = (d ->> 'end')::integer, topic = d ->> 'topic',
    claim = d ->> 'claim', "condition" = d ->> 'condition', confidence = (d ->> 'confidence')::double precision
    FROM (SELECT id AS pid, data::jsonb AS d FROM positions) j WHERE positions.id = j.pid;

ALTER TABLE roles ADD COLUMN role TEXT, ADD COLUMN affiliation TEXT, ADD COLUMN country TEXT,
    ADD COLUMN sector TEXT, ADD COLUMN evidence TEXT, ADD COLUMN start INTEGER, ADD COLUMN "end" INTEGER;
UPDATE roles SET role = d ->> 'role', affiliation = d ->> 'affiliation', country = d ->> 'country',
    sector = d ->> 'sector', evidence = d ->> 'evidence', start = (d ->> 'start')::integer,
    "end" = (d ->> 'end')::integer
    FROM (SELECT id AS rid, data::jsonb AS d FROM roles) j WHERE roles.id = j.rid;

ALTER TABLE quotes ADD COLUMN country TEXT, ADD COLUMN "text" TEXT, ADD COLUMN direct BOOLEAN,
    ADD COLUMN cue TEXT, ADD COLUMN evidence TEXT, ADD COLUMN start INTEGER, ADD COLUMN "end" INTEGER,
    ADD COLUMN speaker_type TEXT, ADD COLUMN commitment TEXT, ADD COLUMN confidence DOUBLE PRECISION;
UPDATE quotes SET country = d ->> 'country', "text" = d ->> 'text', direct = (d ->> 'direct')::boolean,
    cue = d ->> 'cue', evidence = d ->> 'evidence', start = (d ->> 'start')::integer,
    "end" = (d ->> 'end')::integer, speaker_type = d ->> 'speaker_type', commitment = d ->> 'commitment',
    confidence = (d ->> 'confidence')::double precision
    FROM (SELECT id AS qid, data::jsonb AS d FROM quotes) j WHERE quotes.id = j.qid;
CREATE INDEX quotes_direct ON quotes (direct);
