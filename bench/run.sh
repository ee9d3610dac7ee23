#!/usr/bin/env bash
# Benchmarks contactd's hot endpoints with wrk against the release binary.
#
#   bench/run.sh 100k     # issue-2 workloads on 100,000 contacts
#   bench/run.sh 1m       # issue-3 workloads on 1,000,000 contacts
#
# The server runs with one HTTP worker pinned to CPU 0; wrk runs on CPU 1. Each workload runs DURATION
# seconds (default 10) with 16 connections after a 2 s warm-up; the table gives requests/s, median and p99
# latency, and the `meta.count` the endpoint returned (checked with curl before the run).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-100k}
DURATION=${DURATION:-10}
case "$SIZE" in
  100k) N=100000 ;;
  1m) N=1000000 ;;
  *) echo "usage: $0 100k|1m" >&2; exit 2 ;;
esac
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
mkdir -p bench/data
FIXTURE=bench/data/contacts-$SIZE.json
DB=bench/data/contacts-$SIZE.sqlite3
[ -f "$FIXTURE" ] || python3 bench/gen_fixture.py "$N" > "$FIXTURE"
cargo build --release --quiet
BIN=target/release/contactd
if [ ! -f "$DB" ] || [ "${RESEED:-0}" = 1 ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  echo "seeding $N contacts through the fixture loader..."
  /usr/bin/time -f "seed: %e s wall, %M KB max RSS" "$BIN" seed --db "$DB" "$FIXTURE"
  ls -l "$DB"
fi
PORT=${PORT:-39123}
URL=http://127.0.0.1:$PORT
RUST_LOG=warn taskset -c 0 "$BIN" serve --db "$DB" --bind 127.0.0.1:$PORT --workers 1 > /tmp/contactd-bench.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$URL/api" >/dev/null && break; sleep 0.1; done
# Another server on the port would answer the readiness check and be measured instead.
kill -0 $PID 2>/dev/null || { echo "the server did not start:" >&2; cat /tmp/contactd-bench.log >&2; exit 1; }
H="api_access_token: bench-token"
A=$URL/api/v1/accounts/1

count() { # "meta.count | first-request time": the body, then curl's time_total on the last line
  python3 -c '
import json, sys
body, t = sys.stdin.read().rsplit("\n", 1)
m = json.loads(body)["meta"]
more = (" has_more=%s" % m["has_more"]) if "has_more" in m else ""
print("%s%s | %.1fms" % (m["count"], more, float(t) * 1000))'
}

# "first request" is the first time this exact request reaches the server: nothing cached for it yet
# (src/db/list_cache.rs), so it shows what a one-off query costs; the wrk rows show repeats.
printf '| workload | req/s | p50 | p99 | meta.count | first request |\n|---|---:|---:|---:|---|---:|\n'
run() { # name, count, wrk args...
  local name=$1 cnt=$2; shift 2
  taskset -c 1 wrk -t1 -c16 -d2s -H "$H" "$@" >/dev/null 2>&1 || true
  local out; out=$(taskset -c 1 wrk -t1 -c16 -d"${DURATION}s" --latency -H "$H" "$@")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  [ -z "$non2xx" ] || { echo "$name: $non2xx non-2xx responses" >&2; echo "$out" >&2; exit 1; }
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$cnt"
}
get_count() { curl -sf -w '\n%{time_total}' -H "$H" "$1" | count; }
post_count() { curl -sf -w '\n%{time_total}' -H "$H" -H 'content-type: application/json' -d "$2" "$1" | count; }


export N
run "show" "- | -" -s bench/lua/show.lua "$URL"
run "list page 1, sort=name" "$(get_count "$A/contacts?sort=name")" "$A/contacts?sort=name"
run "list page 5000, sort=name" "$(get_count "$A/contacts?sort=name&page=5000")" "$A/contacts?sort=name&page=5000"
if [ "$SIZE" = 1m ]; then
  run "search 'ander' (3+ chars)" "$(get_count "$A/contacts/search?q=ander")" "$A/contacts/search?q=ander"
  run "search 'jo' (2 chars)" "$(get_count "$A/contacts/search?q=jo")" "$A/contacts/search?q=jo"
  run "search exact email" "$(get_count "$A/contacts/search?q=james.smith")" "$A/contacts/search?q=james.smith"
  export PATH_=/api/v1/accounts/1/contacts/filter
  for spec in \
    "filter name contains 'ander'|[{\"attribute_key\":\"name\",\"filter_operator\":\"contains\",\"values\":[\"ander\"]}]" \
    "filter custom account_manager = manager042|[{\"attribute_key\":\"account_manager\",\"filter_operator\":\"equal_to\",\"values\":[\"manager042\"]}]" \
    "filter custom plan = enterprise (25%)|[{\"attribute_key\":\"plan\",\"filter_operator\":\"equal_to\",\"values\":[\"enterprise\"]}]" \
    "filter created_at days_before 900|[{\"attribute_key\":\"created_at\",\"filter_operator\":\"days_before\",\"values\":[\"900\"]}]" \
    "filter labels = vip|[{\"attribute_key\":\"labels\",\"filter_operator\":\"equal_to\",\"values\":[\"vip\"]}]" \
    "filter city = Berlin AND plan = pro OR labels = partner|[{\"attribute_key\":\"city\",\"filter_operator\":\"equal_to\",\"values\":[\"Berlin\"],\"query_operator\":\"AND\"},{\"attribute_key\":\"plan\",\"filter_operator\":\"equal_to\",\"values\":[\"pro\"],\"query_operator\":\"OR\"},{\"attribute_key\":\"labels\",\"filter_operator\":\"equal_to\",\"values\":[\"partner\"]}]"; do
    name=${spec%%|*}; payload=${spec#*|}
    export BODY="{\"payload\":$payload}"
    run "$name" "$(post_count "$A/contacts/filter" "$BODY")" -s bench/lua/post.lua "$URL"
  done
  run "active contacts" "$(get_count "$A/contacts/active")" "$A/contacts/active"
fi
run "create" "- | -" -s bench/lua/create.lua "$URL"
echo
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' /proc/$PID/status)"
echo "database: $(du -h "$DB" | cut -f1) ($DB)"
