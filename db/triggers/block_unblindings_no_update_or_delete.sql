-- block_unblindings is append-only: no row is updated or deleted (db/functions/blinding_rows_append_only.sql).
CREATE OR REPLACE TRIGGER block_unblindings_no_update_or_delete
    BEFORE UPDATE OR DELETE ON block_unblindings
    FOR EACH ROW EXECUTE FUNCTION blinding_rows_append_only();
