-- The uploaded file gets a table of its own. In `data_imports` it shared a row with the checkpoint and
-- the counters, so every chunk's checkpoint UPDATE rewrote the whole file (a million-row CSV is ~90 MB)
-- into the WAL. Here it is written once, read once, and deleted when the import ends.
CREATE TABLE data_import_files (
    data_import_id INTEGER PRIMARY KEY REFERENCES data_imports(id) ON DELETE CASCADE,
    file           BLOB    NOT NULL
);
INSERT INTO data_import_files (data_import_id, file)
    SELECT id, file FROM data_imports WHERE file IS NOT NULL;
ALTER TABLE data_imports DROP COLUMN file;
