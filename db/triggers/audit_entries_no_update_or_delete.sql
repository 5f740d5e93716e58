-- The audit trail is append-only: no row is updated or deleted (db/functions/audit_entries_append_only.sql).
CREATE OR REPLACE TRIGGER audit_entries_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
