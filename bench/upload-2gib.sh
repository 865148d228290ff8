#!/usr/bin/env bash
# Benchmark: a 2 GiB direct upload through each protocol with the upload service at -Xmx256m, each
# beside a plain S3 PUT of the same bytes to the same S3 server in the same run, then 50 concurrent
# 20 MiB uploads. Not part of CI: it needs ~8 GiB of free disk and a few minutes.
#
#   bench/upload-2gib.sh            # starts its own stack with ./smidgen up, stops it at the end
#
# "to 201" is the client's view: first byte sent → Media returned (the ingest worker reads the
# assembled object back, hashes and probes it within that time). For the chunked protocol, "bytes
# in" ends when the last chunk is stored, before the completing POST.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
SIZE_MIB="${SIZE_MIB:-2048}"
cleanup() {
  if [[ -n "${STACK_PID:-}" ]]; then (cd "$ROOT" && ./smidgen down >/dev/null 2>&1) || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

FFMPEG="$(find "$HOME/.javacpp/cache/smidgen-ffmpeg" -name ffmpeg -type f 2>/dev/null | head -n1)"
[[ -x "$FFMPEG" ]] || { echo "bundled ffmpeg not installed yet: start Smidgen once (./smidgen up), which installs it" >&2; exit 1; }
LD_LIBRARY_PATH="$(dirname "$FFMPEG"):${LD_LIBRARY_PATH:-}"
export LD_LIBRARY_PATH
wav() { # wav <file> <MiB>
  "$FFMPEG" -v error -y -f lavfi -i "anoisesrc=r=48000:a=0.1,aformat=channel_layouts=stereo" -t $(( $2 * 1024 * 1024 / 192000 )) \
    -c:a pcm_s16le "$1"
}
echo "== generating a ${SIZE_MIB} MiB WAV and a 20 MiB one"
wav "$WORK/big.wav" "$SIZE_MIB"
wav "$WORK/small.wav" 20
BYTES=$(stat -c %s "$WORK/big.wav")

echo "== starting the stack (upload-service -Xmx256m, 3 GiB upload limit)"
# On the S3 store (with the embedded s3proxy): this benchmark compares the protocols with plain PUTs to that server.
(cd "$ROOT" && SMIDGEN_STORAGE_KIND=s3 SMIDGEN_UPLOADS_MAX_FILE_SIZE=3G SMIDGEN_API_SYNC_TIMEOUT=600s \
   SMIDGEN_JVM_OPTS="${BENCH_JVM_OPTS:--Xmx256m -XX:+UseSerialGC}" ./smidgen up > "$WORK/stack.log" 2>&1) &
STACK_PID=$!
for _ in $(seq 240); do grep -q "Smidgen is running" "$WORK/stack.log" && break; sleep 0.5; done
grep -q "Smidgen is running" "$WORK/stack.log" || { echo "the stack did not start:"; tail -30 "$WORK/stack.log"; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.smidgen/env"
# shellcheck disable=SC1091
source "$ROOT/.smidgen/infra.env" 2>/dev/null || true
S3="${SMIDGEN_S3_ENDPOINT:-http://127.0.0.1:18333}/${SMIDGEN_S3_BUCKET:-smidgen}"
S3_AUTH=(--aws-sigv4 "aws:amz:${SMIDGEN_S3_REGION:-us-east-1}:s3" --user "${SMIDGEN_S3_ACCESS_KEY:-smidgen}:${SMIDGEN_S3_SECRET_KEY:-smidgen-secret}"
         -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
UPLOAD_PID=$(pgrep -f 'upload-service/target/quarkus-app/quarkus-run.jar' | head -n1)
AUTH="Authorization: Bearer $SMIDGEN_API_KEY"
now() { date +%s.%N; }
session() { curl -s -X POST "$SMIDGEN_API_URL/uploads" -H "$AUTH" -H 'Content-Type: application/json' -d "$1" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(d["id"], d["url"])'; }
media_of() { curl -s "$SMIDGEN_API_URL/uploads/$1" -H "$AUTH" | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(d["status"], d["media_id"])'; }
s3_put() { local t0; t0=$(now); curl -sf -o /dev/null "${S3_AUTH[@]}" -T "$WORK/big.wav" "$S3/bench/plain-$1"; python3 -c "print(f'{$(now) - $t0:.2f}')"; }
# The S3 server's own multipart upload of the same bytes (boto3: 16 MiB parts, one at a time: the embedded
# s3proxy holds boto3's streaming-signed parts in its 128 MiB heap), when boto3 is installed: what any upload
# built from parts costs on this S3 server.
s3_multipart() {
  python3 - "${SMIDGEN_S3_ENDPOINT:-http://127.0.0.1:18333}" "${SMIDGEN_S3_BUCKET:-smidgen}" "$WORK/big.wav" "$1" \
    "${SMIDGEN_S3_ACCESS_KEY:-smidgen}" "${SMIDGEN_S3_SECRET_KEY:-smidgen-secret}" <<'PY' 2>/dev/null || echo "-"
import sys, time
import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
endpoint, bucket, path, name, key, secret = sys.argv[1:7]
s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1",
                  config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required"))
part = 16 * 1024 * 1024
t = time.time()
s3.upload_file(path, bucket, "bench/multipart-" + name, Config=TransferConfig(multipart_threshold=part, multipart_chunksize=part, max_concurrency=1))
print(f"{time.time() - t:.2f}")
PY
}
RESULTS="$WORK/results"

echo "== simple (one multipart POST)"
MULTI=$(s3_multipart simple); PLAIN=$(s3_put simple); read -r ID URL < <(session '{}')
T0=$(now); curl -sf -o /dev/null -F "file=@$WORK/big.wav;type=audio/wav" "$URL"; T1=$(now)
echo "$ID" >> "$WORK/ids"; echo "simple $PLAIN $MULTI $(python3 -c "print(f'{$T1 - $T0:.2f}')") - $(media_of "$ID")" >> "$RESULTS"

echo "== chunked (10 MiB chunks with X-Upload-Index, as in the documents, then POST parts)"
split -b 10M -d -a 4 "$WORK/big.wav" "$WORK/chunk."
MULTI=$(s3_multipart chunked); PLAIN=$(s3_put chunked); read -r ID URL < <(session '{"resumable": true}')
PARTS="$WORK/parts.json"; echo -n '{"parts": [' > "$PARTS"; I=0
T0=$(now)
for C in "$WORK"/chunk.*; do
  ETAG=$(curl -sf -X PUT -H "X-Upload-Index: $I" -T "$C" "$URL" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["etag"])')
  [[ $I -gt 0 ]] && echo -n ',' >> "$PARTS"; echo -n "{\"index\": $I, \"etag\": \"$ETAG\"}" >> "$PARTS"; I=$((I + 1))
done
echo ']}' >> "$PARTS"; T1=$(now)
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$PARTS" "$URL"; T2=$(now)
rm -f "$WORK"/chunk.*
echo "$ID" >> "$WORK/ids"; echo "chunked $PLAIN $MULTI $(python3 -c "print(f'{$T2 - $T0:.2f}')") $(python3 -c "print(f'{$T1 - $T0:.2f}')") $(media_of "$ID")" >> "$RESULTS"

echo "== Content-Range (64 MiB PUTs)"
split -b 64M -d -a 4 "$WORK/big.wav" "$WORK/range."
MULTI=$(s3_multipart range); PLAIN=$(s3_put range); read -r ID URL < <(session '{"resumable": true}')
AT=0; T0=$(now)
for C in "$WORK"/range.*; do
  N=$(stat -c %s "$C"); LAST=$((AT + N - 1))
  curl -sf -o /dev/null -X PUT -H "Content-Range: bytes $AT-$LAST/$BYTES" -T "$C" "$URL"; AT=$((LAST + 1))
done
T2=$(now); rm -f "$WORK"/range.*
echo "$ID" >> "$WORK/ids"; echo "range $PLAIN $MULTI $(python3 -c "print(f'{$T2 - $T0:.2f}')") - $(media_of "$ID")" >> "$RESULTS"

echo "== tus (creation, then one PATCH with the whole file)"
MULTI=$(s3_multipart tus); PLAIN=$(s3_put tus); read -r ID URL < <(session '{"resumable": true}')
TUS="${SMIDGEN_UPLOAD_URL}/tus?${URL#*\?}"
T0=$(now)
LOCATION=$(curl -sf -D - -o /dev/null -X POST -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $BYTES" \
  -H "Upload-Metadata: filename $(echo -n big.wav | base64)" "$TUS" | tr -d '\r' | awk -F': ' 'tolower($1)=="location"{print $2}')
curl -sf -o /dev/null -X PATCH -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' \
  -T "$WORK/big.wav" "$LOCATION"; T1=$(now)
echo "$ID" >> "$WORK/ids"; echo "tus $PLAIN $MULTI $(python3 -c "print(f'{$T1 - $T0:.2f}')") - $(media_of "$ID")" >> "$RESULTS"

PEAK_KB=$(awk '/VmHWM/{print $2}' "/proc/$UPLOAD_PID/status")

echo "== 50 concurrent 20 MiB simple uploads"
SMALL_SHA=$(sha256sum "$WORK/small.wav" | cut -d' ' -f1)
for _ in $(seq 50); do session '{}' ; done > "$WORK/sessions"
T0=$(now)
awk '{print $2}' "$WORK/sessions" | xargs -P 50 -I{} curl -s -o /dev/null -w '%{http_code}\n' -F "file=@$WORK/small.wav;type=audio/wav" {} \
  > "$WORK/codes"
T1=$(now)
OK=$(grep -c '^201$' "$WORK/codes" || true)
EXACT=0
while read -r ID _; do
  read -r STATUS MEDIA < <(media_of "$ID")
  [[ "$STATUS" == completed ]] || continue
  SUM=$(curl -s "$SMIDGEN_API_URL/media/$MEDIA" -H "$AUTH" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["sources"][0]["url"])' \
    | xargs curl -s | sha256sum | cut -d' ' -f1)
  [[ "$SUM" == "$SMALL_SHA" ]] && EXACT=$((EXACT + 1))
done < "$WORK/sessions"

python3 - "$BYTES" "$RESULTS" "$PEAK_KB" "$OK" "$EXACT" "$T0" "$T1" "$(stat -c %s "$WORK/small.wav")" <<'PY'
import sys
size, results, peak_kb, ok, exact, t0, t1, small = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
mib = size / 1048576
print()
print(f"{mib:.0f} MiB per upload; MiB/s = size / seconds")
print()
print("| protocol | plain S3 PUT s | MiB/s | S3 multipart s | MiB/s | bytes in s | MiB/s | % of PUT | to 201 s | MiB/s | % of PUT | % of S3 multipart | result |")
print("|----------|---------------:|------:|---------------:|------:|-----------:|------:|---------:|---------:|------:|---------:|------------------:|--------|")
for line in open(results):
    name, plain, multi, total, bytes_in, status, media = line.split()
    plain, total = float(plain), float(total)
    multi_cols = f"{float(multi):14.2f} | {mib/float(multi):5.0f}" if multi != "-" else "             - |     -"
    of_multi = f"{100*float(multi)/total:16.0f}%" if multi != "-" else "                 -"
    bi = float(bytes_in) if bytes_in != "-" else None
    bi_cols = f"{bi:10.2f} | {mib/bi:5.0f} | {100*plain/bi:7.0f}%" if bi else "         - |     - |        -"
    print(f"| {name:8} | {plain:14.2f} | {mib/plain:5.0f} | {multi_cols} | {bi_cols} | {total:8.2f} | {mib/total:5.0f} | {100*plain/total:7.0f}% | {of_multi} | {status} |")
print()
print(f"upload-service peak RSS (VmHWM) over the four 2 GiB uploads: {peak_kb/1024:.0f} MiB (heap -Xmx256m)")
wall = t1 - t0
print(f"50 concurrent {small/1048576:.0f} MiB uploads: {ok}/50 answered 201, {exact}/50 delivered bytes with the exact sha256, "
      f"{wall:.2f} s wall, {50*small/1048576/wall:.0f} MiB/s in total")
PY
echo
echo "Inside the 'to 201' time, the ingest worker's read-back of each assembled object (sha256 on the way) and ffprobe:"
while read -r ID; do
  grep "ingested upload $ID" "$ROOT/.smidgen/data/logs/ingest-worker.log" | sed -E 's/.*in ([0-9]+) ms \(fetch ([0-9]+), probe ([0-9]+).*/  '"$ID"': \1 ms (read-back \2, probe \3)/'
done < "$WORK/ids"
