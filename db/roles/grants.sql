-- Privileges of the application role: the `migrate` command runs this as the owner role after every migration
-- (DatabaseSetup.GrantApplicationRoleAsync), so tables added by later migrations are covered the next time it runs.
-- By hand:  psql -c "SET registry.application_role = 'registry_app'" -f db/roles/grants.sql  (as the owner)
--
-- The application role owns nothing, so it can never ALTER, DROP, TRUNCATE or disable a trigger, and not being a
-- superuser it cannot SET session_replication_role to skip triggers either. It gets plain DML on the registry's
-- tables and Hangfire's, nothing on the migration bookkeeping beyond reading it, and on audit_entries and the blinded
-- allocation tables only INSERT and SELECT: the append-only triggers are a second line, not the only one.
DO $grants$
DECLARE
    app text := current_setting('registry.application_role');
    owner_role text := current_user;
    schema_name text;
    role record;
BEGIN
    SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls INTO role FROM pg_roles WHERE rolname = app;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'application role "%" does not exist: create it first (db/roles/create-roles.sql)', app;
    END IF;
    IF app = owner_role OR role.rolsuper OR role.rolcreaterole OR role.rolcreatedb OR role.rolbypassrls
       OR pg_has_role(app, owner_role, 'USAGE') THEN
        RAISE EXCEPTION 'application role "%" must not be the owner "%", a member of it, a superuser, or have CREATEROLE, CREATEDB or BYPASSRLS', app, owner_role;
    END IF;

    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app);
    FOREACH schema_name IN ARRAY ARRAY['public', 'hangfire'] LOOP
        EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC, %I', schema_name, app);
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema_name, app);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', schema_name, app);
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', schema_name, app);
        EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO %I', schema_name, app);
        -- Objects the owner creates later (before this script runs again) get the same privileges.
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', owner_role, schema_name, app);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I', owner_role, schema_name, app);
    END LOOP;

    -- Bookkeeping of the schema's own version: readable, never writable by the app.
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public.__ef_migrations_history, hangfire.schema FROM %I', app);
    -- The audit trail is append-only for the app.
    EXECUTE format('REVOKE ALL ON public.audit_entries FROM %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON public.audit_entries TO %I', app);
    -- So are a blinded protocol's kits, their allocations to blocks and the unblindings (docs/blinded-blocks.md).
    EXECUTE format('REVOKE ALL ON public.blinded_kits, public.kit_allocations, public.block_unblindings FROM %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON public.blinded_kits, public.kit_allocations, public.block_unblindings TO %I', app);

    -- A REVOKE the owner may not make only warns; fail instead of leaving the app able to create tables.
    FOREACH schema_name IN ARRAY ARRAY['public', 'hangfire'] LOOP
        IF has_schema_privilege(app, schema_name, 'CREATE') THEN
            RAISE EXCEPTION 'application role "%" can still create objects in schema %: the owner "%" must own the database', app, schema_name, owner_role;
        END IF;
    END LOOP;
END
$grants$;
