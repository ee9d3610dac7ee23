-- The text forms Postgres' `::boolean` accepts (case-insensitive, trimmed): Chatwoot filters checkbox
-- attributes with `(custom_attributes->>key)::boolean`, and a CSV import stores every cell as a string,
-- so "TRUE" or "yes" must compare as true. JSON true/false read back as 1/0. The filter compiler looks
-- values up here instead of spelling them in its SQL (its output carries no literal values).
CREATE TABLE boolean_spellings (
    spelling TEXT PRIMARY KEY,
    value    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO boolean_spellings (spelling, value) VALUES
    ('1', 1), ('t', 1), ('tr', 1), ('tru', 1), ('true', 1), ('y', 1), ('ye', 1), ('yes', 1), ('on', 1),
    ('0', 0), ('f', 0), ('fa', 0), ('fal', 0), ('fals', 0), ('false', 0), ('n', 0), ('no', 0),
    ('of', 0), ('off', 0);
