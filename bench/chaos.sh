#!/usr/bin/env bash
# The chaos and load suite of issue 18 (not part of CI): 50 resumable uploads of up to 1 GiB cut off
# at random, 200 URL ingests and 100 conversions at once, while a transcode worker, the upload service
# and the ingest worker are killed (the launcher's supervisor restarts them), Kafka and Postgres crash
# and restart, and storage is unreachable for 30 s. Then it checks that every upload is stored byte
# for byte, every task ended exactly once, nothing is stuck and nothing is left behind, and prints a
# table (also in e2e-tests/target/bench/chaos.md). Runs ChaosLoadIT on a stack of its own (random
# ports, production settings). Needs about 1.3x the uploads' total size free on disk (~35 GiB at the
# defaults; it checks first) and deletes everything it stored. ~15-20 min on 2 cores.
#
#   bench/chaos.sh                                        # the suite as specified, on S3 (a fleet's store)
#   STORAGE=filesystem bench/chaos.sh                     # on the filesystem store (no storage outage step)
#   UPLOADS=6 UPLOAD_MAX_MIB=64 INGESTS=20 CONVERSIONS=10 bench/chaos.sh   # a quick look
#   SEED=1234 bench/chaos.sh                              # repeat a run's random choices
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -B -q install -DskipTests -Dspotless.check.skip=true
set -- -Dsmidgen.chaos=true -Dsmidgen.e2e.storage="${STORAGE:-s3}" \
  -Dsmidgen.chaos.uploads="${UPLOADS:-50}" -Dsmidgen.chaos.upload-max-mib="${UPLOAD_MAX_MIB:-1024}" \
  -Dsmidgen.chaos.ingests="${INGESTS:-200}" -Dsmidgen.chaos.conversions="${CONVERSIONS:-100}"
if [ -n "${SEED:-}" ]; then
  set -- "$@" -Dsmidgen.chaos.seed="$SEED"
fi
status=0
./mvnw -B -pl e2e-tests verify -Dit.test=ChaosLoadIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "$@" \
  | grep -E '^\||^$|^chaos:|Tests run|FAIL' || status=$?
cat e2e-tests/target/bench/chaos.md 2>/dev/null || true
exit $status
