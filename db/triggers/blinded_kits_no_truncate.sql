-- blinded_kits is append-only: the table is not truncated (db/functions/blinding_rows_append_only.sql).
CREATE OR REPLACE TRIGGER blinded_kits_no_truncate
    BEFORE TRUNCATE ON blinded_kits
    FOR EACH STATEMENT EXECUTE FUNCTION blinding_rows_append_only();
