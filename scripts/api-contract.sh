#!/usr/bin/env bash
# The API document is the contract: schemathesis (property-based API testing, from PyPI) reads
# /api/v1/openapi.json from a running demo server and sends generated requests to every
# operation — valid ones and deliberately invalid ones — then checks each answer against the
# document: no 5xx, only declared statuses, declared content types, bodies that match their
# schemas, invalid data refused, valid data accepted. Bounded (a fixed number of examples per
# operation, a fixed seed) so CI runs the same cases each time; 0 failures or it fails. A
# response may take up to 120 s (a book typeset on demand in a debug build on a busy machine).
#
#   ./scripts/api-contract.sh                 # after a debug build (cargo build)
#   KOTACERDAS_BIN=target/release/kotacerdas CONTRACT_EXAMPLES=200 ./scripts/api-contract.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

bin="$(realpath -m "${KOTACERDAS_BIN:-target/debug/kotacerdas}")"
[ -x "$bin" ] || { echo "no server binary at $bin (cargo build first)" >&2; exit 1; }
examples="${CONTRACT_EXAMPLES:-25}"
version=4.32.5
venv="${SCHEMATHESIS_VENV:-target/schemathesis-$version}"
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  command -v python3 >/dev/null || { echo "python3 is needed for schemathesis" >&2; exit 1; }
  python3 -m venv "$venv" 2>/dev/null || {
    [ "$(id -u)" = 0 ] && { apt-get update -q && apt-get install -y -q python3-venv; } && python3 -m venv "$venv"
  }
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$version"
fi

. scripts/demo-server.sh
start_demo_server "$bin"

# The programme office sees every operation; the demo's password is the demo's.
bearer=$(curl -fsS -H 'content-type: application/json' \
  -d '{"username":"program","password":"kotacerdas-demo"}' "$base/api/v1/auth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

status=0
"$venv/bin/schemathesis" --config-file scripts/schemathesis.toml --no-color run "$base/api/v1/openapi.json" \
  -H "Authorization: Bearer $bearer" --checks all --exclude-checks ensure_resource_availability \
  --max-examples "$examples" --seed 20261129 \
  --workers 2 --request-timeout 120 --max-response-time 120 --generation-database none || status=$?
if [ "$status" != 0 ]; then
  echo "schemathesis found failures (above). Server log tail:" >&2
  tail -n 30 "$work/server.log" >&2
fi
exit "$status"
