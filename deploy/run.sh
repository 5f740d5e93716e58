#!/usr/bin/env bash
# Runs ProcedureRegistry on this machine with its own PostgreSQL, migrated, and prints how to sign in.
#   deploy/run.sh [--demo] [--port N] [--development]   run (--demo: seed a demo clinic, one user per role;
#                                                       --development: the developer exception page, never with real data)
#   deploy/run.sh --reset-password EMAIL                 print a new random password for EMAIL, then exit
#   deploy/run.sh --reset-two-factor EMAIL               turn EMAIL's two-factor sign-in off (lost phone and recovery codes), then exit
# With a Docker engine it runs docker compose (app + PostgreSQL + Mailpit). Without one, it keeps a local PostgreSQL
# cluster (under .data/, git-ignored; as root under /var/lib/procedure-registry/, which the postgres user can enter
# from any checkout), started from the installed server binaries; re-running reuses it. The app runs in the Production
# environment and connects as the application role registry_app; only `migrate` uses the owner role registry_owner.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
demo=false
environment=Production
reset_email=""
reset_two_factor_email=""
port=${PORT:-5080}
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=true ;;
    --port) port=$2; shift ;;
    --development) environment=Development ;;
    --reset-password) reset_email=$2; shift ;;
    --reset-two-factor) reset_two_factor_email=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 64 ;;
  esac
  shift
done

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "Docker engine found: starting docker compose (app on http://localhost:${port})."
  cd "$root"
  export APP_PORT=$port SEED_DEMO=$demo
  exec docker compose up --build
fi

pgbin=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "PostgreSQL server binaries not found. Install them: apt-get install -y postgresql (or set PGBIN)." >&2
  exit 1
fi
if ! command -v openssl >/dev/null 2>&1; then
  echo "openssl not found (it makes the local data-protection certificate). Install it: apt-get install -y openssl." >&2
  exit 1
fi

data=$root/.data
pgport=${PGPORT:-55432}
database=procedure_registry
owner_role=registry_owner
app_role=registry_app
umask 077
mkdir -p "$data"

# As root, PostgreSQL must run as an unprivileged user, and that user must be able to enter the cluster's folder:
# a checkout under /root (or in a mktemp -d) is closed to it, so root's clusters live in a folder of their own.
cluster=$data/postgres
if [ "$(id -u)" = 0 ]; then
  as_pg() { (cd / && runuser -u postgres -- "$@"); }  # from /: it may not enter the current folder
  if [ ! -f "$cluster/PG_VERSION" ]; then
    cluster=/var/lib/procedure-registry/$(printf '%s' "$root" | sha256sum | cut -c1-12)/postgres
    install -d -m 755 /var/lib/procedure-registry
    install -d -o postgres -g postgres -m 700 "$(dirname "$cluster")" "$cluster"
  fi
else
  as_pg() { "$@"; }
fi

# Secrets: random on the first run, then reused; readable by this user only (umask 077).
secret() { [ -s "$data/$1" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$data/$1"; cat "$data/$1"; }
superuser_password=$(secret pg-password)
owner_password=$(secret registry-owner-password)
app_password=$(secret registry-app-password)

if [ ! -f "$cluster/PG_VERSION" ]; then
  echo "Creating a local PostgreSQL cluster in $cluster ..."
  mkdir -p "$cluster"
  # The password reaches initdb through a pipe the postgres user opens itself, so no file of ours needs to be
  # readable by it.
  printf '%s\n' "$superuser_password" | as_pg bash -c 'exec "$0" "$@" --pwfile=<(cat)' \
    "$pgbin/initdb" -D "$cluster" -U postgres --auth=scram-sha-256 >/dev/null
fi

if ! as_pg "$pgbin/pg_ctl" -D "$cluster" status >/dev/null 2>&1; then
  as_pg "$pgbin/pg_ctl" -D "$cluster" -l "$cluster/server.log" -w \
    -o "-p $pgport -k $cluster -c listen_addresses=127.0.0.1" start >/dev/null
  echo "PostgreSQL started on 127.0.0.1:$pgport (log: $cluster/server.log)."
fi

# The owner and application roles and the database (idempotent: db/roles/create-roles.sql).
PGPASSWORD=$superuser_password "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -qX -o /dev/null \
  -v owner="$owner_role" -v owner_password="$owner_password" -v app="$app_role" -v app_password="$app_password" \
  -v database="$database" -f "$root/db/roles/create-roles.sql"

# Data-protection keys are stored in the database encrypted with this certificate (made once, kept with the secrets).
certificate=$data/data-protection.pfx
certificate_password=$(secret data-protection-password)
CERTIFICATE_PASSWORD=$certificate_password sh "$root/deploy/make-data-protection-certificate.sh" "$certificate"

echo "Building the app ..."
dotnet publish "$root/src/ProcedureRegistry.Web" -c Release -o "$data/app" --nologo -v quiet >/dev/null

connection="Host=127.0.0.1;Port=$pgport;Database=$database"
export ConnectionStrings__Registry="$connection;Username=$app_role;Password=$app_password"
export ASPNETCORE_ENVIRONMENT=$environment
export DataProtection__CertificatePath=$certificate DataProtection__CertificatePassword=$certificate_password
# Plain HTTP on localhost: cookies follow the request's scheme (behind TLS they are Secure-only either way).
export Security__CookieSecurePolicy=SameAsRequest
app=(dotnet "$data/app/ProcedureRegistry.Web.dll")
cd "$data/app"

# Only the migration sees the owner's password; the app itself never has it.
ConnectionStrings__RegistryOwner="$connection;Username=$owner_role;Password=$owner_password" "${app[@]}" migrate
if [ -n "$reset_email" ]; then
  exec "${app[@]}" reset-password "$reset_email"
fi
if [ -n "$reset_two_factor_email" ]; then
  exec "${app[@]}" reset-two-factor "$reset_two_factor_email"
fi
if [ "$demo" = true ]; then
  "${app[@]}" seed-demo
else
  "${app[@]}" ensure-admin "${ADMIN_EMAIL:-admin@registry.local}"
fi

stop="$pgbin/pg_ctl -D $cluster stop"
[ "$(id -u)" = 0 ] && stop="runuser -u postgres -- $stop"
url="http://localhost:$port"
echo
echo "ProcedureRegistry is starting at $url ($environment environment)"
echo "Sign in there with an account above. A lost password: deploy/run.sh --reset-password EMAIL"
echo "Admins set up two-factor sign-in (an authenticator app) at their first sign-in. A lost phone and recovery codes: deploy/run.sh --reset-two-factor EMAIL"
echo "Stop with Ctrl+C; PostgreSQL keeps running (stop it: $stop). Data: $cluster; secrets: $data."
echo
exec "${app[@]}" --urls "$url"
