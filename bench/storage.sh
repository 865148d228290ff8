#!/usr/bin/env bash
# Benchmark of issue 16 (not part of CI): a 512 MiB file through URL ingest, simple and tus uploads
# and delivery, and a 30 s 1080p -> 720p conversion, on the filesystem store and on S3, each beside
# a reference measured in the same run on the same disk (curl to/from an s3proxy of its own, curl -o
# of the source URL, the bundled ffmpeg CLI with the worker's arguments); then a 4 GiB upload and
# ingest with the services' peak RSS. Services at -Xmx256m. Runs StorageBenchmarkIT on stacks of its
# own (random ports) and prints its table (also in e2e-tests/target/bench/storage.md). Needs python3
# (the source URL is served by its http.server), curl and 3x its data free on disk; deletes every
# object and file it made.
#
#   bench/storage.sh                      # 512 MiB + 4 GiB, ~15 min on 2 cores
#   SIZE_MIB=128 BIG_MIB=0 bench/storage.sh   # a quick look
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -B -q install -DskipTests
./mvnw -B -pl e2e-tests verify -Dit.test=StorageBenchmarkIT -Dsmidgen.bench.storage=true \
  -Dsmidgen.bench.size-mib="${SIZE_MIB:-512}" -Dsmidgen.bench.big-mib="${BIG_MIB:-4096}" \
  -Dsurefire.failIfNoSpecifiedTests=false | grep -E '^\||^$|MiB file' || true
cat e2e-tests/target/bench/storage.md
