-- The audit trail is append-only: the table is not truncated (db/functions/audit_entries_append_only.sql).
CREATE OR REPLACE TRIGGER audit_entries_no_truncate
    BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
