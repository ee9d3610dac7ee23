-- New contacts' search rows are written by db::contacts (insert, insert_many, index_for_search) instead of
-- an AFTER INSERT trigger. Inside a transaction, every statement that fires triggers opens a savepoint, and
-- FTS5 flushes its pending rows to a new segment at every savepoint: with the trigger, a bulk load of N
-- contacts wrote N one-row segments and spent most of its time merging them (a million-contact fixture
-- did not finish in an hour). Written after the contact rows, a whole file or chunk is one segment.
-- Updates and deletes keep their triggers: they touch rows that are already indexed.
DROP TRIGGER contacts_fts_insert;
