#!/usr/bin/env bash
# The whole test suite: formatting, clippy (-D warnings), unit/property tests and the integration
# tests on SQLite and PostgreSQL, the crash test and the browser test. CI (.ci/run) runs exactly this.
# Missing prerequisites (PostgreSQL on 127.0.0.1:5432, Debian's chromium and chromedriver,
# poppler-utils) are started or installed when we are root; otherwise the script stops and says so.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
as_root() { [ "$(id -u)" = 0 ]; }

step "prerequisites"
if ! command -v pg_isready >/dev/null 2>&1 || ! ls /etc/postgresql >/dev/null 2>&1; then
  as_root || { echo "PostgreSQL is not installed; install Debian's postgresql (as root) and rerun." >&2; exit 1; }
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; starting it"
  as_root || { echo "cannot start PostgreSQL without root; start it and rerun." >&2; exit 1; }
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }
fi
# The tests connect as postgres without a password (trust on 127.0.0.1, as these machines ship).
psql "postgres://postgres@127.0.0.1:5432/postgres" -qAtc "select 1" >/dev/null \
  || { echo "cannot connect as postgres@127.0.0.1:5432 (trust authentication expected)" >&2; exit 1; }
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  as_root || { echo "missing: ${missing[*]}; install Debian's packages (as root) and rerun." >&2; exit 1; }
  echo "installing ${missing[*]}"
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
echo "PostgreSQL: $(psql "postgres://postgres@127.0.0.1:5432/postgres" -qAtc 'show server_version')"
echo "chromium: $(chromium --version 2>/dev/null | head -n1)"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (SQLite and PostgreSQL)"
cargo test --workspace --locked
