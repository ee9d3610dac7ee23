-- Avatar URLs carry the avatar id and are served as immutable, so an id must never come back: with a
-- plain INTEGER PRIMARY KEY, deleting the newest avatar lets the next one reuse its id, and every cache
-- would keep showing the old picture. AUTOINCREMENT forbids reuse. SQLite cannot add it in place.
CREATE TABLE avatars_v6 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    content_type TEXT    NOT NULL,
    original     BLOB    NOT NULL,
    thumbnail    BLOB    NOT NULL,
    created_at   INTEGER NOT NULL
);
INSERT INTO avatars_v6 (id, content_type, original, thumbnail, created_at)
    SELECT id, content_type, original, thumbnail, created_at FROM avatars;
DROP TABLE avatars;
ALTER TABLE avatars_v6 RENAME TO avatars;
