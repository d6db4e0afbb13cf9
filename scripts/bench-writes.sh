#!/usr/bin/env bash
# Benchmark of writes at national scale: loads the synthetic nation (`kotacerdas demo --national`:
# 552 regions, 300 programmes each) into SQLite and into PostgreSQL, serves it, and sends the real
# web forms with wrk and scripts/bench-writes.lua, the way a browser sends them (signed in, with
# the session's CSRF token; a fresh one-time `_once` token for each programme edit):
#
#  1. Mixed load: CONNECTIONS connections of OPD planners saving monitoring reports (multipart, the
#     2025 period) and programme edits, alternating, while CONNECTIONS more connections of readers
#     browse the planners' programme registers (`/regions/{code}/programmes`) and the national
#     dashboard (`/national?year=2025`, the programme office). Every write must end in its redirect:
#     any other answer (a status, a form shown again, an error page, /login) is an error, and so is
#     a read that is not a 200 page. The planners are CONNECTIONS accounts made with
#     `kotacerdas user add` (the national demo has only the programme office), each the planner of
#     one OPD in its own region, on a programme that runs in 2025.
#  2. Citizen submissions: anonymous inputs to an open consultation (`/publik/{code}/konsultasi/{id}`,
#     multipart, the double-submit CSRF cookie the form page hands out) at CONNECTIONS connections,
#     against raw SQLite inserts at the same durability (WAL, synchronous=FULL, one similar row per
#     committed transaction) measured in the same run with the sqlite3 CLI: 1 and CONNECTIONS
#     writer processes, the better of the two counts. On PostgreSQL raw inserts with pgbench
#     (CONNECTIONS clients, synchronous_commit as configured) are printed too. The per-address
#     limit on citizen inputs (5 per 10 minutes, crates/web/src/limits.rs) is not a setting: the
#     server runs with `trust_proxy` on and each post carries its own X-Forwarded-For address,
#     as many citizens behind a reverse proxy would; the limit is still checked on every post.
#  3. The server's peak RSS (VmHWM) after each backend's run.
#
#   ./scripts/bench-writes.sh [SECONDS] [CONNECTIONS]     (default 10 s, 32 connections)
#
# KOTACERDAS_BIN=/path/to/kotacerdas uses that binary instead of building target/release/kotacerdas.
# Needs wrk and sqlite3 (Debian packages; installed when run as root) and PostgreSQL on
# 127.0.0.1:5432 (trust auth, as on the test machines; KOTACERDAS_BENCH_PG to point elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-32}
export DEBIAN_FRONTEND=noninteractive
for tool in wrk sqlite3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "install $tool (as root: apt-get install -y wrk sqlite3)" >&2; exit 1; }
    apt-get update -q && apt-get install -y -q wrk sqlite3
  fi
done
if [ -n "${KOTACERDAS_BIN:-}" ]; then
  bin=$KOTACERDAS_BIN
else
  cargo build --release --locked -p kotacerdas
  bin=$PWD/target/release/kotacerdas
fi
lua=$PWD/scripts/bench-writes.lua
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
pg=${KOTACERDAS_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
port=18090
base=http://127.0.0.1:$port
password=kotacerdas-demo
office_sessions=8
mkdir -p "$work/forms"

sql() { # query → rows, tab-separated (the backend's database, read-only use)
  if [ "$backend" = sqlite ]; then
    sqlite3 -separator $'\t' "$work/nation.db" "$1"
  else
    psql "$url" -qAtF $'\t' -c "$1"
  fi
}

login() { # username → cookie header value
  local jar=$work/jar csrf
  rm -f "$jar"
  csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | grep -o 'name="_csrf" value="[^"]*"' | sed -n '1s/.*value="//;1s/"//p')
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "username=$1" \
    --data-urlencode "password=$password" "$base/login"
  awk 'NF == 7 {c = c $6 "=" $7 "; "} END {print c}' "$jar"
}

fetch() { # path cookie file → saves the page; fails unless 200
  local code
  code=$(curl -s -o "$3" -w '%{http_code}' -H "Cookie: $2" "$base$1")
  [ "$code" = 200 ] || { echo "GET $1 answered $code" >&2; exit 1; }
}

run_wrk() { # mode manifest threads → "KC p50 p99 ok ok/s errors detail"
  local out
  out=$(wrk -t"$3" -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$lua" "$base" -- "$1" "$2" 2>&1) || {
    echo "$out" >&2
    return 1
  }
  echo "$out" | grep '^KC ' || { echo "$out" >&2; return 1; }
}

