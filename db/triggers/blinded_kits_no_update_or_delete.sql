-- blinded_kits is append-only: no row is updated or deleted (db/functions/blinding_rows_append_only.sql).
CREATE OR REPLACE TRIGGER blinded_kits_no_update_or_delete
    BEFORE UPDATE OR DELETE ON blinded_kits
    FOR EACH ROW EXECUTE FUNCTION blinding_rows_append_only();
