#!/usr/bin/env bash
# The whole test suite: formatting, clippy (-D warnings), unit/property tests and the integration
# tests on SQLite and PostgreSQL, the crash test, the browser test, the API document checked as a
# contract (schemathesis) and a bounded fuzz run of every parser of outside bytes. CI (.ci/run)
# runs exactly this.
#
# Prerequisites are checked first and never silently skipped: PostgreSQL on 127.0.0.1:5432 (user
# postgres, trust authentication; KOTACERDAS_TEST_PG=postgres://… points the tests elsewhere),
# Debian's chromium and chromium-driver, and poppler-utils (pdftotext). As root the script starts
# or installs what is missing (apt-get, non-interactive); otherwise it stops and says what to do.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
if [ "${CI:-}" = true ]; then
  # Plain logs in CI: no progress bars, no colour codes.
  export CARGO_TERM_PROGRESS_WHEN=never CARGO_TERM_COLOR=never
fi

started=$SECONDS
step() { printf '\n==> %s  [%ds]\n' "$*" "$((SECONDS - started))"; }
fail() { printf '\nerror: %s\n' "$*" >&2; exit 1; }
as_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
  as_root || fail "missing: $*. Install Debian's packages as root (apt-get install -y $*) and rerun."
  echo "installing $* (apt-get)"
  apt-get update -q
  apt-get install -y -q "$@"
}

step "prerequisites: Rust toolchain"
command -v cargo >/dev/null 2>&1 || fail "cargo is not on PATH; install Rust (https://rustup.rs) and rerun."
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  command -v rustup >/dev/null 2>&1 || fail "cargo fmt / cargo clippy are missing; install rustfmt and clippy."
  rustup component add rustfmt clippy
fi
echo "$(cargo --version); $(cargo fmt --version); $(cargo clippy --version)"

step "prerequisites: PostgreSQL"
pg_url="${KOTACERDAS_TEST_PG:-postgres://postgres@127.0.0.1:5432}"
hba_changed=
if [ -z "${KOTACERDAS_TEST_PG:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
    # A fresh install only trusts local socket peers; the tests connect over TCP as postgres
    # without a password, as the test machines are set up. Trust loopback TCP on this new cluster.
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
      if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
        echo "pg_hba: trusting loopback TCP connections in $hba (new test cluster)"
        sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
        hba_changed=1
      fi
    done
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    as_root || fail "PostgreSQL is not answering on 127.0.0.1:5432; start it (as root: pg_ctlcluster VERSION main start) and rerun."
    version="$(ls /etc/postgresql | sort -V | tail -n1)"
    echo "PostgreSQL $version is not answering on 127.0.0.1:5432; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    pg_isready -q -h 127.0.0.1 -p 5432 || fail "PostgreSQL $version did not start; see /var/log/postgresql/."
  fi
  # The package may have started the new cluster before the pg_hba edit.
  if [ -n "$hba_changed" ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main reload || true
  fi
fi
command -v psql >/dev/null 2>&1 || apt_install postgresql-client
psql "$pg_url/postgres" -qAtc "select 1" >/dev/null \
  || fail "cannot connect to $pg_url as postgres without a password (trust authentication expected, or set KOTACERDAS_TEST_PG)."
echo "PostgreSQL $(psql "$pg_url/postgres" -qAtc 'show server_version') at ${pg_url#*@}"

step "prerequisites: chromium, chromedriver, pdftotext"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
for bin in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$bin" ] || fail "$bin is missing; the browser tests need Debian's chromium and chromium-driver."
done
echo "$(chromium --version 2>/dev/null | head -n1); $(chromedriver --version | head -n1 | cut -d' ' -f1-2); $(pdftotext -v 2>&1 | head -n1)"

step "prerequisites: an S3-compatible server for the storage tests (moto, PyPI, pinned)"
moto_version=5.2.5
moto_venv="${MOTO_VENV:-target/moto-$moto_version}"
if ! [ -x "$moto_venv/bin/moto_server" ]; then
  python3 -m venv "$moto_venv" 2>/dev/null || {
    as_root && { apt-get update -q && apt-get install -y -q python3-venv; } && python3 -m venv "$moto_venv"
  } || fail "python3 -m venv failed; install python3-venv."
  "$moto_venv/bin/pip" install -q --disable-pip-version-check "moto[server]==$moto_version"
fi
case $moto_venv in /*) ;; *) moto_venv=$PWD/$moto_venv ;; esac
export KOTACERDAS_MOTO="$moto_venv/bin/moto_server"
echo "moto $("$moto_venv/bin/python" -c 'import moto; print(moto.__version__)') at $KOTACERDAS_MOTO"

step "cargo fmt --all --check"
cargo fmt --all --check

# Clippy rides on the test build: clippy-driver compiles our crates (lints as errors) while cargo
# builds everything once, instead of a separate `cargo clippy` check build of every dependency.
# The same lints as `cargo clippy --workspace --all-targets -- -D warnings`; the crate has no
# doctests (checked below), so --all-targets loses none.
step "clippy (-D warnings) and the test build: cargo test --workspace --all-targets --no-run"
clippy_driver="$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver || true)"
[ -x "$clippy_driver" ] || fail "clippy-driver not found; install clippy (rustup component add clippy)."
if grep -rqs --include='*.rs' '^ *//[/!] *```' crates; then
  fail "a doc comment holds a code block: doctests would be skipped by --all-targets; run cargo test --doc too."
fi
export RUSTC_WORKSPACE_WRAPPER="$clippy_driver"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
cargo test --workspace --all-targets --locked --no-run

step "cargo test --workspace --all-targets --locked (SQLite and PostgreSQL, crash test, browser test)"
cargo test --workspace --all-targets --locked
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS

step "API contract: schemathesis over /api/v1/openapi.json, ${CONTRACT_EXAMPLES:-25} examples per operation (scripts/api-contract.sh)"
./scripts/api-contract.sh

step "fuzz smoke run: every parser of outside bytes, ${FUZZ_SECONDS:-30}s each (scripts/fuzz.sh)"
./scripts/fuzz.sh

step "all checks passed"