# The raw reference: one row like a citizen input per committed transaction, WAL, synchronous=FULL.
body_text="Mohon pemerintah daerah menambah titik layanan internet publik di balai desa dan sekolah, karena sinyal di wilayah kami masih lemah dan warga harus ke kota kecamatan untuk mengurus layanan daring. Usul kami: prioritaskan desa yang jauh dari pusat kecamatan, libatkan karang taruna untuk pendampingan literasi digital, dan umumkan jadwal pemasangan di papan desa serta kanal media sosial kabupaten supaya warga bisa ikut memantau pelaksanaannya."
raw_columns="consultation_id, region_id, kind, title, body, dimension_code, element_code, kecamatan, kelurahan, author_name, sender_hash, status, created_at"
raw_values="1, 1, 'aspiration', 'Internet publik di balai desa (' || hex(randomblob(4)) || ')', '$body_text', 'governance', 'G1', 'Sukamaju Barat', 'Cibeureum', 'Warga Uji', hex(randomblob(32)), 'pending', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
raw_sqlite() { # writers → inserts/s
  local db=$work/raw.db start end rows
  rm -f "$db" "$db-wal" "$db-shm"
  sqlite3 "$db" "PRAGMA journal_mode=WAL; CREATE TABLE citizen_inputs (id INTEGER PRIMARY KEY, consultation_id INTEGER NOT NULL, region_id INTEGER NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, dimension_code TEXT NOT NULL, element_code TEXT, kecamatan TEXT, kelurahan TEXT, author_name TEXT NOT NULL, sender_hash TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL); CREATE INDEX citizen_inputs_region ON citizen_inputs (region_id, status);" >/dev/null
  start=$(date +%s.%N)
  for _ in $(seq 1 "$1"); do
    (yes "INSERT INTO citizen_inputs ($raw_columns) VALUES ($raw_values);" |
      timeout "$secs" sqlite3 -cmd '.timeout 30000' -cmd 'PRAGMA synchronous=FULL' "$db" >/dev/null 2>&1 || true) &
  done
  wait
  end=$(date +%s.%N)
  rows=$(sqlite3 "$db" "SELECT count(*) FROM citizen_inputs")
  awk -v n="$rows" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f\n", n / (b - a) }'
}

raw_postgres() { # → inserts/s with pgbench (empty when pgbench is missing)
  command -v pgbench >/dev/null 2>&1 || return 0
  psql "$url" -qc "CREATE TABLE raw_inputs (id bigserial PRIMARY KEY, consultation_id bigint NOT NULL, region_id bigint NOT NULL, kind text NOT NULL, title text NOT NULL, body text NOT NULL, dimension_code text NOT NULL, element_code text, kecamatan text, kelurahan text, author_name text NOT NULL, sender_hash text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL); CREATE INDEX ON raw_inputs (region_id, status);"
  echo "INSERT INTO raw_inputs ($raw_columns) VALUES (1, 1, 'aspiration', 'Internet publik di balai desa (' || md5(random()::text) || ')', '$body_text', 'governance', 'G1', 'Sukamaju Barat', 'Cibeureum', 'Warga Uji', md5(random()::text) || md5(random()::text), 'pending', now());" >"$work/raw.sql"
  pgbench -n -c "$conns" -j 2 -T "$secs" -f "$work/raw.sql" "$url" 2>/dev/null | awk '/^tps/ {printf "%.0f\n", $3}'
}

printf '\nkotacerdas writes at national scale: %s s per phase, %s writer + %s reader connections, %s cores\n' \
  "$secs" "$conns" "$conns" "$(nproc)"
