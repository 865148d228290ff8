#!/usr/bin/env bash
# Benchmark: the media library at 1,000,000 rows. Seeds one project with 1,000,000 live media (each with ~5
# metadata keys and its original file) and another with 10,000 straight into PostgreSQL, then measures
# GET /media through the real HTTP API (sequential requests, one keep-alive connection), prints the
# EXPLAIN (ANALYZE, BUFFERS) of every SQL statement each list runs, and measures GET /media/{id} under 32
# concurrent clients. Not part of CI: it needs ~5 GiB of disk and 5–10 minutes (2 more to seed).
#
#   bench/media-list.sh        starts its own stack with ./smidgen up (on ports of its own), stops it at the end
#
#   BENCH_RESEED=1             wipe and seed again even if the bench projects already hold their rows
#   BENCH_WARMUP=50 BENCH_REQUESTS=300      per list query (BENCH_QUERY_BUDGET_S=30: slower queries get fewer, ≥ 20)
#   BENCH_CLIENTS=32 BENCH_SECONDS=20       GET /media/{id}, after a 5 s unrecorded warm-up
#   BENCH_JVM_OPTS="-Xmx512m -XX:+UseSerialGC"   the services' JVM (full JIT, unlike ./smidgen's default)
#
# The bench projects are named bench-media-1m and bench-media-10k; data stays in .smidgen/data, so a second
# run reuses the seeded rows (and says so) unless BENCH_RESEED=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
ROWS_A="${ROWS_A:-1000000}"
ROWS_B="${ROWS_B:-10000}"
WARMUP="${BENCH_WARMUP:-50}"
REQUESTS="${BENCH_REQUESTS:-300}"
CLIENTS="${BENCH_CLIENTS:-32}"
SECONDS_GET="${BENCH_SECONDS:-20}"
# Ports of our own, so that a developer's ./smidgen up in another worktree (on the defaults) does not collide.
export SMIDGEN_API_PORT="${SMIDGEN_API_PORT:-28080}" SMIDGEN_UPLOAD_PORT="${SMIDGEN_UPLOAD_PORT:-28081}"
export SMIDGEN_INGEST_PORT="${SMIDGEN_INGEST_PORT:-28082}" SMIDGEN_TRANSCODE_PORT="${SMIDGEN_TRANSCODE_PORT:-28083}"
export SMIDGEN_PG_PORT="${SMIDGEN_PG_PORT:-25432}" SMIDGEN_S3_PORT="${SMIDGEN_S3_PORT:-28333}"
export SMIDGEN_KAFKA_PORT="${SMIDGEN_KAFKA_PORT:-29092}" SMIDGEN_KAFKA_CONTROLLER_PORT="${SMIDGEN_KAFKA_CONTROLLER_PORT:-29093}"
export PGHOST=127.0.0.1 PGPORT="$SMIDGEN_PG_PORT" PGUSER=postgres PGPASSWORD=postgres PGDATABASE=postgres
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
PG_LOG="$ROOT/.smidgen/data/logs/postgres.log"
cleanup() {
  # Never leave statement logging on in the developer's database.
  if [[ -n "${LOGGING_ON:-}" ]]; then
    "${PSQL[@]}" -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
  fi
  if [[ -n "${STACK_PID:-}" ]]; then (cd "$ROOT" && ./smidgen down >/dev/null 2>&1) || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
sql() { "${PSQL[@]}" -At -c "$1"; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

# Full JIT here: the launcher's default -XX:TieredStopAtLevel=1 favours start time over throughput.
JVM_OPTS="${BENCH_JVM_OPTS:--Xmx512m -XX:+UseSerialGC}"
echo "== starting the stack (JVM: $JVM_OPTS; API on :$SMIDGEN_API_PORT, PostgreSQL on :$SMIDGEN_PG_PORT)"
(cd "$ROOT" && SMIDGEN_JVM_OPTS="$JVM_OPTS" ./smidgen up > "$WORK/stack.log" 2>&1) &
STACK_PID=$!
# Generous: the first start after a new migration builds its indexes over the seeded rows.
for _ in $(seq 1200); do grep -q "Smidgen is running" "$WORK/stack.log" && break; kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.5; done
grep -q "Smidgen is running" "$WORK/stack.log" || { echo "the stack did not start:"; tail -30 "$WORK/stack.log"; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.smidgen/env"
API="$SMIDGEN_API_URL"
ADMIN="Authorization: Bearer $(cat "$ROOT/.smidgen/admin-token")"
echo "   $(sql "SELECT version()" | cut -d, -f1); $(sql "SELECT count(*) FROM flyway_schema_history WHERE success") migrations applied"

# A project by name: the existing one, or a new one made through the admin API.
project() {
  local id
  id="$(sql "SELECT id FROM projects WHERE name = '$1' ORDER BY created LIMIT 1")"
  if [[ -z "$id" ]]; then
    id="$(curl -sf -X POST "$API/admin/projects" -H "$ADMIN" -d "{\"name\": \"$1\"}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')"
  fi
  echo "$id"
}
# A fresh key (the bench projects' earlier keys are removed first: their secrets were never kept).
new_key() {
  sql "DELETE FROM api_keys WHERE project_id = '$1'" >/dev/null
  curl -sf -X POST "$API/admin/projects/$1/keys" -H "$ADMIN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["key"])'
}
PROJECT_A="$(project bench-media-1m)"
PROJECT_B="$(project bench-media-10k)"
KEY_A="$(new_key "$PROJECT_A")"
KEY_B="$(new_key "$PROJECT_B")"
echo "== projects: $PROJECT_A (bench-media-1m), $PROJECT_B (bench-media-10k), one new API key each"

HAVE_A="$(sql "SELECT count(*) FROM media WHERE project_id = '$PROJECT_A'")"
HAVE_B="$(sql "SELECT count(*) FROM media WHERE project_id = '$PROJECT_B'")"
if [[ "${BENCH_RESEED:-0}" != 1 && "$HAVE_A" == "$ROWS_A" && "$HAVE_B" == "$ROWS_B" ]]; then
  echo "== seeding: reusing the $HAVE_A + $HAVE_B media already seeded (BENCH_RESEED=1 seeds again)"
  SEED_REPORT="reused from an earlier run"
else
  echo "== seeding $ROWS_A + $ROWS_B media with their original files (generate_series, bench/media-list-seed.sql)"
  T0=$(now)
  if [[ "$HAVE_A" != 0 || "$HAVE_B" != 0 ]]; then
    # The live-count triggers (V6) are off for the bulk delete; recount_live_rows() fixes the counts after.
    "${PSQL[@]}" -1 -c "ALTER TABLE media DISABLE TRIGGER USER" -c "ALTER TABLE files DISABLE TRIGGER USER" \
      -c "DELETE FROM files WHERE project_id IN ('$PROJECT_A', '$PROJECT_B')" \
      -c "DELETE FROM media WHERE project_id IN ('$PROJECT_A', '$PROJECT_B')" \
      -c "ALTER TABLE media ENABLE TRIGGER USER" -c "ALTER TABLE files ENABLE TRIGGER USER" -c "SELECT recount_live_rows()" >/dev/null
    "${PSQL[@]}" -c "VACUUM media" -c "VACUUM files"
    echo "   wiped the earlier rows in $(since "$T0") s"
  fi
  T1=$(now)
  "${PSQL[@]}" -v project_a="$PROJECT_A" -v n_a="$ROWS_A" -v project_b="$PROJECT_B" -v n_b="$ROWS_B" \
    -f "$ROOT/bench/media-list-seed.sql" | tee "$WORK/seed.out"
  INSERT_S=$(since "$T1")
  T2=$(now)
  "${PSQL[@]}" -c "VACUUM ANALYZE media" -c "VACUUM ANALYZE files"
  VACUUM_S=$(since "$T2")
  SEED_REPORT="$(since "$T0") s in all: one transaction of $INSERT_S s ($(sed 's/^ *//' "$WORK/seed.out")), VACUUM ANALYZE $VACUUM_S s"
  echo "   $SEED_REPORT"
fi
"${PSQL[@]}" -c "SELECT relname AS table, n_live_tup AS live_rows,
       pg_size_pretty(pg_table_size(relid)) AS heap_and_toast, pg_size_pretty(pg_indexes_size(relid)) AS indexes
  FROM pg_stat_user_tables WHERE relname IN ('media', 'files') ORDER BY relname"

# Filter values that exist: a user and the source of one of their items, and a folder of middling size.
read -r USER_ID SOURCE <<<"$(sql "SELECT metadata->>'user_id', metadata->>'source' FROM media
  WHERE project_id = '$PROJECT_A' AND metadata->>'source' = 'upload' ORDER BY id LIMIT 1 OFFSET 4321" | tr '|' ' ')"
FOLDER="$(sql "SELECT folder FROM media WHERE project_id = '$PROJECT_A' AND folder IS NOT NULL
  GROUP BY folder ORDER BY count(*) DESC, folder OFFSET 150 LIMIT 1")"
USER_B="$(sql "SELECT metadata->>'user_id' FROM media WHERE project_id = '$PROJECT_B' ORDER BY id LIMIT 1 OFFSET 321")"
FOLDER_Q="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$FOLDER")"
# "name|query": what the table calls it, and the query string it sends.
QUERIES_A=(
  "default list|"
  "page=500|page=500"
  "sort=filesize|sort=filesize"
  "kind=video|kind=video"
  "metadata.user_id=$USER_ID&metadata.source=$SOURCE|metadata.user_id=$USER_ID&metadata.source=$SOURCE"
  "metadata.user_id=nope (matches nothing)|metadata.user_id=nope"
  "(info) sort=filesize&order=asc&kind=video|sort=filesize&order=asc&kind=video"
  "(info) folder=$FOLDER|folder=$FOLDER_Q"
  "(info) metadata.user_id=$USER_ID|metadata.user_id=$USER_ID"
  "(info) metadata.source=upload|metadata.source=upload"
)
QUERIES_B=(
  "default list|"
  "metadata.user_id=$USER_B|metadata.user_id=$USER_B"
)
LOAD=(java -XX:+UseSerialGC -Xmx256m -Dbudget.seconds="${BENCH_QUERY_BUDGET_S:-30}" "$ROOT/bench/MediaListLoad.java")

echo
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews latencies)"
echo "== GET /media in $PROJECT_A ($ROWS_A media): $WARMUP warm-up then $REQUESTS sequential requests per query"
"${LOAD[@]}" list "$API" "$KEY_A" "$WARMUP" "$REQUESTS" "${QUERIES_A[@]}"
echo
echo "== GET /media in $PROJECT_B ($ROWS_B media), same method"
"${LOAD[@]}" list "$API" "$KEY_B" "$WARMUP" "$REQUESTS" "${QUERIES_B[@]}"

# The SQL each request runs, exactly: statement logging on for a moment, one request per query between two
# marker statements, then each statement of that window on media, files or live_counts replayed under EXPLAIN.
echo
echo "== EXPLAIN (ANALYZE, BUFFERS) of the SQL each request runs (captured from the PostgreSQL log)"
LOG_FROM=$(stat -c %s "$PG_LOG")
LOGGING_ON=1
"${PSQL[@]}" -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
capture() { # name key query
  sql "SELECT 'bench-marker-begin:$1'" >/dev/null
  curl -sf -o /dev/null "$API/media${3:+?$3}" -H "Authorization: Bearer $2"
  sql "SELECT 'bench-marker-end:$1'" >/dev/null
}
for q in "${QUERIES_A[@]}"; do capture "${q%%|*}" "$KEY_A" "${q#*|}"; done
ONE_ID="$(sql "SELECT id FROM media WHERE project_id = '$PROJECT_A' ORDER BY id LIMIT 1 OFFSET 777")"
sql "SELECT 'bench-marker-begin:GET /media/{id}'" >/dev/null
curl -sf -o /dev/null "$API/media/$ONE_ID" -H "Authorization: Bearer $KEY_A"
sql "SELECT 'bench-marker-end:GET /media/{id}'" >/dev/null
"${PSQL[@]}" -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
LOGGING_ON=
tail -c +"$((LOG_FROM + 1))" "$PG_LOG" > "$WORK/statements.log"
python3 - "$WORK/statements.log" <<'PY'
import re, subprocess, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
# Log entries start with the default prefix "%m [%p] "; an entry runs until the next prefix.
starts = list(re.finditer(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[(\d+)\] (\w+):  ", text, re.M))
windows, window, last = {}, None, {}
for n, m in enumerate(starts):
    pid, level = m.group(1), m.group(2)
    body = text[m.end():starts[n + 1].start() if n + 1 < len(starts) else len(text)].rstrip("\n")
    marker = re.search(r"'bench-marker-(begin|end):(.*)'", body)
    if marker:
        window = marker.group(2) if marker.group(1) == "begin" else None
        if window is not None:
            windows[window] = []
        continue
    if level == "DETAIL":
        # "Parameters: $1 = '...'" belongs to the entry just before it from the same backend (bind or execute).
        if body.startswith("Parameters:") and last.get(pid) is not None:
            for num, val in re.findall(r"\$(\d+) = ('(?:[^']|'')*'|NULL)", body):
                last[pid]["params"][int(num)] = val
        continue
    ex = re.match(r"duration: ([\d.]+) ms  execute [^:]*: (.*)", body, re.S)
    last[pid] = None
    if ex and window is not None and re.search(r"\b(from|join)\s+(media|files|live_counts)\b", ex.group(2), re.I):
        last[pid] = {"sql": ex.group(2).strip(), "ms": float(ex.group(1)), "params": {}}
        windows[window].append(last[pid])

def psql(script):
    r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"], input=script, capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else "failed: " + r.stderr

for window, statements in windows.items():
    print(f"\n---- {window}: {len(statements)} statement(s) on media, files or live_counts")
    for st in statements:
        sql, params = st["sql"], st["params"]
        args = ", ".join(params[k] for k in sorted(params))
        literal = sql
        for num in sorted(params, reverse=True):
            literal = literal.replace(f"${num}", params[num])
        print(f"\n  SQL ({st['ms']:.1f} ms in the server for this request): {sql}")
        if params:
            print(f"  parameters: {args}")
        # Prepared and executed 6 times first, as pgjdbc does (server-side statement after 5 uses): PostgreSQL's
        # plan cache then picks the generic or a custom plan exactly as it does for the service.
        plan = psql(f"PREPARE q AS {sql};\n\\o /dev/null\n" + f"EXECUTE q({args});\n" * 6 + "\\o\n"
                    + f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE q({args});\n") if params else psql(f"EXPLAIN (ANALYZE, BUFFERS) {sql};\n")
        generic = re.search(r"\$\d", plan) is not None
        print("  plan the service runs" + (" (generic: planned without the parameter values):" if generic else ":"))
        print("\n".join("    " + line for line in plan.rstrip().splitlines()))
        if generic:
            # Shown when it matters: the plan for these very values is much faster than the generic one.
            custom = psql(f"EXPLAIN (ANALYZE, BUFFERS) {literal};\n")
            took = lambda p: float((re.search(r"Execution Time: ([\d.]+) ms", p) or [0, "0"])[1])
            if took(plan) > 1 and took(plan) > 2 * took(custom):
                print("  the custom plan for these parameter values, which the plan cache no longer makes:")
                print("\n".join("    " + line for line in custom.rstrip().splitlines()))
PY

echo
echo "== GET /media/{id}: load average $(cut -d' ' -f1-3 /proc/loadavg); $CLIENTS concurrent clients, random ids of $PROJECT_A, 5 s warm-up then $SECONDS_GET s"
sql "SELECT id FROM media WHERE project_id = '$PROJECT_A' ORDER BY hashtext(id) LIMIT 100000" > "$WORK/ids.txt"
"${LOAD[@]}" get "$API" "$KEY_A" "$CLIENTS" 5 "$SECONDS_GET" "$WORK/ids.txt"
echo
echo "seeding: $SEED_REPORT"
