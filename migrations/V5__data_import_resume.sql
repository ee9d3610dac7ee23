-- Resumable imports: the command line finds an interrupted import of the same file by its digest, and the
-- header row is kept so failed rows can be listed after the uploaded file is dropped (it is only needed
-- until the import finishes).
ALTER TABLE data_imports ADD COLUMN file_sha256 TEXT;
ALTER TABLE data_imports ADD COLUMN headers TEXT;
CREATE INDEX data_imports_unfinished ON data_imports(account_id, status) WHERE status IN ('pending', 'processing');
