#!/usr/bin/env bash
# The test command: installs what the machine lacks (deploy/install-prerequisites.sh), then runs every test
# project of the solution. Tests start their own PostgreSQL and Chromium; nothing else is needed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash deploy/install-prerequisites.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ProcedureRegistry.sln --nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test projects.
sum() { grep -Eo "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
