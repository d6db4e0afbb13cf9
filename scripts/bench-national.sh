#!/usr/bin/env bash
# Benchmark at national scale: loads the synthetic nation (`kotacerdas demo --national`: 552
# regions, 300 programmes each) into SQLite and into PostgreSQL, serves it, and drives the
# heaviest pages with wrk at fixed concurrency: a region's programme register, the national
# dashboard, a region's monitoring dashboard (signed in) and what the public sees without an
# account (a region, the index, the public monitoring page, a region's open-data CSV — sent with
# no cookie, as a reader's browser would). In the same run nginx (Debian) serves the same page's
# bytes as a static file, the reference for throughput. Prints p50/p99 latency, requests/s, the
# ratio to nginx and its target, the national dashboard's bytes on the wire compressed, and the
# server's peak RSS.
#
#   ./scripts/bench-national.sh [SECONDS] [CONNECTIONS]     (default 10 s, 32 connections)
#
# Needs wrk and nginx (Debian packages; installed when run as root) and PostgreSQL on
# 127.0.0.1:5432 (trust auth, as on the test machines; KOTACERDAS_BENCH_PG to point elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-32}
export DEBIAN_FRONTEND=noninteractive
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "install $tool (as root: apt-get install -y wrk nginx-light)" >&2; exit 1; }
    apt-get update -q && apt-get install -y -q wrk nginx-light
  fi
done
if [ -z "${KOTACERDAS_BIN:-}" ]; then cargo build --release --locked -p kotacerdas; fi
bin=${KOTACERDAS_BIN:-$PWD/target/release/kotacerdas}
work=$(mktemp -d)
server=
ngx=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$ngx" ] && kill "$ngx" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
pg=${KOTACERDAS_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
port=18088
ngx_port=18089
region=11.01
# Signed-in pages (sent with the session cookie), then public ones (sent with no cookie at all,
# as an anonymous reader's browser would).
signed=("/regions/$region/programmes" "/national?year=2025" "/regions/$region/monitoring?year=2025")
public=("/publik/$region" "/publik" "/publik/$region/pemantauan" "/api/v1/regions/$region/programmes.csv")

# nginx serving a directory of saved pages: the reference for "bytes served as fast as possible".
mkdir -p "$work/static" "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 2;
error_log $work/nginx/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$ngx_port; root $work/static; default_type text/html; }
}
EOF

login() { # → cookie header value
  local jar=$work/jar csrf
  rm -f "$jar"
  csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" -d "username=program&password=kotacerdas-demo" "http://127.0.0.1:$port/login"
  awk 'NF == 7 {c = c $6 "=" $7 "; "} END {print c}' "$jar"
}

run_wrk() { # url [cookie] → "p50 p99 rps"
  local out
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency ${2:+-H "Cookie: $2"} "$1")
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%.1f %.1f %.0f %s\n", p50, p99, rps, (bad ? bad : 0) }'
}

printf '\nkotacerdas at national scale: %s s per page, %s connections, %s cores\n' "$secs" "$conns" "$(nproc)"
for backend in sqlite postgres; do
  if [ "$backend" = sqlite ]; then
    url="sqlite://$work/nation.db"
  else
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS kotacerdas_bench" -c "CREATE DATABASE kotacerdas_bench" >/dev/null
    url="$pg/kotacerdas_bench"
  fi
  load=$( { /usr/bin/time -f "%e" "$bin" --database-url "$url" demo --national >/dev/null; } 2>&1 | tail -n1)
  KOTACERDAS_STORAGE="$work/files" "$bin" --database-url "$url" serve --bind "127.0.0.1:$port" >"$work/server-$backend.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  cookie=$(login)
  printf '\n%s (nation loaded in %s s)\n' "$backend" "$load"
  printf '  %-42s %8s %8s %9s %9s %8s  %s\n' page p50_ms p99_ms req/s nginx_r/s ratio target
  for page in "${signed[@]}" "${public[@]}"; do
    ck=$cookie target="p99 ≤ 50 ms, ≥ 10 %"
    case " ${public[*]} " in *" $page "*) ck= target="p99 ≤ 20 ms, ≥ 25 %" ;; esac
    curl -s ${ck:+-H "Cookie: $ck"} "http://127.0.0.1:$port$page" >"$work/static/page.html"
    [ -s "$work/static/page.html" ] || { echo "empty answer for $page" >&2; exit 1; }
    run_wrk "http://127.0.0.1:$port$page" "$ck" >/dev/null # warm-up
    read -r p50 p99 rps bad < <(run_wrk "http://127.0.0.1:$port$page" "$ck")
    nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g "daemon off;" 2>/dev/null &
    ngx=$!
    sleep 0.5
    read -r _ _ nrps _ < <(run_wrk "http://127.0.0.1:$ngx_port/page.html")
    kill "$ngx"; wait "$ngx" 2>/dev/null || true; ngx=
    ratio=$(awk -v a="$rps" -v b="$nrps" 'BEGIN { printf "%.1f%%", (b > 0 ? 100 * a / b : 0) }')
    printf '  %-42s %8s %8s %9s %9s %8s  %s' "$page" "$p50" "$p99" "$rps" "$nrps" "$ratio" "$target"
    [ "$bad" = 0 ] && echo || echo "  ($bad non-2xx answers!)"
  done
  plain=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/national?year=2025" | wc -c)
  packed=$(curl -s -H "Cookie: $cookie" -H "Accept-Encoding: br, gzip" "http://127.0.0.1:$port/national?year=2025" | wc -c)
  printf '  national dashboard on the wire: %s bytes compressed of %s (%s; target ≤ 20 %% of 317 kB)\n' \
    "$packed" "$plain" "$(awk -v a="$packed" -v b="$plain" 'BEGIN { printf "%.1f%%", 100 * a / b }')"
  rss=$(awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$server/status")
  printf '  server peak RSS: %s (target ≤ 100 MiB)\n' "$rss"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done
echo
echo "nginx serves the same bytes as a file (uncompressed, like the benchmark's requests) in the same run."
