-- The audit trail is append-only: the database itself refuses to change or remove a row, whatever connection or
-- role asks (triggers audit_entries_no_update_or_delete and audit_entries_no_truncate). Pinned by AuditTrailTests.
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
