-- block_unblindings is append-only: the table is not truncated (db/functions/blinding_rows_append_only.sql).
CREATE OR REPLACE TRIGGER block_unblindings_no_truncate
    BEFORE TRUNCATE ON block_unblindings
    FOR EACH STATEMENT EXECUTE FUNCTION blinding_rows_append_only();
