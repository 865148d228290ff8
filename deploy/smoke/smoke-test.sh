#!/usr/bin/env bash
# Smoke test of the Smidgen container images, runnable on a machine without any container registry.
#
#   deploy/smoke/smoke-test.sh            (as root; Debian/Ubuntu host with apt, podman is installed if missing)
#
# What it does, and why:
#   0. Checks docker-compose.yml statically (its postgres/kafka/minio images need a registry).
#   1. Builds local base images from Debian itself (debootstrap + apt: a JRE 17 and a JDK 17 image),
#      because docker.io may be unreachable; the Containerfile takes them as BASE_IMAGE / BUILD_IMAGE.
#   2. Builds the four service images from deploy/container/Containerfile, exactly as a user would (multi-stage,
#      Maven inside the build stage).
#   3. Starts PostgreSQL, Kafka and S3 with the devstack launcher (the same one as `./smidgen infra`)
#      on non-default ports, then runs the images with podman on the host network (read-only root
#      file system, 1 GiB memory limit): one api-service, TWO upload-service replicas, one
#      ingest-worker, TWO transcode-workers, each on a port of its own.
#   4. Gets a project and API key with the compose file's bootstrap script, then drives the API: a URL
#      ingest, a chunked upload whose chunks alternate between the two upload replicas, a conversion,
#      and a conversion whose transcode worker is SIGKILLed mid-FFmpeg, which must still complete
#      exactly once (one task completion, one new source, one stored object).
#   5. Stops every container with SIGTERM (none may need a SIGKILL), and prints image sizes,
#      per-service cold starts (podman run -> /q/health/ready answers 200) and stop times.
# Containers, the infrastructure and the test web server are removed on exit, pass or fail.
#
# Environment (all optional):
#   SMOKE_WORK        scratch directory (base rootfs, media, infra data, logs)   default /var/tmp/smidgen-smoke
#   SMOKE_PORT_BASE   ports SMOKE_PORT_BASE+0..+99 are used (see below)          default 28000
#   SMIDGEN_IMAGE_PREFIX / SMIDGEN_TAG   names of the built images               default localhost/smidgen / smoke
#   SMOKE_KEEP=1      leave containers and infrastructure running at the end (for poking around)
set -euo pipefail

started_at=$(date +%s)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${SMOKE_WORK:-/var/tmp/smidgen-smoke}"
PREFIX="${SMIDGEN_IMAGE_PREFIX:-localhost/smidgen}"
TAG="${SMIDGEN_TAG:-smoke}"
SERVICES=(api-service upload-service ingest-worker transcode-worker)

# Ports: away from ./smidgen's defaults (8080-8083, 15432, 19092/19093, 18333) so that a dev stack or
# a CI run on the same machine is left alone.
BASE="${SMOKE_PORT_BASE:-28000}"
PG_PORT=$((BASE + 32)); KAFKA_PORT=$((BASE + 92)); KAFKA_CONTROLLER_PORT=$((BASE + 93)); S3_PORT=$((BASE + 33))
API_PORT=$((BASE + 80)); UPLOAD1_PORT=$((BASE + 81)); UPLOAD2_PORT=$((BASE + 84)); INGEST_PORT=$((BASE + 82))
TRANSCODE1_PORT=$((BASE + 83)); TRANSCODE2_PORT=$((BASE + 85)); MEDIA_PORT=$((BASE + 90))
# Each service's management interface (health, metrics) is on its port - 20 (BASE+60..65).
mgmt() { echo $(($1 - 20)); }

BASE_ROOTFS_IMAGE=localhost/debian-base:bookworm
JRE_IMAGE=localhost/smidgen-base-jre:17
JDK_IMAGE=localhost/smidgen-base-jdk:17
CONTAINER_PREFIX=smidgen-smoke

mkdir -p "$WORK"
LOGS="$WORK/logs"; rm -rf "$LOGS"; mkdir -p "$LOGS"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
info() { printf '   %s\n' "$*"; }
fail() { printf '\n\033[31mFAIL: %s\033[0m\n' "$*" >&2; exit 1; }
elapsed() { echo $(( $(date +%s) - started_at )); }

