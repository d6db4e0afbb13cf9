#!/usr/bin/env bash
# Benchmark: does the server give back the memory of the books it generates? A release build of
# `serve --demo` on SQLite; each cycle edits the book (a section's text, through the pages, so
# every book differs from the last) and fetches `GET /api/v1/regions/99.01/book.pdf`. Prints the
# server's resident memory (RSS) after 10 and after N books and their ratio; target: within 20 %.
#
#   ./scripts/bench-book-memory.sh [CYCLES]      (default 200; needs a release build, made if missing)
#   PROFILE=debug ./scripts/bench-book-memory.sh 40   (the debug build: slower, same caches)
#
# Before the fix (typst's memoization cache never emptied) 50 cycles took the server from
# 836 MB to 3,295 MiB, with no plateau.
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-200}
[ "$cycles" -ge 10 ] || { echo "at least 10 cycles" >&2; exit 1; }

if [ "${PROFILE:-release}" = debug ]; then
  [ -n "${SKIP_BUILD:-}" ] || cargo build --locked -p kotacerdas
  bin=$PWD/target/debug/kotacerdas
else
  cargo build --release --locked -p kotacerdas
  bin=$PWD/target/release/kotacerdas
fi
. scripts/demo-server.sh
start_demo_server "$bin"

user=admin.sukamaju
password=kotacerdas-demo
jar="$work/cookies"
csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1; }
token=$(curl -fsS -c "$jar" "$base/login" | csrf)
curl -fsS -b "$jar" -c "$jar" -o /dev/null -d "_csrf=$token" -d "username=$user" -d "password=$password" "$base/login"
token=$(curl -fsS -b "$jar" -c "$jar" "$base/regions/99.01/book/texts/purpose?lang=id" | csrf)
[ -n "$token" ] || { echo "could not sign in as $user" >&2; exit 1; }
bearer=$(curl -fsS -H 'content-type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"$password\"}" "$base/api/v1/auth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

rss_mib() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
cycle() {
  local i=$1 status
  status=$(curl -sS -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "_csrf=$token" --data-urlencode "lang=id" \
    --data-urlencode "narrative=Tujuan masterplan, revisi ke-$i: dokumen acuan bersama pemerintah daerah." \
    "$base/regions/99.01/book/texts/purpose")
  [ "$status" = 303 ] || { echo "edit $i answered $status" >&2; exit 1; }
  status=$(curl -sS -o "$work/book.pdf" -w '%{http_code}' -H "authorization: Bearer $bearer" \
    "$base/api/v1/regions/99.01/book.pdf")
  [ "$status" = 200 ] || { echo "book $i answered $status" >&2; exit 1; }
}

start_rss=$(rss_mib)
started=$(date +%s)
for i in $(seq 1 "$cycles"); do
  cycle "$i"
  [ "$i" = 10 ] && at10=$(rss_mib)
  if [ $((i % 25)) = 0 ]; then printf '  %4d books: %5s MiB\n' "$i" "$(rss_mib)"; fi
done
atn=$(rss_mib)
secs=$(($(date +%s) - started))

printf '\nbook generation memory, demo region 99.01 (%s build, %s cycles of edit + book.pdf, %s s, %s cores)\n' \
  "${PROFILE:-release}" "$cycles" "$secs" "$(nproc)"
printf '  RSS at start          %6s MiB\n' "$start_rss"
printf '  RSS after 10 books    %6s MiB\n' "$at10"
printf '  RSS after %-4s books  %6s MiB (%s pages in the last)\n' "$cycles" "$atn" \
  "$(pdfinfo "$work/book.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
awk -v a="$at10" -v b="$atn" -v n="$cycles" 'BEGIN { r = b / a; printf "  ratio after %d / after 10: %.2f (target ≤ 1.20): %s\n", n, r, (r <= 1.2 ? "met" : "NOT met"); exit (r <= 1.2 ? 0 : 1) }'
