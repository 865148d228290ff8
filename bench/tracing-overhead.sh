#!/usr/bin/env bash
# Benchmark: what tracing costs with export off. Runs the same two workloads on two builds, alternately
# (A B A B ...: the machine is noisy), each on a fresh ./smidgen up with SMIDGEN_TRACES=off (no collector,
# services' export off, their default):
#   - the ingest path: BENCH_INGESTS sequential POST /media {url} of a small PNG, each answered once the
#     ingest worker completed it (request, outbox, relay, Kafka, claim, ffprobe, store, completion);
#   - the API path: GET /media/{id} from BENCH_CLIENTS keep-alive clients for BENCH_SECONDS (bench/MediaListLoad.java).
# Prints each run and the medians per build, with the load average. Not part of CI.
#
#   bench/tracing-overhead.sh BASELINE_ROOT
#       BASELINE_ROOT: a packaged checkout of the commit before tracing (./mvnw package -DskipTests there);
#       this repository is the other build. Both must be packaged already (this script builds nothing).
#   BENCH_ROUNDS=3 BENCH_INGESTS=20 BENCH_CLIENTS=8 BENCH_SECONDS=15
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="$(cd "${1:?usage: bench/tracing-overhead.sh BASELINE_ROOT}" && pwd)"
ROUNDS="${BENCH_ROUNDS:-3}"
INGESTS="${BENCH_INGESTS:-20}"
CLIENTS="${BENCH_CLIENTS:-8}"
SECONDS_GET="${BENCH_SECONDS:-15}"
WORK="$(mktemp -d)"
# Fixed ports below the ephemeral range, where other stacks' random ports cannot take them.
export SMIDGEN_API_PORT=21080 SMIDGEN_UPLOAD_PORT=21081 SMIDGEN_INGEST_PORT=21082 SMIDGEN_TRANSCODE_PORT=21083
export SMIDGEN_PG_PORT=21432 SMIDGEN_S3_PORT=21333 SMIDGEN_KAFKA_PORT=21092 SMIDGEN_KAFKA_CONTROLLER_PORT=21093
export SMIDGEN_TRACES=off SMIDGEN_INGEST_ALLOW_PRIVATE=true
export SMIDGEN_JVM_OPTS="${BENCH_JVM_OPTS:--Xmx384m -XX:+UseSerialGC}"
SOURCE_PORT=21999
cleanup() {
  if [[ -n "${UP_ROOT:-}" ]]; then (cd "$UP_ROOT" && ./smidgen down >/dev/null 2>&1) || true; fi
  if [[ -n "${SERVER_PID:-}" ]]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# A small PNG (256x256 gradient) served over loopback: the ingest's fetch is not what is measured.
python3 - "$WORK/src/image.png" <<'PY'
import struct, sys, zlib, os
os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)
w = h = 256
raw = b"".join(b"\x00" + bytes(v for x in range(w) for v in (x, y, (x + y) // 2)) for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
(cd "$WORK/src" && exec python3 -m http.server "$SOURCE_PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
SERVER_PID=$!

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

run() {
  local root="$1" label="$2" n="$3"
  UP_ROOT="$root"
  (cd "$root" && ./smidgen up > "$WORK/stack.log" 2>&1) &
  for _ in $(seq 600); do grep -q "Smidgen is running" "$WORK/stack.log" && break; sleep 0.5; done
  grep -q "Smidgen is running" "$WORK/stack.log" || { echo "$label: the stack did not start"; tail -20 "$WORK/stack.log"; exit 1; }
  # shellcheck disable=SC1091
  source "$root/.smidgen/env"
  : > "$WORK/ids" ; : > "$WORK/ingest-ms"
  for i in $(seq "$INGESTS"); do
    out=$(curl -sS -o "$WORK/body" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $SMIDGEN_API_KEY" \
      -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$SOURCE_PORT/image.png\",\"filename\":\"b$n-$i-$(date +%s%N).png\"}" \
      "$SMIDGEN_API_URL/media")
    [[ "${out%% *}" == 201 ]] || { echo "$label: POST /media answered $out: $(cat "$WORK/body")"; exit 1; }
    # The first two warm the JIT and the connections: not counted.
    [[ $i -gt 2 ]] && awk -v t="${out##* }" 'BEGIN {printf "%.1f\n", t * 1000}' >> "$WORK/ingest-ms"
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"]["id"])' "$WORK/body" >> "$WORK/ids"
  done
  ingest=$(median < "$WORK/ingest-ms")
  get=$(java -XX:+UseSerialGC -Xmx256m "$ROOT/bench/MediaListLoad.java" get "$SMIDGEN_API_URL" "$SMIDGEN_API_KEY" \
    "$CLIENTS" 5 "$SECONDS_GET" "$WORK/ids" | tail -1)
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || uptime | sed 's/.*average[s]*: //' | cut -d, -f1)
  echo "$label run $n: ingest p50 ${ingest} ms | $get | load $load" | tee -a "$WORK/results"
  rps=$(awk -F'|' '{gsub(/ /, "", $4); print $4}' <<<"$get")
  echo "$label $ingest $rps $load" >> "$WORK/table"
  (cd "$root" && ./smidgen down >/dev/null)
  UP_ROOT=
  # The next stack takes the same ports: wait until the last service has let go of them.
  for _ in $(seq 60); do
    ss -ltn 2>/dev/null | grep -qE ":(2108[0-3]|2118[0-3]|21432|21333|2109[23]) " || break
    sleep 0.5
  done
}

for n in $(seq "$ROUNDS"); do
  run "$BASE" "baseline" "$n"
  run "$ROOT" "tracing-off" "$n"
done
echo
for label in baseline tracing-off; do
  i=$(awk -v l="$label" '$1 == l {print $2}' "$WORK/table" | median)
  r=$(awk -v l="$label" '$1 == l {print $3}' "$WORK/table" | median)
  la=$(awk -v l="$label" '$1 == l {print $4}' "$WORK/table" | median)
  echo "$label: median ingest p50 $i ms, median GET throughput $r requests/s (median load average $la)"
done
