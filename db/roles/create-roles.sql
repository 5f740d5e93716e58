-- The two database roles and the database, created by a superuser (deploy/run.sh, the docker-compose init
-- script). Idempotent: re-running updates the passwords and moves objects a superuser made earlier to the owner.
--   psql -v owner=registry_owner -v owner_password=... -v app=registry_app -v app_password=... \
--        -v database=procedure_registry -f db/roles/create-roles.sql
-- The owner runs the migrations and owns every object; the application role (what the web app connects as)
-- owns nothing and gets its privileges from db/roles/grants.sql, applied by the `migrate` command.
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I', :'owner') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
ALTER ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
SELECT format('CREATE ROLE %I', :'app') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT PASSWORD :'app_password';

SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
ALTER DATABASE :"database" OWNER TO :"owner";
-- Only the two roles (and superusers) may connect; grants.sql gives the application role CONNECT.
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;

-- A database migrated before the two roles existed has its objects owned by a superuser: hand them to the owner.
\connect :"database"
SELECT set_config('registry.owner', :'owner', false);
DO $take_ownership$
DECLARE
    owner_role text := current_setting('registry.owner');
    item record;
BEGIN
    IF EXISTS (SELECT FROM pg_namespace WHERE nspname = 'hangfire') THEN
        EXECUTE format('ALTER SCHEMA hangfire OWNER TO %I', owner_role);
    END IF;
    FOR item IN
        SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'hangfire') AND c.relkind IN ('r', 'p', 'v', 'm')
          AND pg_get_userbyid(c.relowner) <> owner_role
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I',
            CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, item.name, owner_role);
    END LOOP;
    -- Sequences that belong to no column (those that do moved with their table).
    FOR item IN
        SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'hangfire') AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> owner_role
    LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', item.name, owner_role);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('public', 'hangfire') AND pg_get_userbyid(p.proowner) <> owner_role
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', item.name, owner_role);
    END LOOP;
END
$take_ownership$;
