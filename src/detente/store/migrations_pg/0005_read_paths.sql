-- detente store, version 5: reads that scale with what is asked. Which articles report each
-- story (kept by the story rebuild, so a briefing scoped to some articles reads only their
-- stories), the parties of each event as columns (an actor's page finds its events by index),
-- and the indexes the scoped and newest-first reads use.

CREATE TABLE story_articles (
    story_id    TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    key         TEXT,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles (article_id);
CREATE INDEX story_articles_key ON story_articles (key);
INSERT INTO story_articles (story_id, article_id, key)
    SELECT s.id, j.value, s.key FROM stories s, json_array_elements_text((s.data::json) -> 'article_ids') j
    ON CONFLICT DO NOTHING;

CREATE INDEX stories_date ON stories (date, id);
CREATE INDEX articles_published_id ON articles (published, rowid);
CREATE INDEX positions_actor ON positions (actor_id, issue);

ALTER TABLE events ADD COLUMN source_actor TEXT;
ALTER TABLE events ADD COLUMN target_actor TEXT;
UPDATE events SET source_actor = (data::jsonb #>> '{source,actor_id}'),
    target_actor = (data::jsonb #>> '{target,actor_id}');
CREATE INDEX events_source_actor ON events (source_actor);
CREATE INDEX events_target_actor ON events (target_actor);
