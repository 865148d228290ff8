#!/usr/bin/env bash
# Benchmark: a 1 GiB URL ingest with the ingest worker at -Xmx256m, next to curl downloading the
# same URL. Proves the download is streamed (heap stays bounded) and shows the cost of ingest
# (sha256, probe, upload to S3) over a plain download. Not part of CI: it needs ~3 GiB of disk.
#
#   bench/ingest-1gib.sh            # starts its own stack with ./smidgen up, stops it at the end
#
# Prints a table: bytes, seconds and MiB/s for curl and for the ingest, and the worker's peak RSS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
SIZE_MIB="${SIZE_MIB:-1024}"
cleanup() {
  if [[ -n "${HTTP_PID:-}" ]]; then kill "$HTTP_PID" 2>/dev/null || true; fi
  if [[ -n "${STACK_PID:-}" ]]; then (cd "$ROOT" && ./smidgen down >/dev/null 2>&1) || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== generating a ${SIZE_MIB} MiB WAV (PCM, 48 kHz stereo) with the bundled ffmpeg"
FFMPEG="$(find "$HOME/.javacpp/cache/smidgen-ffmpeg" -name ffmpeg -type f 2>/dev/null | head -n1)"
[[ -x "$FFMPEG" ]] || { echo "bundled ffmpeg not installed yet: start Smidgen once (./smidgen up), which installs it" >&2; exit 1; }
LD_LIBRARY_PATH="$(dirname "$FFMPEG"):${LD_LIBRARY_PATH:-}"
export LD_LIBRARY_PATH
SECONDS_OF_AUDIO=$(( SIZE_MIB * 1024 * 1024 / 192000 ))
"$FFMPEG" -v error -y -f lavfi -i "anoisesrc=r=48000:a=0.1,aformat=channel_layouts=stereo" -t "$SECONDS_OF_AUDIO" \
  -c:a pcm_s16le "$WORK/big.wav"
BYTES=$(stat -c %s "$WORK/big.wav")

echo "== serving it on 127.0.0.1"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$WORK" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
HTTP_PID=$!
URL="http://127.0.0.1:$PORT/big.wav"
for _ in $(seq 50); do curl -sf -o /dev/null -r 0-0 "$URL" && break; sleep 0.1; done

# Full JIT here: the launcher's default -XX:TieredStopAtLevel=1 favours start time over throughput.
echo "== starting the stack (JVM: ${BENCH_JVM_OPTS:--Xmx256m -XX:+UseSerialGC}; private sources allowed, 4 GiB file limit)"
(cd "$ROOT" && SMIDGEN_INGEST_ALLOW_PRIVATE=true SMIDGEN_INGEST_MAX_FILE_SIZE=$((4 * 1024 * 1024 * 1024)) \
   SMIDGEN_JVM_OPTS="${BENCH_JVM_OPTS:--Xmx256m -XX:+UseSerialGC}" ./smidgen up > "$WORK/stack.log" 2>&1) &
STACK_PID=$!
for _ in $(seq 240); do grep -q "Smidgen is running" "$WORK/stack.log" && break; sleep 0.5; done
grep -q "Smidgen is running" "$WORK/stack.log" || { echo "the stack did not start:"; tail -30 "$WORK/stack.log"; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.smidgen/env"
WORKER_PID=$(pgrep -f 'ingest-worker/target/quarkus-app/quarkus-run.jar' | head -n1)

echo "== curl"
CURL_S=$(curl -s -o /dev/null -w '%{time_total}' "$URL")

echo "== ingest"
TASK=$(curl -s -X POST "$SMIDGEN_API_URL/tasks" -H "Authorization: Bearer $SMIDGEN_API_KEY" \
  -d "{\"kind\":\"ingest\",\"url\":\"$URL\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
PEAK_KB=0
START=$(date +%s.%N)
while true; do
  STATUS=$(curl -s "$SMIDGEN_API_URL/tasks/$TASK" -H "Authorization: Bearer $SMIDGEN_API_KEY" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["status"])')
  RSS=$(awk '/VmRSS/{print $2}' "/proc/$WORKER_PID/status" 2>/dev/null || echo 0)
  (( RSS > PEAK_KB )) && PEAK_KB=$RSS
  [[ "$STATUS" == completed || "$STATUS" == failed ]] && break
  sleep 0.2
done
END=$(date +%s.%N)
[[ "$STATUS" == completed ]] || { echo "ingest ended $STATUS"; curl -s "$SMIDGEN_API_URL/tasks/$TASK" -H "Authorization: Bearer $SMIDGEN_API_KEY"; exit 1; }
INGEST_S=$(python3 -c "print(f'{$END - $START:.2f}')")
# The worker logs its own phases: "ingested ... in N ms (fetch A, probe B, store C)".
PHASES=$(grep "$TASK: ingested" "$ROOT/.smidgen/data/logs/ingest-worker.log" | sed -E 's/.* in ([0-9]+) ms \(fetch ([0-9]+), probe ([0-9]+), store ([0-9]+)\).*/\1 \2 \3 \4/')

# shellcheck disable=SC2086 # PHASES is four numbers, four arguments
python3 - "$BYTES" "$CURL_S" "$INGEST_S" "$PEAK_KB" $PHASES <<'PY'
import sys
size, curl_s, ingest_s, peak_kb = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
total_ms, fetch_ms, probe_ms, store_ms = (int(x) for x in sys.argv[5:9])
mib = size / 1048576
print()
print(f"| what                                    | bytes        | seconds | MiB/s  |")
print(f"|-----------------------------------------|--------------|---------|--------|")
print(f"| curl download to /dev/null              | {size:>12} | {curl_s:7.2f} | {mib/curl_s:6.1f} |")
print(f"| ingest, client view (POST to completed) | {size:>12} | {ingest_s:7.2f} | {mib/ingest_s:6.1f} |")
print(f"| ingest, in the worker (all phases)      | {size:>12} | {total_ms/1000:7.2f} | {mib/(total_ms/1000):6.1f} |")
print(f"|   fetch to the staged file + sha256     | {size:>12} | {fetch_ms/1000:7.2f} | {mib/(fetch_ms/1000):6.1f} |")
print(f"|   ffprobe                               |              | {probe_ms/1000:7.2f} |        |")
print(f"|   store (rename, or upload to S3)       | {size:>12} | {store_ms/1000:7.2f} | {mib/(store_ms/1000):6.1f} |")
print()
print(f"ingest-worker peak RSS during the ingest: {peak_kb/1024:.0f} MiB (heap capped at -Xmx256m)")
PY
