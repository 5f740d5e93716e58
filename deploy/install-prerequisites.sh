#!/usr/bin/env bash
# Installs what this project's tests and run script need and the machine lacks (Debian packages), nothing else:
#   PostgreSQL server binaries (initdb, pg_ctl), Debian's Chromium and ChromeDriver (browser tests, PDF reports),
#   poppler-utils (pdftoppm, pdftotext: the report tests look inside the PDFs), openssl (deploy/run.sh's certificate),
#   Node.js and npm (the browser tests' build installs axe-core from npm, tests/ProcedureRegistry.BrowserTests/package.json).
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing missing packages: ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "Run as root, or install them yourself: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
