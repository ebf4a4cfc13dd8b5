#!/usr/bin/env bash
# The results cache's hit rate while landlords confirm vacancies (issue #15 item 4; docs/performance.md,
# "The results cache with landlords' updates"). On the benchmark database (bench/generate.py), for each
# update rate: a server (gunicorn, 2 workers, metrics on), 20 searching clients repeating the standard mix,
# and the landlord clients of tests/load/locustfile.py confirming that many units per second through the
# registry API; the hit rate is read from /metrics before and after.
#
#   bench/load_cache.sh                                  # SQLite, the embedded per-process cache
#   LOAD_DB=postgres LOAD_REDIS_URL=redis://127.0.0.1:6379/9 bench/load_cache.sh   # PostgreSQL + Redis
#
# Environment: LOAD_RATES ("0 1 5" updates/s), LOAD_SECONDS (60), LOAD_CLIENTS (20), LOAD_PORT (8765).
# Results: var/bench/load-cache-<db>-<rate>_{stats,clients,cache}.csv and the printed summary.
set -euo pipefail
cd "$(dirname "$0")/.."

DB="${LOAD_DB:-sqlite}"
RATES="${LOAD_RATES:-0 1 5}"
SECONDS_EACH="${LOAD_SECONDS:-60}"
CLIENTS="${LOAD_CLIENTS:-20}"
PORT="${LOAD_PORT:-8765}"
LANDLORDS=2
case "$DB" in
  sqlite) URL="sqlite:///var/bench/sumai-bench.sqlite3" ;;
  postgres) URL="${LOAD_PG_URL:-postgres://postgres@127.0.0.1:5432/sumai_bench}" ;;
  *) echo "LOAD_DB is sqlite or postgres" >&2; exit 2 ;;
esac
FIXTURE="var/bench/load-landlords-$DB.json"
METRICS_DIR="$(mktemp -d)"
export DJANGO_SETTINGS_MODULE=sumai.config.settings DATABASE_URL="$URL" DEBUG=false SUMAI_SEARCH_RATE=off
export API_ANON_RATE=1000000/minute API_USER_RATE=1000000/minute
SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(60))')"
SUMAI_METRICS_TOKEN="$(python3 -c 'import secrets; print(secrets.token_urlsafe(40))')"
export SECRET_KEY SUMAI_METRICS_TOKEN PROMETHEUS_MULTIPROC_DIR="$METRICS_DIR"
if [ -n "${LOAD_REDIS_URL:-}" ]; then
  export REDIS_URL="$LOAD_REDIS_URL"
fi

[ -f "$FIXTURE" ] || .venv/bin/python bench/load_landlords.py "$FIXTURE" --units 2000

SERVER=""
stop_server() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null; SERVER=""; }
trap 'stop_server; rm -rf "$METRICS_DIR"' EXIT

for rate in $RATES; do
  [ -n "${REDIS_URL:-}" ] && redis-cli -u "$REDIS_URL" flushdb >/dev/null
  rm -rf "${METRICS_DIR:?}"/*
  .venv/bin/gunicorn sumai.config.wsgi -c python:sumai.config.gunicorn -w 2 -b "127.0.0.1:$PORT" \
    --log-level warning &
  SERVER=$!
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 1
  done
  echo "== $DB, ${REDIS_URL:+Redis, }$rate updates/s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  landlords=0
  [ "$rate" != "0" ] && landlords=$LANDLORDS
  LOAD_SECONDS="$SECONDS_EACH" LOAD_LANDLORDS="$landlords" LOAD_UPDATES_PER_SECOND="$rate" \
    LOAD_LANDLORDS_FIXTURE="$FIXTURE" LOAD_METRICS_TOKEN="$SUMAI_METRICS_TOKEN" \
    .venv/bin/locust -f tests/load/locustfile.py --headless -u $((CLIENTS + landlords)) \
    -r $((CLIENTS + landlords)) --host "http://127.0.0.1:$PORT" --csv "var/bench/load-cache-$DB-$rate" \
    --only-summary 2>&1 | grep -E "clients:|results cache|mode:|Aggregated" || true
  stop_server
done