# ---------------------------------------------------------------------------------------------------
# Tools. podman runs with runc (crun fails on hosts with cgroups in hybrid mode) and a containers.conf
# without default ulimits (raising them is not allowed in some sandboxes).
# ---------------------------------------------------------------------------------------------------
[[ $(id -u) -eq 0 ]] || fail "run as root (podman with runc, debootstrap)"
missing=()
for tool in podman:podman runc:runc debootstrap:debootstrap ffmpeg:ffmpeg curl:curl jq:jq psql:postgresql-client python3:python3 java:openjdk-17-jre-headless; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if ((${#missing[@]})); then
  say "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
export CONTAINERS_CONF="$WORK/containers.conf"
printf '[containers]\ndefault_ulimits = []\n' > "$CONTAINERS_CONF"
RUNTIME=(--runtime "$(command -v runc)")
pod() { podman "$@"; }

# ---------------------------------------------------------------------------------------------------
# Clean-up on any exit: our containers, the infrastructure launcher (it stops its own children),
# the media web server. Only processes this script started, by pid.
# ---------------------------------------------------------------------------------------------------
INFRA_PID=""; MEDIA_PID=""
CONTAINERS=()
cleanup() {
  local rc=$?
  if [[ "${SMOKE_KEEP:-0}" == 1 ]]; then
    echo "SMOKE_KEEP=1: leaving containers (${CONTAINERS[*]:-none}), infra pid ${INFRA_PID:-none} and media server pid ${MEDIA_PID:-none} running"
    exit "$rc"
  fi
  if ((rc != 0)); then
    echo "--- last log lines of each container (full logs in $LOGS)" >&2
    for c in "${CONTAINERS[@]}"; do
      pod logs "$c" > "$LOGS/$c.log" 2>&1 || true
      echo "--- $c" >&2; tail -n 25 "$LOGS/$c.log" >&2 || true
    done
  fi
  for c in "${CONTAINERS[@]}"; do pod rm -f -t 5 "$c" >/dev/null 2>&1 || true; done
  if [[ -n "$MEDIA_PID" ]]; then kill "$MEDIA_PID" 2>/dev/null || true; fi
  if [[ -n "$INFRA_PID" ]] && kill -0 "$INFRA_PID" 2>/dev/null; then
    kill -TERM "$INFRA_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$INFRA_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$INFRA_PID" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in $PG_PORT $KAFKA_PORT $KAFKA_CONTROLLER_PORT $S3_PORT $API_PORT $UPLOAD1_PORT $UPLOAD2_PORT \
            $INGEST_PORT $TRANSCODE1_PORT $TRANSCODE2_PORT $MEDIA_PORT \
            $(for p in $API_PORT $UPLOAD1_PORT $UPLOAD2_PORT $INGEST_PORT $TRANSCODE1_PORT $TRANSCODE2_PORT; do mgmt "$p"; done); do
  if ss -Hltn "sport = :$port" | grep -q .; then fail "port $port is in use (set SMOKE_PORT_BASE)"; fi
done
# Leftovers of an earlier run that was killed before its trap ran.
for c in $(pod ps -a --format '{{.Names}}' | grep "^$CONTAINER_PREFIX-" || true); do pod rm -f "$c" >/dev/null; done

# ---------------------------------------------------------------------------------------------------
# 0. docker-compose.yml: it cannot run here (no registry for postgres/kafka/minio images), so check it
#    statically: valid YAML with the structure the README promises.
# ---------------------------------------------------------------------------------------------------
say "docker-compose.yml (static checks; the compose stack itself needs registry images)"
SMIDGEN_ADMIN_TOKEN=smoke python3 - "$ROOT/docker-compose.yml" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
svcs = doc["services"]
need = {"postgres", "kafka", "minio", "api-service", "upload-service", "ingest-worker", "transcode-worker", "bootstrap"}
assert need <= set(svcs), f"missing services: {need - set(svcs)}"
for name in ["api-service", "upload-service", "ingest-worker", "transcode-worker"]:
    s = svcs[name]
    assert s["build"]["dockerfile"] == "deploy/container/Containerfile", name
    assert s["build"]["args"]["MODULE"] == name, name
    assert s["image"].startswith("${SMIDGEN_IMAGE_PREFIX:-smidgen}/" + name + ":${SMIDGEN_TAG:-latest}"), s["image"]
    assert "healthcheck" in s, f"{name} has no healthcheck"
    deps = s["depends_on"]
    assert all(d["condition"] == "service_healthy" for d in deps.values()), f"{name}: depends_on must wait for healthy"
    assert {"postgres", "kafka", "minio"} <= set(deps), f"{name} does not wait for the infrastructure"
    if name != "api-service":
        assert "api-service" in deps, f"{name} must start after the api-service (migrations, topics)"
for worker in ["ingest-worker", "transcode-worker"]:
    assert "container_name" not in svcs[worker] and "ports" not in svcs[worker], f"{worker} would not scale"
assert svcs["api-service"]["ports"] == ["${SMIDGEN_API_PORT:-8080}:8080"]
assert svcs["upload-service"]["ports"] == ["${SMIDGEN_UPLOAD_PORT:-8081}:8081"]
env = svcs["api-service"]["environment"]
assert env["SMIDGEN_API_BASE_URL"].endswith("http://localhost:8080}") and env["SMIDGEN_UPLOADS_BASE_URL"].endswith("http://localhost:8081}")
for vol in ["postgres-data", "kafka-data", "minio-data"]:
    assert vol in doc["volumes"], vol
print("   compose structure ok: 8 services, health-gated start order, scalable workers, named volumes")
PY
if command -v docker-compose >/dev/null 2>&1; then
  (cd "$ROOT" && SMIDGEN_ADMIN_TOKEN=smoke docker-compose config -q) && info "docker-compose config: valid"
fi

# ---------------------------------------------------------------------------------------------------
# 1. Base images from Debian (once; reused while they exist).
# ---------------------------------------------------------------------------------------------------
say "Base images"
if ! pod image exists "$BASE_ROOTFS_IMAGE"; then
  info "debootstrap bookworm (minbase) -> $BASE_ROOTFS_IMAGE (a few minutes, once)"
  rootfs="$WORK/rootfs"; rm -rf "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian > "$LOGS/debootstrap.log" 2>&1 \
    || { tail -n 20 "$LOGS/debootstrap.log"; fail "debootstrap"; }
  # Security and point-release updates too, like the official debian:bookworm image.
  cat > "$rootfs/etc/apt/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | pod import - "$BASE_ROOTFS_IMAGE" > "$LOGS/import.log" 2>&1 \
    || { cat "$LOGS/import.log"; fail "podman import"; }
  rm -rf "$rootfs"
fi
# JRE (runtime base) and JDK (build base) layers: what eclipse-temurin:17-jre / -jdk give elsewhere.
# They also trust the CA certificates this host added locally (/usr/local/share/ca-certificates):
# behind a TLS-intercepting proxy, Maven in the build stage reaches Maven Central only that way, just
# as a company's own base image carries the company CA. Both curl's bundle and Java's cacerts get them.
CA_DIR="${SMOKE_EXTRA_CA_DIR:-/usr/local/share/ca-certificates}"
build_base() {
  local image="$1" packages="$2"
  pod image exists "$image" && { info "$image (cached)"; return; }
  local dir; dir="$WORK/base-$(echo "$image" | tr -c 'a-z0-9' '-')"; rm -rf "$dir"; mkdir -p "$dir/ca"
  find "$CA_DIR" -maxdepth 1 -name '*.crt' -exec cp {} "$dir/ca/" \; 2>/dev/null || true
  cat > "$dir/Containerfile" <<EOF
FROM $BASE_ROOTFS_IMAGE
COPY ca/ /usr/local/share/ca-certificates/
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages \\
 && update-ca-certificates && apt-get clean && rm -rf /var/lib/apt/lists/*
ENV LANG=C.UTF-8
CMD ["/bin/bash"]
EOF
  info "building $image ($packages)"
  pod build "${RUNTIME[@]}" --network host -q -t "$image" "$dir" > "$LOGS/base-$(basename "$dir").log" 2>&1 \
    || { tail -n 20 "$LOGS/base-$(basename "$dir").log"; fail "building $image"; }
}
build_base "$JRE_IMAGE" "openjdk-17-jre-headless ca-certificates"
build_base "$JDK_IMAGE" "openjdk-17-jdk-headless ca-certificates curl"
info "base images ready at $(elapsed) s"

# ---------------------------------------------------------------------------------------------------
# 2. The four service images. The build stage does not depend on MODULE, so Maven runs in
#    the first build only; the others reuse its cached layer.
# ---------------------------------------------------------------------------------------------------
say "Service images (Maven runs inside the first build; the others reuse its layer)"
declare -A BUILD_SECONDS
for svc in "${SERVICES[@]}"; do
  t0=$(date +%s)
  pod build "${RUNTIME[@]}" --network host --format docker \
      --build-arg BASE_IMAGE="$JRE_IMAGE" --build-arg BUILD_IMAGE="$JDK_IMAGE" --build-arg MODULE="$svc" \
      -f "$ROOT/deploy/container/Containerfile" -t "$PREFIX/$svc:$TAG" "$ROOT" > "$LOGS/build-$svc.log" 2>&1 \
    || { tail -n 40 "$LOGS/build-$svc.log"; fail "building $svc"; }
  BUILD_SECONDS[$svc]=$(( $(date +%s) - t0 ))
  info "$PREFIX/$svc:$TAG built in ${BUILD_SECONDS[$svc]} s"
done
grep -h 'FFmpeg for .* installed\| -> ' "$LOGS"/build-*-worker.log | sed 's/^/   build: /' | sort -u || true

# ---------------------------------------------------------------------------------------------------
# 3. Infrastructure: the devstack launcher of ./smidgen infra, with its state in our scratch directory.
# ---------------------------------------------------------------------------------------------------
say "Infrastructure (devstack: PostgreSQL :$PG_PORT, Kafka :$KAFKA_PORT, S3 :$S3_PORT)"
devstack_jar() { compgen -G "$ROOT/devstack/target/devstack-*.jar" | grep -v -e '-sources\.jar$' -e '-tests\.jar$' | head -n 1; }
if [[ -z "$(devstack_jar || true)" || ! -f "$ROOT/devstack/target/s3proxy/s3proxy.jar" ]]; then
  info "building the devstack launcher (package only, nothing is installed into ~/.m2)"
  (cd "$ROOT" && ./mvnw -B -q -pl devstack -am package -DskipTests)
fi
INFRA_STATE="$WORK/infra"; rm -rf "$INFRA_STATE"; mkdir -p "$INFRA_STATE"
SMIDGEN_PG_PORT=$PG_PORT SMIDGEN_KAFKA_PORT=$KAFKA_PORT SMIDGEN_KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT \
SMIDGEN_S3_PORT=$S3_PORT \
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$(devstack_jar):$ROOT/devstack/target/lib/*" \
    dev.smidgen.devstack.Main infra --root "$ROOT" --state "$INFRA_STATE" > "$LOGS/infra.log" 2>&1 < /dev/null &
INFRA_PID=$!
for _ in $(seq 1 900); do
  [[ -s "$INFRA_STATE/infra.env" ]] && break
  kill -0 "$INFRA_PID" 2>/dev/null || { tail -n 30 "$LOGS/infra.log"; fail "infrastructure did not start"; }
  sleep 0.2
done
[[ -s "$INFRA_STATE/infra.env" ]] || fail "infrastructure not ready within 180 s"
grep -v '^#' "$INFRA_STATE/infra.env" | sed 's/^/   /'
DB_URL=$(sed -n 's/^QUARKUS_DATASOURCE_JDBC_URL=//p' "$INFRA_STATE/infra.env")
psql_q() { PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$(basename "${DB_URL%%\?*}")" -Atq -c "$1"; }

# ---------------------------------------------------------------------------------------------------
# 4. The services, one container each, host network, every replica on its own port. Cold start =
#    seconds from `podman run` until /q/health/ready answers 200 on the management port (each started alone, so the two cores
#    are not shared with another starting JVM; the infrastructure is already up).
# ---------------------------------------------------------------------------------------------------
say "Services"
ADMIN_TOKEN="smoke-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
API="http://127.0.0.1:$API_PORT"
declare -A COLD_START
run_service() {   # run_service <image service> <container suffix> <port> [extra podman args...]
  local svc="$1" suffix="$2" name="$CONTAINER_PREFIX-$2" port="$3"; shift 3
  local t0; t0=$(date +%s%N)
  # --health-interval disable: no systemd here to schedule the image's HEALTHCHECK (podman still logs
  # that it cannot reach systemd: kept in $LOGS/run-*.err); it is run by hand below instead.
  # --add-host: the hostname resolves, as it would on a container network.
  # --read-only with a tmpfs /tmp: the images need no writable root file system (as with Kubernetes'
  # readOnlyRootFilesystem and an emptyDir on /tmp); scratch files, spools and task dirs go to /tmp.
  # --memory: the container-aware heap (MaxRAMPercentage) sizes itself from this limit.
  pod run -d "${RUNTIME[@]}" --network host --name "$name" --hostname "$name" --add-host "$name:127.0.0.1" \
      --health-interval disable \
      --read-only --tmpfs /tmp:rw,mode=1777,size=512m \
      --env-file "$INFRA_STATE/infra.env" \
      -e QUARKUS_HTTP_PORT="$port" \
      -e QUARKUS_MANAGEMENT_PORT="$(mgmt "$port")" \
      -e SMIDGEN_API_BASE_URL="$API" \
      -e SMIDGEN_UPLOADS_BASE_URL="http://127.0.0.1:$UPLOAD1_PORT" \
      -e QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
      --memory 1g \
      "$@" "$PREFIX/$svc:$TAG" > /dev/null 2> "$LOGS/run-$suffix.err" \
    || { cat "$LOGS/run-$suffix.err" >&2; fail "podman run $name"; }
  CONTAINERS+=("$name")
  local deadline=$(( $(date +%s) + 240 ))
  until curl -fs -o /dev/null "http://127.0.0.1:$(mgmt "$port")/q/health/ready"; do
    [[ "$(pod inspect -f '{{.State.Running}}' "$name")" == true ]] || fail "$name exited: $(pod logs "$name" 2>&1 | tail -n 30)"
    (( $(date +%s) < deadline )) || fail "$name not ready within 240 s"
    sleep 0.1
  done
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  local secs; secs=$(printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)))
  COLD_START[$suffix]=$secs
  info "$name ready on :$port in $secs s"
}
run_service api-service api "$API_PORT" -e SMIDGEN_ADMIN_TOKEN="$ADMIN_TOKEN"
run_service upload-service upload-1 "$UPLOAD1_PORT"
run_service upload-service upload-2 "$UPLOAD2_PORT"
run_service ingest-worker ingest "$INGEST_PORT" -e SMIDGEN_INGEST_ALLOW_PRIVATE=true   # the media server is on loopback
run_service transcode-worker transcode-1 "$TRANSCODE1_PORT"
run_service transcode-worker transcode-2 "$TRANSCODE2_PORT"

# The images' own HEALTHCHECK (what compose's service_healthy uses) passes too.
for c in "${CONTAINERS[@]}"; do
  pod healthcheck run "$c" >/dev/null || fail "HEALTHCHECK of $c failed"
done
info "HEALTHCHECK (podman healthcheck run): healthy in all ${#CONTAINERS[@]} containers"
# Container-aware heap: each JVM sized its heap from the 1 GiB limit (api 70 %, transcode 30 %).
heap_mib() { curl -fsS "http://127.0.0.1:$(mgmt "$1")/q/metrics" | awk '/^jvm_memory_max_bytes\{area="heap"/ && $NF > 0 {s += $NF} END {printf "%d", s / 1048576}'; }
info "max heap under a 1 GiB limit: api-service $(heap_mib "$API_PORT") MiB, transcode-worker $(heap_mib "$TRANSCODE1_PORT") MiB"
# Non-root, and FFmpeg used where the image build extracted it: read-only, nothing extracted at start.
info "api user: $(pod exec "$CONTAINER_PREFIX-api" id)"
pod logs "$CONTAINER_PREFIX-transcode-1" 2>&1 | grep -m1 'FFmpeg binaries ready' | sed 's/^.*FFmpeg/   transcode-1: FFmpeg/' || true
pod exec "$CONTAINER_PREFIX-transcode-1" sh -c '! touch /opt/ffmpeg/x 2>/dev/null && ! ls -d /tmp/.javacpp* 2>/dev/null' \
  || fail "FFmpeg was extracted at start or its directory is writable"
info "transcode-1: /opt/ffmpeg is read-only for uid 10001 and nothing was extracted into /tmp"

# ---------------------------------------------------------------------------------------------------
# 5. A project and an API key through the admin API, with the compose file's `bootstrap` one-shot:
#    deploy/compose/bootstrap.sh in the api-service image, which prints an env file like .smidgen/env.
#    Run twice: the second run finds the same project "default" and issues another key.
# ---------------------------------------------------------------------------------------------------
say "Project and API key (admin API, via the compose bootstrap script)"
bootstrap() {
  pod run --rm "${RUNTIME[@]}" --network host --no-healthcheck \
    -v "$ROOT/deploy/compose/bootstrap.sh:/bootstrap/bootstrap.sh:ro" --entrypoint /bin/sh \
    -e SMIDGEN_ADMIN_TOKEN="$ADMIN_TOKEN" -e BOOTSTRAP_API_URL="$API" -e SMIDGEN_API_BASE_URL="$API" \
    -e BOOTSTRAP_HEALTH_URL="http://127.0.0.1:$(mgmt "$API_PORT")/q/health/ready" \
    -e SMIDGEN_UPLOADS_BASE_URL="http://127.0.0.1:$UPLOAD1_PORT" \
    "$PREFIX/api-service:$TAG" /bootstrap/bootstrap.sh 2> "$LOGS/bootstrap.err"
}
ENV_FILE="$WORK/smidgen.env"
bootstrap > "$ENV_FILE" || { cat "$LOGS/bootstrap.err"; fail "bootstrap"; }
grep '^bootstrap:' "$LOGS/bootstrap.err" | sed 's/^/   /'
PROJECT=$(grep -o 'prj_[a-z0-9]*' "$LOGS/bootstrap.err" | head -n 1)
KEY=$(sed -n 's/^SMIDGEN_API_KEY=//p' "$ENV_FILE")
[[ "$PROJECT" == prj_* && "$KEY" == smdg_* ]] || fail "no project/key: $PROJECT $(cat "$ENV_FILE")"
again=$(bootstrap) || { cat "$LOGS/bootstrap.err"; fail "second bootstrap"; }
grep -q "using project default ($PROJECT)" "$LOGS/bootstrap.err" || fail "second bootstrap did not reuse $PROJECT"
[[ "$(sed -n 's/^SMIDGEN_API_KEY=//p' <<<"$again")" == smdg_* ]] || fail "second bootstrap issued no key"
info "second run: $(grep '^bootstrap: using' "$LOGS/bootstrap.err") and a new key"
grep -v '^#' "$ENV_FILE" | sed 's/\(SMIDGEN_API_KEY=.\{10\}\).*/\1…/; s/^/   env: /'
auth=(-H "Authorization: Bearer $KEY" -H 'Content-Type: application/json')
api() { local method="$1" path="$2"; shift 2; curl -fsS -X "$method" "$API$path" "${auth[@]}" "$@"; }

# Polls a task until it is completed (fails on failed or after $2 seconds).
wait_task() {
  local task="$1" timeout="${2:-300}" deadline status body
  deadline=$(( $(date +%s) + timeout ))
  while :; do
    body=$(api GET "/tasks/$task")
    status=$(jq -r .data.status <<<"$body")
    [[ "$status" == completed ]] && { echo "$body"; return 0; }
    [[ "$status" == failed ]] && fail "task $task failed: $(jq -c .data.error <<<"$body")"
    (( $(date +%s) < deadline )) || fail "task $task still $status after $timeout s"
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------------
# 6. Test media, generated with FFmpeg (cached between runs):
#    long.mp4    1280x720, 60 s, H.264/AAC: ingested from a URL, then converted to WebM while its
#                worker is killed (long enough to still be running when we look);
#    upload.mp4  640x360 with noise (hard to compress: ~15 MiB in 8 s): the chunked upload, 4 chunks.
# ---------------------------------------------------------------------------------------------------
say "Test media"
MEDIA="$WORK/media"; mkdir -p "$MEDIA"
if [[ ! -s "$MEDIA/long.mp4" ]]; then
  ffmpeg -v error -y -f lavfi -i testsrc2=size=1280x720:rate=30:duration=60 -f lavfi -i sine=frequency=440:duration=60 \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest "$MEDIA/long.mp4.tmp.mp4"
  mv "$MEDIA/long.mp4.tmp.mp4" "$MEDIA/long.mp4"
fi
if [[ ! -s "$MEDIA/upload.mp4" ]]; then
  ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=8,noise=alls=30:allf=t \
    -f lavfi -i sine=frequency=660:duration=8 -c:v libx264 -preset ultrafast -crf 26 -pix_fmt yuv420p -c:a aac -shortest \
    "$MEDIA/upload.mp4.tmp.mp4"
  mv "$MEDIA/upload.mp4.tmp.mp4" "$MEDIA/upload.mp4"
fi
info "long.mp4 $(stat -c %s "$MEDIA/long.mp4") bytes, upload.mp4 $(stat -c %s "$MEDIA/upload.mp4") bytes"
(( $(stat -c %s "$MEDIA/upload.mp4") > 11 * 1024 * 1024 )) || fail "upload.mp4 is too small for three 5 MiB chunks"
# Loopback web server for the URL ingest (the ingest worker runs with SMIDGEN_INGEST_ALLOW_PRIVATE=true).
python3 -m http.server "$MEDIA_PORT" --bind 127.0.0.1 --directory "$MEDIA" > "$LOGS/media-server.log" 2>&1 &
MEDIA_PID=$!
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$MEDIA_PORT/long.mp4" -r 0-0 && break; sleep 0.1; done

# ---------------------------------------------------------------------------------------------------
# (a) URL ingest: synchronous POST /media, answered 201 with the probed media.
# ---------------------------------------------------------------------------------------------------
say "(a) URL ingest"
body=$(api POST /media -d "{\"url\": \"http://127.0.0.1:$MEDIA_PORT/long.mp4\", \"title\": \"Long\", \"filename\": \"long.mp4\"}")
LONG_MEDIA=$(jq -r .data.id <<<"$body")
[[ "$LONG_MEDIA" == med_* ]] || fail "POST /media: $body"
info "$(jq -c '.data | {id, kind, width, height, duration, filesize, sources: (.sources | length)}' <<<"$body")"
[[ "$(jq -r .data.width <<<"$body")" == 1280 ]] || fail "ingested media is not 1280 wide"
delivered=$(curl -fsS "$(jq -r '.data.sources[0].url' <<<"$body")" | sha256sum | cut -d' ' -f1)
[[ "$delivered" == "$(sha256sum < "$MEDIA/long.mp4" | cut -d' ' -f1)" ]] || fail "delivered bytes differ from the source"
info "delivery /cdn returns the exact bytes (sha256 $delivered)"

# ---------------------------------------------------------------------------------------------------
# (b) Chunked upload, chunks alternating between the two upload-service replicas: the session lives in
#     PostgreSQL, so any replica takes any chunk. 5 MiB chunks (S3's minimum part size) except the last.
# ---------------------------------------------------------------------------------------------------
say "(b) Resumable chunked upload across two upload-service replicas"
session=$(api POST /uploads -d '{"resumable": true, "filename": "upload.mp4", "metadata": {"via": "smoke"}}')
URL=$(jq -r .data.url <<<"$session")
[[ "$URL" == "http://127.0.0.1:$UPLOAD1_PORT/store/resumable?key="* ]] || fail "unexpected session url: $URL"
chunks="$WORK/chunks"; rm -rf "$chunks"; mkdir -p "$chunks"
split -b 5M -d -a 3 "$MEDIA/upload.mp4" "$chunks/c"
parts="[]"; index=0
for chunk in "$chunks"/c*; do
  port=$(( index % 2 == 0 ? UPLOAD1_PORT : UPLOAD2_PORT ))
  replica_url="${URL/127.0.0.1:$UPLOAD1_PORT/127.0.0.1:$port}"
  answer=$(curl -fsS -X PUT "$replica_url" -H "X-Upload-Index: $index" --data-binary @"$chunk")
  etag=$(jq -r .data.etag <<<"$answer")
  info "chunk $index ($(stat -c %s "$chunk") bytes) -> replica :$port  etag $etag"
  parts=$(jq -c --argjson i "$index" --arg e "$etag" '. + [{index: $i, etag: $e}]' <<<"$parts")
  index=$((index + 1))
done
(( index >= 3 )) || fail "expected at least three chunks"
# Complete on the replica that did not take the last chunk.
port=$(( index % 2 == 0 ? UPLOAD1_PORT : UPLOAD2_PORT ))
completion=$(curl -sS -w '\n%{http_code}' -X POST "${URL/127.0.0.1:$UPLOAD1_PORT/127.0.0.1:$port}" \
  -H 'Content-Type: application/json' -d "{\"parts\": $parts}")
code=$(tail -n 1 <<<"$completion"); completion=$(sed '$d' <<<"$completion")
[[ "$code" == 201 ]] || fail "completion on :$port answered $code: $completion"
UPLOAD_MEDIA=$(jq -r .data.id <<<"$completion")
info "completed on replica :$port -> 201 $(jq -c '.data | {id, kind, width, height, filesize}' <<<"$completion")"
[[ "$(jq -r .data.filesize <<<"$completion")" == "$(stat -c %s "$MEDIA/upload.mp4")" ]] || fail "stored size differs"
delivered=$(curl -fsS "$(jq -r '.data.sources[0].url' <<<"$completion")" | sha256sum | cut -d' ' -f1)
[[ "$delivered" == "$(sha256sum < "$MEDIA/upload.mp4" | cut -d' ' -f1)" ]] || fail "uploaded bytes differ"
info "delivered object is byte-identical to the uploaded file"

# ---------------------------------------------------------------------------------------------------
# (c) A conversion: 320-wide MP4 of the uploaded video, a new source of its media.
# ---------------------------------------------------------------------------------------------------
say "(c) Transcode"
task=$(api POST /sources -d "{\"media_id\": \"$UPLOAD_MEDIA\", \"kind\": \"video\", \"format\": \"mp4\", \"width\": 320}" | jq -r .data.id)
done_task=$(wait_task "$task" 300)
info "$(jq -c '.data | {id, status, attempts, output: {id: .output.id, width: .output.width, height: .output.height, type: .output.type}}' <<<"$done_task")"
sources=$(api GET "/media/$UPLOAD_MEDIA" | jq '.data.sources | length')
[[ "$sources" == 2 ]] || fail "expected 2 sources on $UPLOAD_MEDIA, got $sources"
info "media $UPLOAD_MEDIA now has $sources sources (original + mp4)"

# ---------------------------------------------------------------------------------------------------
# (d) Crash a transcode worker mid-task: SIGKILL the container whose FFmpeg is running the conversion.
#     The other worker takes the task over once the lease (30 s) runs out, and the task still ends
#     with exactly one completion, one new source and one stored object.
# ---------------------------------------------------------------------------------------------------
say "(d) SIGKILL a transcode worker while its FFmpeg runs"
task=$(api POST /sources -d "{\"media_id\": \"$LONG_MEDIA\", \"kind\": \"video\", \"format\": \"webm\", \"width\": 1280}" | jq -r .data.id)
info "task $task: 60 s of 1280x720 to VP9/WebM"
victim=""; deadline=$(( $(date +%s) + 120 ))
while [[ -z "$victim" ]]; do
  owner=$(psql_q "SELECT coalesce(lease_owner, '') FROM tasks WHERE id = '$task' AND status = 'processing'")
  # lease_owner = <role>@<HOSTNAME>:<pid>:<random>; each container's hostname is its name.
  candidate=$(sed -n 's/^[^@]*@\([^:]*\):.*/\1/p' <<<"$owner")
  # Wait until FFmpeg has visibly worked (progress > 0): the kill lands in the middle of the conversion.
  progress=$(api GET "/tasks/$task" | jq -r .data.progress)
  if [[ -n "$candidate" && "$progress" != 0 ]] && pod top "$candidate" args 2>/dev/null | grep -q '[f]fmpeg'; then
    victim="$candidate"
  fi
  (( $(date +%s) < deadline )) || fail "no worker made progress with FFmpeg on $task within 120 s"
  [[ -z "$victim" ]] && sleep 0.3
done
info "lease_owner: $owner"
info "FFmpeg running in $victim (progress $progress): $(pod top "$victim" args | grep '[f]fmpeg' | cut -c1-110)…"
pod kill --signal KILL "$victim" >/dev/null
killed_at=$(date +%s)
info "podman kill --signal KILL $victim -> $(pod inspect -f '{{.State.Status}} exit {{.State.ExitCode}}' "$victim" 2>/dev/null || echo gone)"
done_task=$(wait_task "$task" 600)
info "completed $(( $(date +%s) - killed_at )) s after the kill: $(jq -c '.data | {id, status, attempts, progress, output: .output.id}' <<<"$done_task")"
output_file=$(jq -r .data.output.id <<<"$done_task")
attempts=$(jq -r .data.attempts <<<"$done_task")
(( attempts >= 2 )) || fail "attempts = $attempts, expected >= 2 after a takeover"
media=$(api GET "/media/$LONG_MEDIA")
sources=$(jq '.data.sources | length' <<<"$media")
webm_sources=$(jq '[.data.sources[] | select(.type == "video/webm")] | length' <<<"$media")
[[ "$sources" == 2 && "$webm_sources" == 1 ]] || fail "expected original + 1 webm source, got $sources sources ($webm_sources webm)"
completions=$(psql_q "SELECT count(*) FROM events WHERE subject_id = '$task' AND topic = 'task.completed'")
rows=$(psql_q "SELECT count(*) FROM files WHERE media_id = '$LONG_MEDIA'")
blob_dir=$(find "$INFRA_STATE/data" -type d -name blobs | head -n 1)
objects=$(find "$blob_dir" -type f -path "*$PROJECT*" -name "*$output_file*" | wc -l)
[[ "$completions" == 1 && "$rows" == 2 && "$objects" == 1 ]] \
  || fail "not exactly once: task.completed events $completions, file rows $rows, objects $objects"
for c in "$CONTAINER_PREFIX-transcode-1" "$CONTAINER_PREFIX-transcode-2"; do
  [[ "$c" == "$victim" ]] && continue
  pod logs "$c" 2>&1 | grep -F "$task" | tail -n 3 | cut -c1-160 | sed "s/^/   $c: /"
done
info "exactly once: attempts $attempts, task.completed events $completions, sources $sources (1 webm), file rows $rows, S3 objects for $output_file: $objects"
webm_url=$(jq -r --arg f "$output_file" '.data.sources[] | select(.id == $f) | .url' <<<"$media")
curl -fsS "$webm_url" -o "$WORK/out.webm"
info "the output plays as: $(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,width,height -show_entries format=duration -of csv=p=0 "$WORK/out.webm" | tr '\n' ' ')"

# ---------------------------------------------------------------------------------------------------
# 7. Graceful stop: SIGTERM (what podman/docker stop and Kubernetes send) reaches the JVM, which is
#    PID 1 through the entrypoint's exec, and every service exits well before the 30 s grace.
# ---------------------------------------------------------------------------------------------------
say "Graceful stop (SIGTERM)"
declare -A STOP_SECONDS
for c in "${CONTAINERS[@]}"; do
  [[ "$(pod inspect -f '{{.State.Running}}' "$c")" == true ]] || continue
  t0=$(date +%s%N)
  pod stop -t 30 "$c" > /dev/null 2>&1
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  code=$(pod inspect -f '{{.State.ExitCode}}' "$c")
  [[ "$code" != 137 ]] || fail "$c did not stop on SIGTERM within 30 s (SIGKILLed)"
  STOP_SECONDS[${c#"$CONTAINER_PREFIX-"}]=$(printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)))
  info "$c stopped in ${STOP_SECONDS[${c#"$CONTAINER_PREFIX-"}]} s, exit code $code"
done

# ---------------------------------------------------------------------------------------------------
# 8. Figures.
# ---------------------------------------------------------------------------------------------------
say "Figures"
printf '   %-18s %10s %18s %18s\n' service "image size" "cold start (s)" "SIGTERM stop (s)"
both() { echo "${1:-killed}${2:+ / $2}"; }
for svc in "${SERVICES[@]}"; do
  size=$(pod image ls --format '{{.Size}}' "$PREFIX/$svc:$TAG" | head -n 1)
  case $svc in
    api-service) starts=$(both "${COLD_START[api]}"); stops=$(both "${STOP_SECONDS[api]:-}") ;;
    upload-service) starts=$(both "${COLD_START[upload-1]}" "${COLD_START[upload-2]}")
                    stops=$(both "${STOP_SECONDS[upload-1]:-}" "${STOP_SECONDS[upload-2]:-}") ;;
    ingest-worker) starts=$(both "${COLD_START[ingest]}"); stops=$(both "${STOP_SECONDS[ingest]:-}") ;;
    transcode-worker) starts=$(both "${COLD_START[transcode-1]}" "${COLD_START[transcode-2]}")
                      stops=$(both "${STOP_SECONDS[transcode-1]:-killed}" "${STOP_SECONDS[transcode-2]:-killed}") ;;
  esac
  printf '   %-18s %10s %18s %18s\n' "$svc" "$size" "$starts" "$stops"
done
info "base images: $JRE_IMAGE $(pod image ls --format '{{.Size}}' "$JRE_IMAGE" | head -n 1), $JDK_IMAGE $(pod image ls --format '{{.Size}}' "$JDK_IMAGE" | head -n 1)"
info "image builds (s): $(for s in "${SERVICES[@]}"; do printf '%s %s  ' "$s" "${BUILD_SECONDS[$s]}"; done)"
say "PASS in $(elapsed) s"