for backend in sqlite postgres; do
  if [ "$backend" = sqlite ]; then
    url="sqlite://$work/nation.db"
  else
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS kotacerdas_bench" -c "CREATE DATABASE kotacerdas_bench" >/dev/null
    url="$pg/kotacerdas_bench"
  fi
  load=$( { /usr/bin/time -f "%e" "$bin" --database-url "$url" demo --national >/dev/null; } 2>&1 | tail -n1)

  # One OPD planner per region: the lead OPD of a programme that runs in 2025 (it has a report due).
  mapfile -t planners < <(sql "SELECT r.code, (SELECT p.opd_id FROM programmes p WHERE p.region_id = r.id
    AND p.start_year <= 2025 AND p.end_year >= 2025 ORDER BY p.id LIMIT 1) AS opd FROM regions r
    WHERE r.code LIKE '%.%' ORDER BY r.id LIMIT $((conns * 2))" | awk -F'\t' '$2 != ""' | head -n "$conns")
  [ "${#planners[@]}" = "$conns" ] || { echo "only ${#planners[@]} regions with a 2025 programme" >&2; exit 1; }
  for i in "${!planners[@]}"; do
    IFS=$'\t' read -r code opd <<<"${planners[$i]}"
    echo "$password" | "$bin" --database-url "$url" user add "bench.planner.$i" --name "Perencana Uji $i" \
      --role opd_planner --region "$code" --opd "$opd" >/dev/null
  done

  KOTACERDAS_TRUST_PROXY=true KOTACERDAS_STORAGE="$work/files-$backend" \
    "$bin" --database-url "$url" serve --bind "127.0.0.1:$port" >"$work/server-$backend.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.5; done

  # The forms as each planner sees them, and what the readers look at.
  office=()
  for j in $(seq 1 "$office_sessions"); do office+=("$(login program)"); done
  : >"$work/writes.tsv"
  : >"$work/reads.tsv"
  for i in "${!planners[@]}"; do
    IFS=$'\t' read -r code opd <<<"${planners[$i]}"
    cookie=$(login "bench.planner.$i")
    fetch "/regions/$code/monitoring/my" "$cookie" "$work/forms/my-$i.html"
    link=$(grep -o "/regions/$code/monitoring/periods/[0-9]*/programmes/[0-9]*" "$work/forms/my-$i.html" | sed -n 1p)
    [ -n "$link" ] || { echo "bench.planner.$i has no report due in $code" >&2; exit 1; }
    fetch "$link" "$cookie" "$work/forms/report-$i.html"
    # The edit is of another of the OPD's programmes: an edit recreates the programme's KPIs, so a
    # report form loaded before it names KPIs that are gone (a 500 when the two race).
    pid=$(sql "SELECT id FROM programmes WHERE opd_id = $opd AND id <> ${link##*/} ORDER BY id LIMIT 1")
    fetch "/regions/$code/programmes/${pid:-${link##*/}}/edit" "$cookie" "$work/forms/edit-$i.html"
    printf 'report\t%s\t%s\nedit\t%s\t%s\n' "$cookie" "$work/forms/report-$i.html" "$cookie" "$work/forms/edit-$i.html" >>"$work/writes.tsv"
    printf '/regions/%s/programmes\t%s\n/national?year=2025\t%s\n' "$code" "$cookie" "${office[$((i % office_sessions))]}" >>"$work/reads.tsv"
    curl -s -o /dev/null -H "Cookie: $cookie" "$base/regions/$code/programmes" # warm-up
  done
  curl -s -o /dev/null -H "Cookie: ${office[0]}" "$base/national?year=2025" # warm-up

  # 1. Mixed load: writers and readers at the same time, each its own wrk.
  audit0=$(sql "SELECT count(*) FROM audit_log")
  run_wrk write "$work/writes.tsv" 1 >"$work/w.kc" &
  wpid=$!
  run_wrk read "$work/reads.tsv" 1 >"$work/r.kc" &
  rpid=$!
  wait "$wpid"
  wait "$rpid"
  audit1=$(sql "SELECT count(*) FROM audit_log")
  read -r _ wp50 wp99 wok wrps werr wdetail <"$work/w.kc"
  read -r _ rp50 rp99 rok rrps rerr rdetail <"$work/r.kc"

  # 2. Citizen submissions: a consultation opened by the programme office in the first region,
  #    then one anonymous visitor (form page and double-submit cookie) per connection.
  IFS=$'\t' read -r code _ <<<"${planners[0]}"
  fetch "/regions/$code/participation" "${office[0]}" "$work/forms/participation.html"
  csrf=$(grep -o 'name="_csrf" value="[^"]*"' "$work/forms/participation.html" | sed -n '1s/.*value="//;1s/"//p')
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ${office[0]}" --data-urlencode "_csrf=$csrf" \
    --data-urlencode "title=Konsultasi publik uji beban" --data-urlencode "description=Masukan warga untuk rencana Smart City." \
    -d "opens_on=$(date +%F)" -d "closes_on=$(date -d '+30 days' +%F)" "$base/regions/$code/participation/consultations")
  [ "$status" = 303 ] || { echo "opening a consultation answered $status" >&2; exit 1; }
  fetch "/regions/$code/participation" "${office[0]}" "$work/forms/participation.html"
  cid=$(grep -o "/publik/$code/konsultasi/[0-9]*" "$work/forms/participation.html" | sed 's|.*/||' | sort -n | tail -n1)
  : >"$work/citizens.tsv"
  for i in $(seq 1 "$conns"); do
    rm -f "$work/jar"
    curl -s -c "$work/jar" -o "$work/forms/citizen.html" "$base/publik/$code/konsultasi/$cid"
    token=$(awk '$6 == "kotacerdas_csrf" {print $7}' "$work/jar")
    [ -n "$token" ] || { echo "the consultation page handed out no kotacerdas_csrf cookie" >&2; exit 1; }
    printf '%s\t%s\n' "$token" "$work/forms/citizen.html" >>"$work/citizens.tsv"
  done
  inputs0=$(sql "SELECT count(*) FROM citizen_inputs")
  run_wrk citizen "$work/citizens.tsv" 2 >"$work/c.kc"
  read -r _ cp50 cp99 cok crps cerr cdetail <"$work/c.kc"
  inputs1=$(sql "SELECT count(*) FROM citizen_inputs")
  rss=$(awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$server/status")

  # The raw reference with the server idle; on PostgreSQL raw inserts into the same server too.
  raw1=$(raw_sqlite 1)
  rawn=$(raw_sqlite "$conns")
  if [ "$raw1" -ge "$rawn" ]; then raw=$raw1; rawby="1 writer"; else raw=$rawn; rawby="$conns writers"; fi
  rawpg=
  [ "$backend" = postgres ] && rawpg=$(raw_postgres)

  printf '\n%s (nation loaded in %s s; %s planners in %s regions, own accounts and sessions; %s office sessions)\n' \
    "$backend" "$load" "$conns" "$conns" "$office_sessions"
  printf '  %-34s %8s %8s %9s %7s\n' "mixed load" p50_ms p99_ms ok/s errors
  printf '  %-34s %8s %8s %9s %7s\n' "writes (report saves, edits)" "$wp50" "$wp99" "$wrps" "$werr"
  printf '  %-34s %8s %8s %9s %7s\n' "reads (registers, /national)" "$rp50" "$rp99" "$rrps" "$rerr"
  printf '    writes: %s in %s s, %s (audit rows +%s, with the writes in flight at the end)\n' "$wok" "$secs" "$wdetail" "$((audit1 - audit0))"
  [ "$rerr" = 0 ] || printf '    read errors: %s\n' "$rdetail"
  printf '  %-34s %8s %8s %9s %7s\n' "citizen submissions" "$cp50" "$cp99" "$crps" "$cerr"
  printf '    %s stored (citizen_inputs +%s, with the posts in flight at the end); %s\n' "$cok" "$((inputs1 - inputs0))" "$cdetail"
  ratio=$(awk -v a="$crps" -v b="$raw" 'BEGIN { printf "%.1f%%", (b > 0 ? 100 * a / b : 0) }')
  printf '  raw SQLite inserts/s (WAL, synchronous=FULL, sqlite3 CLI): %s with 1 writer, %s with %s; best %s\n' \
    "$raw1" "$rawn" "$conns" "$raw"
  printf '  submissions/s vs raw SQLite inserts/s: %s / %s = %s (best raw: %s)\n' "$crps" "$raw" "$ratio" "$rawby"
  if [ -n "$rawpg" ]; then
    printf '  raw PostgreSQL inserts/s (pgbench, %s clients): %s; submissions/s vs that: %s\n' "$conns" "$rawpg" \
      "$(awk -v a="$crps" -v b="$rawpg" 'BEGIN { printf "%.1f%%", (b > 0 ? 100 * a / b : 0) }')"
  fi
  printf '  server peak RSS: %s\n' "$rss"
  if [ $((werr + rerr + cerr)) -gt 0 ]; then # the server's own words for what failed
    sed 's/\x1b\[[0-9;]*m//g' "$work/server-$backend.log" | grep -o 'ERROR.*detail=.*' | sed 's/^ERROR request{[^}]*}: //' |
      sort | uniq -c | sort -rn | head -n 5 | sed 's/^/  server log: /' || true
  fi
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done
echo
echo "targets: 0 errors; write p99 ≤ 200 ms; read p99 ≤ 100 ms; citizen submissions/s ≥ 50% of raw SQLite inserts/s"
