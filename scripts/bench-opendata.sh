#!/usr/bin/env bash
# Benchmark of the national open-data exports: loads the synthetic nation (`kotacerdas demo
# --national`: 552 regions, 165,600 programmes, ~600,000 yearly budgets, every plan approved)
# into a temporary SQLite file, serves it with the release binary, and downloads the streamed
# national CSV exports with curl. Prints seconds, bytes, rows and the server's peak RSS
# (VmHWM from /proc/PID/status: before the first export and after the last), and the ratio to a
# reference measured in the same run: the same curl reading the same bytes from a file.
#
#   ./scripts/bench-opendata.sh
#
# Uses $CARGO_TARGET_DIR when set (else ./target).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p kotacerdas
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/kotacerdas
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port=18090
url="sqlite://$work/nation.db"

load=$( { /usr/bin/time -f "%e" "$bin" --database-url "$url" demo --national >/dev/null; } 2>&1 | tail -n1)
KOTACERDAS_STORAGE="$work/files" "$bin" --database-url "$url" serve --bind "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
hwm() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$server/status"; }
before=$(hwm)

printf '\nkotacerdas open data: the synthetic nation on SQLite (loaded in %s s), %s cores\n' "$load" "$(nproc)"
printf '  %-36s %8s %12s %9s %11s %9s %14s\n' export seconds bytes rows "ref_s" ratio "peak_RSS_MiB"
for path in /api/v1/national/programmes.csv /api/v1/national/budgets.csv /api/v1/national/kpis.csv /api/v1/national/programmes.json; do
  out="$work/export"
  read -r secs bytes < <(curl -s -o "$out" -D "$work/headers" -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$port$path")
  grep -qi '^transfer-encoding: chunked' "$work/headers" || echo "  (not chunked: $path)"
  grep -qi '^content-length:' "$work/headers" && echo "  (has a Content-Length: $path)"
  case "$path" in
    *.csv) rows=$(( $(wc -l <"$out") - 1 )) ;;
    *.json) rows=$(grep -c '^{' "$out" || true) ;;
  esac
  ref=$(curl -s -o /dev/null -w '%{time_total}' "file://$out")
  ratio=$(awk -v a="$secs" -v b="$ref" 'BEGIN { printf "%.0f×", (b > 0 ? a / b : 0) }')
  printf '  %-36s %8.2f %12s %9s %11.3f %9s %14s\n' "$path" "$secs" "$bytes" "$rows" "$ref" "$ratio" "$(hwm)"
done
printf '  server peak RSS: %s MiB before the exports, %s MiB after\n' "$before" "$(hwm)"
kill "$server"; wait "$server" 2>/dev/null || true; server=
echo
echo "target: the national programmes CSV in ≤ 10 s with bounded memory"
