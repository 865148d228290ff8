#!/usr/bin/env bash
# Benchmark of issue 19 (not part of CI): a 4-rung HLS ladder (1080p, 720p, 480p, 360p + AAC) from a
# generated 30 s 1920x1080 30 fps H.264/AAC source, through the API (POST /tasks adaptive_video until
# the task's webhook says completed; also as polled) beside one bundled-ffmpeg command with the worker's exact arguments
# (one decode, a split graph) and four separate single-rung encodes. Median of three interleaved runs
# after a warm-up task. Runs HlsBenchmarkIT on a stack of its own (devstack, random ports, the services'
# production settings), fails if the API run takes more than 1.10x the one command or more than 0.8x the
# four encodes, prints the table (also in e2e-tests/target/bench-hls/results.md). It checks for 600 MiB
# of free disk first and deletes its source, outputs and stack data at the end.
#
#   bench/hls.sh
#
# The reactor builds the services and the test classes it needs (-am); nothing is installed into ~/.m2.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -B -pl e2e-tests -am verify -Dit.test=HlsBenchmarkIT -Dsmidgen.bench=true \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  | grep -E '^\||^$|^runs|Tests run|FAIL' || true
cat e2e-tests/target/bench-hls/results.md
