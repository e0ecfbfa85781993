-- detente store, version 6: fact digests. Every field of a position, a role and a quote as a
-- column beside its JSON (written by the same INSERT), so the readers that go through every
-- one in scope (the briefing, the position table) build them without parsing JSON.

ALTER TABLE positions ADD COLUMN country TEXT;
ALTER TABLE positions ADD COLUMN sector TEXT;
ALTER TABLE positions ADD COLUMN evidence TEXT;
ALTER TABLE positions ADD COLUMN start INTEGER;
ALTER TABLE positions ADD COLUMN "end" INTEGER;
ALTER TABLE positions ADD COLUMN topic TEXT;
ALTER TABLE positions ADD COLUMN claim TEXT;
ALTER TABLE positions ADD COLUMN "condition" TEXT;
ALTER TABLE positions ADD COLUMN confidence REAL;
UPDATE positions SET country = json_extract(data, '$.country'), sector = json_extract(data, '$.sector'),
    evidence = json_extract(data, '$.evidence'), start = json_extract(data, '$.start'),
    "end" = json_extract(data, '$.end'), topic = json_extract(data, '$.topic'),
    claim = json_extract(data, '$.claim'), "condition" = json_extract(data, '$.condition'),
    confidence = json_extract(data, '$.confidence');

ALTER TABLE roles ADD COLUMN role TEXT;
ALTER TABLE roles ADD COLUMN affiliation TEXT;
ALTER TABLE roles ADD COLUMN country TEXT;
ALTER TABLE roles ADD COLUMN sector TEXT;
ALTER TABLE roles ADD COLUMN evidence TEXT;
ALTER TABLE roles ADD COLUMN start INTEGER;
ALTER TABLE roles ADD COLUMN "end" INTEGER;
UPDATE roles SET role = json_extract(data, '$.role'), affiliation = json_extract(data, '$.affiliation'),
    country = json_extract(data, '$.country'), sector = json_extract(data, '$.sector'),
    evidence = json_extract(data, '$.evidence'), start = json_extract(data, '$.start'),
    "end" = json_extract(data, '$.end');

ALTER TABLE quotes ADD COLUMN country TEXT;
ALTER TABLE quotes ADD COLUMN "text" TEXT;
ALTER TABLE quotes ADD COLUMN direct INTEGER;
ALTER TABLE quotes ADD COLUMN cue TEXT;
ALTER TABLE quotes ADD COLUMN evidence TEXT;
ALTER TABLE quotes ADD COLUMN start INTEGER;
ALTER TABLE quotes ADD COLUMN "end" INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_type TEXT;
ALTER TABLE quotes ADD COLUMN commitment TEXT;
ALTER TABLE quotes ADD COLUMN confidence REAL;
UPDATE quotes SET country = json_extract(data, '$.country'), "text" = json_extract(data, '$.text'),
    direct = json_extract(data, '$.direct'), cue = json_extract(data, '$.cue'),
    evidence = json_extract(data, '$.evidence'), start = json_extract(data, '$.start'),
    "end" = json_extract(data, '$.end'), speaker_type = json_extract(data, '$.speaker_type'),
    commitment = json_extract(data, '$.commitment'), confidence = json_extract(data, '$.confidence');
CREATE INDEX quotes_direct ON quotes (direct);
