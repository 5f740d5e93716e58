#!/bin/sh
# Makes a self-signed certificate (PFX, mode 600) that encrypts the app's data-protection keys at rest, unless the
# file exists. Used by deploy/run.sh and the compose `migrate` service; in production, use your own PKI's.
#   CERTIFICATE_PASSWORD=... deploy/make-data-protection-certificate.sh PATH.pfx
set -eu
pfx=$1
[ -s "$pfx" ] && exit 0
: "${CERTIFICATE_PASSWORD:?set CERTIFICATE_PASSWORD}"
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=ProcedureRegistry data protection" \
  -keyout "$work/key.pem" -out "$work/certificate.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/certificate.pem" -out "$pfx" -passout env:CERTIFICATE_PASSWORD
echo "Data-protection certificate created: $pfx"
