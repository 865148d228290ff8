#!/usr/bin/env bash
# Benchmark of issue 6 (not part of CI): conversions of a generated 30 s 1920x1080 30 fps H.264/AAC
# source through the API beside the raw ffmpeg CLI with exactly the worker's arguments (mp4 at
# 1280 wide, webm at 640 wide, mp3, jpeg poster), then 20 queued tasks through 2 transcode workers
# against the same 20 runs serially (wall time and CPU seconds). Runs TranscodeBenchmarkIT on a stack
# of its own (devstack, random ports, the services' production settings) and prints its table (also in
# e2e-tests/target/bench/results.md). Each conversion: one warm-up, then the median of three runs
# interleaved with the raw CLI, timed to completion twice: as told by the task's webhook_url
# ("notified") and by a client polling GET /tasks/{id} every 100 ms ("polled").
#
#   bench/transcode.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -B -q install -DskipTests
./mvnw -B -pl e2e-tests verify -Dit.test=TranscodeBenchmarkIT -Dsmidgen.bench=true -Dsurefire.failIfNoSpecifiedTests=false \
  | grep -E '^\||^$' || true
cat e2e-tests/target/bench/results.md
