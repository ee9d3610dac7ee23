-- FTS5 keeps new search rows in memory and writes them out as a segment whenever that buffer passes
-- `hashsize` (1 MiB by default), and every segment written costs merge work later. An import chunk of
-- 5,000 contacts needs ~3 MiB of trigrams, so at the default each chunk became several small segments
-- to merge; with 32 MiB it becomes one. Measured on a 1,000,000-row import: 259-280 s -> 210 s. The
-- buffer only grows within one writing statement or transaction (a create's is a few KiB), so this
-- costs memory only during bulk writes. The setting is stored in the index's own config table.
INSERT INTO contacts_fts(contacts_fts, rank) VALUES ('hashsize', 33554432);
INSERT INTO contacts_fts_identifier(contacts_fts_identifier, rank) VALUES ('hashsize', 33554432);
