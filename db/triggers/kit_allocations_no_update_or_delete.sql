-- kit_allocations is append-only: no row is updated or deleted (db/functions/blinding_rows_append_only.sql).
CREATE OR REPLACE TRIGGER kit_allocations_no_update_or_delete
    BEFORE UPDATE OR DELETE ON kit_allocations
    FOR EACH ROW EXECUTE FUNCTION blinding_rows_append_only();
