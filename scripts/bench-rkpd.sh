#!/usr/bin/env bash
# Benchmark of the adopted-RKPD import and the alignment page:
#
#  1. Import: a 5,000-row RKPD export (CSV as a planning system writes it: a title block, a
#     two-row header, program subtotal rows, codes as text, id-ID money) is sent to
#     `POST /api/v1/regions/99.01/rkpd` RUNS times on a fresh `serve --demo` (SQLite and
#     PostgreSQL); each run reads, checks and stores all rows in one transaction. Reference in the
#     same run: the same 5,000 rows inserted by the sqlite3 CLI in one transaction (WAL,
#     synchronous=FULL), the floor for storing them.
#  2. Alignment page: the synthetic nation (`kotacerdas demo --national`; region 11.01 has an
#     RKPD of ~1,150 sub-activities against its 300 programmes) served on SQLite and PostgreSQL,
#     `/regions/11.01/alignment?year=2025` driven with wrk (signed in as the programme office),
#     p50/p99 and requests/s, beside nginx serving the same page's bytes as a static file.
#
#   ./scripts/bench-rkpd.sh [RUNS] [SECONDS] [CONNECTIONS]     (default 5 runs, 10 s, 8 connections)
#
# KOTACERDAS_BIN=/path/to/kotacerdas uses that binary instead of building target/release/kotacerdas.
# Needs wrk, nginx and sqlite3 (Debian packages; installed when run as root) and PostgreSQL on
# 127.0.0.1:5432 (trust auth; KOTACERDAS_BENCH_PG to point elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
secs=${2:-10}
conns=${3:-8}
export DEBIAN_FRONTEND=noninteractive
for tool in wrk nginx sqlite3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "install $tool (as root: apt-get install -y wrk nginx-light sqlite3)" >&2; exit 1; }
    apt-get update -q && apt-get install -y -q wrk nginx-light sqlite3
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
port=18086
ngx_port=18087
base=http://127.0.0.1:$port

python3 - "$work/rkpd.csv" "$work/rows.sql" <<'PY'
import sys, random
random.seed(18)
csv, sql = sys.argv[1], sys.argv[2]
def money(v): return "Rp " + f"{v:,}".replace(",", ".") + ",00"
opds = ["Dinas Kesehatan", "Dinas Pendidikan", "Dinas Perhubungan", "Dinas Komunikasi dan Informatika", "Dinas Pekerjaan Umum dan Penataan Ruang"]
rows = []
for i in range(5000):
    prog = f"1.{(i // 250) % 30 + 1:02d}.{(i // 50) % 20 + 2:02d}"
    rows.append((f"{prog}.2.{(i // 10) % 9 + 1:02d}.{i % 10000:04d}", f"Sub kegiatan uji nomor {i} untuk layanan; \"wilayah\" {i % 17}", opds[i % 5], "Capaian layanan", f"{i % 100} %", random.randint(10, 5000) * 1_000_000))
rows.sort()
with open(csv, "w") as f:
    f.write("RENCANA KERJA PEMERINTAH DAERAH TAHUN 2030\n\n")
    f.write("Kode;Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan;Perangkat Daerah;Indikator Kinerja;;Pagu Indikatif (Rp)\n;;;Tolok Ukur;Target;\n")
    last = None
    for code, name, opd, ind, tgt, pagu in rows:
        head = ".".join(code.split(".")[:3])
        if head != last:
            f.write(f"{head};PROGRAM {head};;;;{money(sum(r[5] for r in rows if r[0].startswith(head + '.')))}\n")
            last = head
        name = '"' + name.replace('"', '""') + '"'
        f.write(f"'{code};{name};{opd};{ind};{tgt};{money(pagu)}\n")
with open(sql, "w") as f:
    f.write("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;\n")
    f.write("CREATE TABLE items (id INTEGER PRIMARY KEY, import_id INTEGER, region_id INTEGER, row INTEGER, code TEXT, name TEXT, opd_name TEXT, indicator TEXT, target TEXT, pagu INTEGER);\n")
    f.write("BEGIN;\n")
    for n, (code, name, opd, ind, tgt, pagu) in enumerate(rows):
        f.write(f"INSERT INTO items (import_id, region_id, row, code, name, opd_name, indicator, target, pagu) VALUES (1, 1, {n}, '{code}', '{name.replace(chr(39), chr(39)*2)}', '{opd}', '{ind}', '{tgt}', {pagu});\n")
    f.write("COMMIT;\n")
