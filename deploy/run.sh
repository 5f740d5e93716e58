#!/usr/bin/env bash
# Runs ProcedureRegistry on this machine with its own PostgreSQL, migrated, and prints how to sign in.
#   deploy/run.sh [--demo] [--port N]      run (with --demo: seed a demo clinic, one user per role)
#   deploy/run.sh --reset-password EMAIL    print a new random password for EMAIL, then exit
#   deploy/run.sh --reset-two-factor EMAIL  turn EMAIL's two-factor sign-in off (lost phone and recovery codes), then exit
# With a Docker engine it runs docker compose (app + PostgreSQL + Mailpit). Without one, it keeps a local
# PostgreSQL cluster under .data/ (git-ignored), started from the installed server binaries; re-running reuses it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
demo=false
reset_email=""
reset_two_factor_email=""
port=${PORT:-5080}
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=true ;;
    --port) port=$2; shift ;;
    --reset-password) reset_email=$2; shift ;;
    --reset-two-factor) reset_two_factor_email=$2; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
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

data=$root/.data
cluster=$data/postgres
pgport=${PGPORT:-55432}
mkdir -p "$data"

# As root, PostgreSQL must run as an unprivileged user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ ! -f "$cluster/PG_VERSION" ]; then
  echo "Creating a local PostgreSQL cluster in $cluster ..."
  umask 077
  head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$data/pg-password"
  mkdir -p "$cluster"
  if [ "$(id -u)" = 0 ]; then chown postgres "$data" "$cluster" "$data/pg-password"; fi
  as_pg "$pgbin/initdb" -D "$cluster" -U postgres --auth=scram-sha-256 --pwfile="$data/pg-password" >/dev/null
  umask 022
fi
password=$(cat "$data/pg-password")

if ! as_pg "$pgbin/pg_ctl" -D "$cluster" status >/dev/null 2>&1; then
  as_pg "$pgbin/pg_ctl" -D "$cluster" -l "$cluster/server.log" -w \
    -o "-p $pgport -k $cluster -c listen_addresses=127.0.0.1" start >/dev/null
  echo "PostgreSQL started on 127.0.0.1:$pgport (log: $cluster/server.log)."
fi
export PGPASSWORD=$password
if ! "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'procedure_registry'" | grep -q 1; then
  "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres procedure_registry
fi
unset PGPASSWORD

echo "Building the app ..."
dotnet publish "$root/src/ProcedureRegistry.Web" -c Release -o "$data/app" --nologo -v quiet >/dev/null

export ConnectionStrings__Registry="Host=127.0.0.1;Port=$pgport;Database=procedure_registry;Username=postgres;Password=$password"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
app=(dotnet "$data/app/ProcedureRegistry.Web.dll")
cd "$data/app"

"${app[@]}" migrate
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

url="http://localhost:$port"
echo
echo "ProcedureRegistry is starting at $url"
echo "Sign in there with an account above. A lost password: deploy/run.sh --reset-password EMAIL"
echo "Admins set up two-factor sign-in (an authenticator app) at their first sign-in. A lost phone and recovery codes: deploy/run.sh --reset-two-factor EMAIL"
echo "Stop with Ctrl+C; PostgreSQL keeps running (stop it: $pgbin/pg_ctl -D $cluster stop). Data stays in $data."
echo
exec "${app[@]}" --urls "$url"
