#!/usr/bin/env bash
# Benchmark of issue 21 (not part of CI): segment-parallel encoding. A generated 4-minute 1920x1080
# 30 fps H.264/AAC source converted to a 1280-wide MP4 through the API by transcode workers limited to
# one FFmpeg thread each (one-core machines): one worker converting it whole, one worker splitting it
# into 30 s segments and joining them, two workers splitting it. The cases alternate for
# ROUNDS rounds (default 3) and the table shows medians, ratios (targets: 2 workers >= 1.7x faster than
# 1; split + join <= 1.05x of whole) and the load average before each round. Runs SegmentBenchmarkIT on
# a stack of its own (devstack, random ports, production settings); prints the table (also in
# e2e-tests/target/segment-bench/results.md). It checks for 2 GiB of free disk first and deletes its
# source and stack data at the end.
#
#   bench/segments.sh                # 240 s input, 3 rounds
#   SECONDS_OF_VIDEO=120 ROUNDS=1 bench/segments.sh
#   HLS=true bench/segments.sh       # also the HLS ladder: whole on 1 worker, split on 2
#
# The reactor builds the services and the test classes it needs (-am); nothing is installed into ~/.m2.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
free_kib=$(df -Pk "$ROOT" | awk 'NR==2 {print $4}')
if [ "$free_kib" -lt $((2 * 1024 * 1024)) ]; then
  echo "bench/segments.sh needs 2 GiB free under $ROOT; $((free_kib / 1024)) MiB are" >&2
  exit 1
fi
./mvnw -B -pl e2e-tests -am verify -Dit.test=SegmentBenchmarkIT -Dsmidgen.bench=true \
  -Dsmidgen.bench.seconds="${SECONDS_OF_VIDEO:-240}" -Dsmidgen.bench.rounds="${ROUNDS:-3}" -Dsmidgen.bench.hls="${HLS:-false}" \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  | grep -E '^\||^$|^[0-9]+ s |^2 workers|Tests run|FAIL' || true
cat e2e-tests/target/segment-bench/results.md
