-- kit_allocations is append-only: the table is not truncated (db/functions/blinding_rows_append_only.sql).
CREATE OR REPLACE TRIGGER kit_allocations_no_truncate
    BEFORE TRUNCATE ON kit_allocations
    FOR EACH STATEMENT EXECUTE FUNCTION blinding_rows_append_only();