PY
echo "RKPD export: $(wc -l <"$work/rkpd.csv") lines, $(du -k "$work/rkpd.csv" | cut -f1) KB"

wait_up() { for _ in $(seq 1 600); do curl -fs "$base/healthz" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "server did not start" >&2; exit 1; }
token() {
  curl -fsS -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"kotacerdas-demo\"}" "$base/api/v1/auth/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

start=$(date +%s.%N)
sqlite3 "$work/raw.db" <"$work/rows.sql" >/dev/null
raw=$(python3 -c "import time; print(f'{(time.time() - $start) * 1000:.0f}')")
echo "reference: sqlite3 CLI, 5,000 rows in one transaction: ${raw} ms"

for backend in sqlite postgres; do
  if [ "$backend" = sqlite ]; then url="sqlite://$work/kc.db"; else
    db="kc_bench_rkpd_$$"
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    url="$pg/$db"
  fi
  KOTACERDAS_STORAGE="$work/files-$backend" "$bin" --database-url "$url" serve --demo --bind "127.0.0.1:$port" >"$work/server-$backend.log" 2>&1 &
  server=$!
  wait_up
  tok=$(token admin.sukamaju)
  times=()
  for n in $(seq 1 "$runs"); do
    t=$(curl -s -o "$work/out.json" -w '%{http_code} %{time_total}' -H "authorization: Bearer $tok" \
      -H 'content-type: application/octet-stream' --data-binary "@$work/rkpd.csv" "$base/api/v1/regions/99.01/rkpd?year=2030&label=Bench")
    [ "${t%% *}" = 201 ] || { echo "import failed: $t $(head -c 400 "$work/out.json")" >&2; exit 1; }
    times+=("$(awk '{printf "%.0f", $2 * 1000}' <<<"$t")")
  done
  items=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"])' "$work/out.json")
  med=$(printf '%s\n' "${times[@]}" | median)
  echo "$backend: import of $items rows, median of $runs runs: ${med} ms (each run: ${times[*]} ms); ratio to raw sqlite3: $(python3 -c "print(f'{$med / max($raw, 1):.1f}')")×"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done

# The alignment page on the synthetic nation.
mkdir -p "$work/static" "$work/nginx"
cat >"$work/nginx/nginx.conf" <<NGX
worker_processes 2;
error_log $work/nginx/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx; uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$ngx_port; root $work/static; default_type text/html; }
}
NGX
run_wrk() { # url [cookie] → "p50 p99 rps non2xx"
  wrk -t2 -c"$conns" -d"${secs}s" --latency ${2:+-H "Cookie: $2"} "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } /^Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF }
    END { printf "%.1f %.1f %.0f %s\n", p50, p99, rps, (bad ? bad : 0) }'
}
page="/regions/11.01/alignment?year=2025"
for backend in sqlite postgres; do
  if [ "$backend" = sqlite ]; then url="sqlite://$work/nation.db"; else
    db="kc_bench_nation_$$"
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    url="$pg/$db"
  fi
  "$bin" --database-url "$url" demo --national | tail -1
  "$bin" --database-url "$url" serve --bind "127.0.0.1:$port" >"$work/nation-$backend.log" 2>&1 &
  server=$!
  wait_up
  jar=$work/jar; rm -f "$jar"
  csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" -d "username=program&password=kotacerdas-demo" "$base/login"
  cookie=$(awk 'NF == 7 {c = c $6 "=" $7 "; "} END {print c}' "$jar")
  curl -s -H "Cookie: $cookie" "$base$page" -o "$work/static/alignment.html"
  grep -q 'id="alignment-figures"' "$work/static/alignment.html" || { echo "the alignment page did not render" >&2; exit 1; }
  [ -n "$ngx" ] || { nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' & ngx=$!; sleep 0.5; }
  read -r p50 p99 rps bad < <(run_wrk "$base$page" "$cookie")
  read -r _ _ nrps _ < <(run_wrk "http://127.0.0.1:$ngx_port/alignment.html")
  echo "$backend: $page ($(du -k "$work/static/alignment.html" | cut -f1) KB): p50 ${p50} ms, p99 ${p99} ms, ${rps} req/s (non-2xx: $bad); nginx same bytes ${nrps} req/s, ratio $(python3 -c "print(f'{$rps / max($nrps, 1):.3f}')")"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done
