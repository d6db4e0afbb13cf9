# Sourced (not run) by the scripts that need a live demo server (api-contract.sh,
# bench-book-memory.sh). `start_demo_server BIN` runs `BIN serve --demo` on SQLite in a fresh
# temporary folder ($work) on a free loopback port, waits until it answers, and sets $base and
# $server; on exit the server is stopped and $work removed.
work="$(mktemp -d)"
server=
stop_demo_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap stop_demo_server EXIT

start_demo_server() {
  local bin=$1 port
  export KOTACERDAS_STORAGE="$work/files"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  (cd "$work" && exec "$bin" --database-url "sqlite://$work/demo.db" serve --demo --bind "127.0.0.1:$port" \
    >"$work/server.log" 2>&1) &
  server=$!
  # The demo typesets two book versions before it listens.
  for _ in $(seq 600); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.5
  done
  echo "the demo server did not answer on $base; its log:" >&2
  cat "$work/server.log" >&2
  exit 1
}
