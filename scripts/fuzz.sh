#!/usr/bin/env bash
# Bounded smoke run of every fuzz target (libFuzzer, coverage-guided) on the stable toolchain:
#   ./scripts/fuzz.sh            # each target FUZZ_SECONDS (default 30) seconds
#   FUZZ_SECONDS=600 ./scripts/fuzz.sh xlsx_programmes
# The targets are ordinary cargo-fuzz targets (`cargo fuzz run NAME` works too, on nightly); this
# script builds them with the same sanitizer-coverage flags cargo-fuzz passes, without AddressSanitizer
# (safe Rust; the allocation cap below is what catches a parser that trusts a declared size).
# A crash, a panic, a timeout or one allocation above FUZZ_MALLOC_MB fails the run; the input that
# did it is kept in fuzz/artifacts/NAME/ and its path printed.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${FUZZ_SECONDS:-30}"
malloc_mb="${FUZZ_MALLOC_MB:-512}"
rss_mb="${FUZZ_RSS_MB:-1024}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^kotacerdas-fuzz$')
fi

export RUSTFLAGS="${RUSTFLAGS:-} --cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
  -Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
# An explicit --target (as cargo-fuzz passes) keeps RUSTFLAGS off build scripts and proc macros,
# which cannot link against the coverage callbacks libFuzzer provides.
host="$(rustc -vV | sed -n 's/^host: //p')"
cargo build --release --locked --target "$host" --target-dir target/fuzz --bins

summary=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t" "target/work/$t"
  # A scratch corpus seeded from the committed one, so a CI run never rewrites the repository.
  cp -n corpus/"$t"/* "target/work/$t/" 2>/dev/null || true
  echo "==> fuzz $t for ${seconds}s (malloc cap ${malloc_mb} MB, rss cap ${rss_mb} MB)"
  log="target/work/$t.log"
  if ! "target/fuzz/$host/release/$t" "target/work/$t" "corpus/$t" -max_total_time="$seconds" \
      -malloc_limit_mb="$malloc_mb" -rss_limit_mb="$rss_mb" -timeout=10 -max_len=1048576 \
      -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz target $t FAILED; the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  summary+=("$t: ${runs:-?} executions in ${seconds}s, 0 crashes")
done
printf '%s\n' "${summary[@]}"
