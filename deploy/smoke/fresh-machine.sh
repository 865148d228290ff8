#!/usr/bin/env bash
# The README's promise on a bare machine: a newcomer with nothing but a JDK 17, git and curl clones the
# repository, runs `./smidgen up`, follows the curl tour, and runs `./mvnw -B verify`.
#
#   deploy/smoke/fresh-machine.sh      (as root on a Debian/Ubuntu host with apt; debootstrap and
#                                       python3 are installed on the host if missing)
#
# What it does, and why:
#   1. Builds, once, a minimal Debian bookworm root file system with only openjdk-17-jdk-headless, git,
#      curl and ca-certificates (debootstrap --variant=minbase) and a non-root user `newcomer`, and
#      caches it. Every run shows that the machine is bare: no X11 or PulseAudio libraries (what the
#      bundled FFmpeg used to need; ALSA's comes with Debian's JDK package, see FRESH_WITHOUT_ALSA), no
#      browser, Node, kubectl, jq, Python, FFmpeg or Maven.
#   2. Each run works on an overlay of that cached root (a plain copy where overlayfs is unavailable),
#      so runs never leak into each other or into the cache. The host's extra CA certificates
#      (/usr/local/share/ca-certificates, e.g. of a TLS-inspecting proxy) are trusted in the root, as
#      a company machine would trust its company CA; nothing else of the host is copied in.
#   3. `newcomer` runs `git clone` of the COMMITTED HEAD of this repository (uncommitted changes are not
#      part of the proof) into ~/smidgen, with an empty ~/.m2, in a chroot with HOME=/home/newcomer and
#      PATH=/usr/local/bin:/usr/bin:/bin. Then, as that user, the steps chosen with FRESH_STEPS:
#        start  `./smidgen up` in the background, until it prints "Smidgen is running" (time from the
#               start of `git clone` to ready is printed); on failure, the tail of the launcher's
#               output and of .smidgen/data/logs/*.log
#        tour   the README's curl tour, once per variant it offers (ingest a URL, upload a file): the
#               ```sh blocks marked <!-- tour --> and those marked <!-- tour:VARIANT -->, in README
#               order, run with `sh -eux` from the clone's root, with VIDEO_URL (a test video on a web
#               server on the host's loopback; the chroot shares the host's network) and VIDEO_FILE
#               (the same video inside the machine) set
#        down   `./smidgen down`; afterwards no process may be left in the machine
#        test   `./mvnw -B verify` without SMIDGEN_TEST_HARNESS (tests needing a browser, Node or
#               kubectl skip themselves); prints the test totals, the skip lines and the reactor summary
#        mvn    `./mvnw -B $FRESH_MVN_ARGS` (default -v): checks Maven, HOME and the network inside
#   4. Ends with a table of step, seconds and result; exits non-zero if any step failed.
# The stack, the web server, the mounts and the run's root are removed on exit, pass or fail, unless
# FRESH_KEEP=1.
#
# Environment (all optional):
#   FRESH_WORK         cache and scratch directory                         default /var/tmp/smidgen-fresh
#   FRESH_STEPS        comma-separated steps, in order                      default start,tour,down,test
#   FRESH_M2           cold: one pass with an empty ~/.m2                   default cold
#                      warm: then a second pass on a new clone with the ~/.m2 the first pass filled,
#                            running FRESH_WARM_STEPS (default start,tour,down), both times printed
#   FRESH_KEEP=1       leave the machine (and a started stack) as it is at the end, for poking around
#   FRESH_REUSE=1      continue in the machine a FRESH_KEEP=1 run left (same clone, same ~/.m2):
#                      e.g. FRESH_STEPS=start FRESH_KEEP=1, then FRESH_REUSE=1 FRESH_STEPS=tour,down
#   FRESH_REBUILD=1    build the cached root file system again
#   FRESH_README       take the tour from this file instead of the clone's README.md
#   FRESH_VIDEO_URL    the tour's VIDEO_URL; default: the host's loopback web server, which the
#                      ingest worker refuses unless started with SMIDGEN_INGEST_ALLOW_PRIVATE=true (as
#                      the README says for ingesting from one's own machine); set only in that case
#   FRESH_MEDIA_PORT   port of that web server                              default 18480
#   FRESH_START_TIMEOUT, FRESH_TOUR_TIMEOUT, FRESH_TEST_TIMEOUT   seconds   default 1800, 900, 14400
#   FRESH_WITHOUT_ALSA=1  remove ALSA's libasound2 (which Debian's JDK package depends on, a tarball
#                      JDK does not) from the run's machine: FFmpeg then has no audio device library
#   FRESH_MIRROR       Debian mirror for debootstrap                        default http://deb.debian.org/debian
#
# Ports: the stack uses ./smidgen's defaults (8080-8083, 15432, 19092, 19093, 18333) on the host's
# network, so nothing else may listen there while this runs.
set -euo pipefail

started_at=$(date +%s)
SCRIPT_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(realpath -m "${FRESH_WORK:-/var/tmp/smidgen-fresh}")"   # real path: compared with /proc/*/root
STEPS="${FRESH_STEPS:-start,tour,down,test}"
WARM_STEPS="${FRESH_WARM_STEPS:-start,tour,down}"
M2_MODE="${FRESH_M2:-cold}"
MIRROR="${FRESH_MIRROR:-http://deb.debian.org/debian}"
MEDIA_PORT="${FRESH_MEDIA_PORT:-18480}"
START_TIMEOUT="${FRESH_START_TIMEOUT:-1800}"
TOUR_TIMEOUT="${FRESH_TOUR_TIMEOUT:-900}"
TEST_TIMEOUT="${FRESH_TEST_TIMEOUT:-14400}"

ROOTFS="$WORK/rootfs"        # the cached, pristine machine
RUN="$WORK/run"              # this run's machine: overlay layers (or a copy) and its root, $R
R="$RUN/root"
LOGS="$WORK/logs"
MEDIA="$WORK/media"
USER_HOME=/home/newcomer
CLONE="$R$USER_HOME/smidgen"
USER_PATH=/usr/local/bin:/usr/bin:/bin
# The FFmpeg device libraries that kept the bundled FFmpeg from loading, and the tools a developer
# machine often has but a newcomer's need not. ALSA's libasound.so.2 is a dependency of Debian's
# openjdk-17-jre-headless, so a Debian machine with apt's JDK has it; a JDK from a tarball (Temurin,
# SDKMAN, macOS) does not: FRESH_WITHOUT_ALSA=1 removes it from the run's machine to prove that case.
ABSENT_LIBS=(libxcb.so.1 libxcb-shm.so.0 libX11.so.6 libpulse.so.0)
[[ "${FRESH_WITHOUT_ALSA:-0}" == 1 ]] && ABSENT_LIBS+=(libasound.so.2)
ABSENT_TOOLS=(chromium chromium-browser google-chrome chromedriver node npm kubectl jq python3 python ffmpeg ffprobe mvn docker podman shellcheck)

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
info() { printf '   %s\n' "$*"; }
indent() { sed 's/^/   /'; }
fail() { printf '\n\033[31mFAIL: %s\033[0m\n' "$*" >&2; exit 1; }
now() { date +%s; }

case ",$STEPS,$WARM_STEPS," in *,,*) fail "empty step in FRESH_STEPS/FRESH_WARM_STEPS" ;; esac
for step in ${STEPS//,/ } ${WARM_STEPS//,/ }; do
  case $step in start|tour|down|test|mvn) ;; *) fail "unknown step '$step' (start, tour, down, test, mvn)" ;; esac
done
[[ "$M2_MODE" == cold || "$M2_MODE" == warm ]] || fail "FRESH_M2 must be cold or warm"
[[ $(id -u) -eq 0 ]] || fail "run as root (debootstrap, chroot, mounts)"

# ---------------------------------------------------------------------------------------------------
# Host tools. Only these are installed on the host; the machine under test gets nothing.
# ---------------------------------------------------------------------------------------------------
missing=()
for tool in debootstrap:debootstrap python3:python3 git:git curl:curl ss:iproute2 flock:util-linux; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if ((${#missing[@]})); then
  say "Installing on the host: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$WORK"
exec 9> "$WORK/lock"
flock -n 9 || fail "another fresh-machine run holds $WORK/lock"

# ---------------------------------------------------------------------------------------------------
# Step bookkeeping: each step's seconds and result, for the table at the end. A step still open when
# the script exits is the one that failed.
# ---------------------------------------------------------------------------------------------------
ROW_NAMES=(); ROW_SECONDS=(); ROW_RESULTS=()
STEP=""; STEP_T0=0
begin() { STEP="$1"; STEP_T0=$(now); say "$1"; }
row() { ROW_NAMES+=("$1"); ROW_SECONDS+=("$2"); ROW_RESULTS+=("$3"); }
finish() { local secs=$(( $(now) - STEP_T0 )); row "$STEP" "$secs" ok; info "$STEP: ok in $secs s"; STEP=""; }

summary() {
  say "Summary"
  printf '   %-40s %8s  %s\n' step seconds result
  local i
  for i in "${!ROW_NAMES[@]}"; do
    printf '   %-40s %8s  %s\n' "${ROW_NAMES[$i]}" "${ROW_SECONDS[$i]}" "${ROW_RESULTS[$i]}"
  done
  printf '   %-40s %8s\n' "total (this script)" "$(( $(now) - started_at ))"
}

# ---------------------------------------------------------------------------------------------------
# Mounts and processes. Every mount goes through mnt (unmounted in reverse order on exit); the
# processes of the machine are exactly those whose root is $R: all started by this script (or by
# the FRESH_KEEP=1 run a FRESH_REUSE=1 run continues), ended by pid.
# ---------------------------------------------------------------------------------------------------
MOUNTS=()
mounted() { mountpoint -q "$1"; }
mnt() {   # mnt <mount args...> <target>: mount unless mounted already, and remember it
  local target="${*: -1}"
  mounted "$target" || mount "$@"
  MOUNTS+=("$target")
}
unmount_all() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    mounted "${MOUNTS[$i]}" && { umount "${MOUNTS[$i]}" 2>/dev/null || umount -l "${MOUNTS[$i]}"; }
  done
  MOUNTS=()
}
# rm -rf that refuses to run through a mount point (a bound /dev or /proc must never be deleted into).
remove_tree() {
  local dir="$1"
  [[ -e "$dir" ]] || return 0
  if awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
    fail "refusing to remove $dir: something is still mounted below it"
  fi
  rm -rf "$dir"
}
pids_in_root() {
  local proc
  for proc in /proc/[0-9]*; do
    [[ "$(readlink "$proc/root" 2>/dev/null)" == "$R" ]] && echo "${proc#/proc/}"
  done
  return 0
}
# Bind the kernel's file systems into a root: the JVMs need /proc, PostgreSQL's shared memory /dev/shm.
mount_system() {
  local root="$1"
  mnt -t proc proc "$root/proc"
  mnt -t sysfs sysfs "$root/sys"
  mnt --bind /dev "$root/dev"
  mnt --bind /dev/pts "$root/dev/pts"
  mnt -t tmpfs -o mode=1777,size=2g shm "$root/dev/shm"
}

# A login-like environment and nothing of root's: LANG=C.UTF-8 as Debian's cloud and container images
# set it (a minbase root has no other locale).
as_newcomer() {   # as_newcomer <timeout seconds, 0 = none> <shell command> [VAR=value...]
  local seconds="$1" script="$2"; shift 2
  timeout --kill-after=30 "$seconds" \
    chroot --userspec="$NEWCOMER_IDS" --groups="${NEWCOMER_IDS#*:}" "$R" \
    /usr/bin/env -i HOME="$USER_HOME" USER=newcomer LOGNAME=newcomer SHELL=/bin/bash LANG=C.UTF-8 \
      PATH="$USER_PATH" "$@" \
    /bin/sh -c "cd $USER_HOME/smidgen 2>/dev/null || cd $USER_HOME; $script" 9>&-   # not the lock: a kept stack must not hold it
}

UP_PID=""; MEDIA_PID=""
stop_stack() {   # ./smidgen down as the user, then whatever is left in the machine, by pid
  [[ -n "$(pids_in_root)" ]] || return 0
  if [[ -x "$CLONE/smidgen" ]]; then
    info "stopping the stack: ./smidgen down"
    as_newcomer 120 './smidgen down' 2>&1 | indent || true
  fi
  local pid
  for _ in $(seq 1 60); do [[ -z "$(pids_in_root)" ]] && return 0; sleep 1; done
  for pid in $(pids_in_root); do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 10); do [[ -z "$(pids_in_root)" ]] && return 0; sleep 1; done
  for pid in $(pids_in_root); do kill -KILL "$pid" 2>/dev/null || true; done
  sleep 1
}

# Stop what runs in the run's machine, unmount everything (the mounts of a FRESH_KEEP=1 run too), and
# remove it.
discard_machine() {
  stop_stack
  unmount_all
  local target
  for target in "$R/dev/shm" "$R/dev/pts" "$R/dev" "$R/sys" "$R/proc" "$R"; do
    mounted "$target" && { umount "$target" 2>/dev/null || umount -l "$target"; }
  done
  remove_tree "$RUN"
}

cleanup() {
  local rc=$?
  set +e
  if [[ -n "$STEP" ]]; then row "$STEP" $(( $(now) - STEP_T0 )) FAILED; STEP=""; fi
  [[ -n "$MEDIA_PID" ]] && kill "$MEDIA_PID" 2>/dev/null
  if [[ "${FRESH_KEEP:-0}" == 1 && -d "$R" ]]; then
    say "FRESH_KEEP=1: the machine stays at $R (processes: $(pids_in_root | tr '\n' ' '))"
    info "enter it:   chroot --userspec=$NEWCOMER_IDS --groups=${NEWCOMER_IDS#*:} $R /usr/bin/env -i HOME=$USER_HOME PATH=$USER_PATH LANG=C.UTF-8 /bin/bash"
    info "continue:   FRESH_REUSE=1 FRESH_STEPS=... $0   (without FRESH_KEEP=1 it cleans up at the end)"
  else
    discard_machine
  fi
  summary
  if ((rc == 0)); then say "PASS in $(( $(now) - started_at )) s"; else printf '\n\033[31mFAILED (exit %s)\033[0m\n' "$rc" >&2; fi
  exit "$rc"
}
NEWCOMER_IDS=""
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------
# 1. The cached machine: Debian bookworm minbase, a JDK 17, git, curl, CA certificates, a user.
# ---------------------------------------------------------------------------------------------------
build_rootfs() {
  local tmp="$WORK/rootfs.partial"
  remove_tree "$tmp"
  info "debootstrap --variant=minbase --include=openjdk-17-jdk-headless,git,curl,ca-certificates bookworm"
  info "(a few minutes, once; log in $LOGS/debootstrap.log)"
  debootstrap --variant=minbase --include=openjdk-17-jdk-headless,git,curl,ca-certificates \
      bookworm "$tmp" "$MIRROR" > "$LOGS/debootstrap.log" 2>&1 \
    || { tail -n 20 "$LOGS/debootstrap.log"; fail "debootstrap"; }
  local ca found=0
  for ca in /usr/local/share/ca-certificates/*.crt; do
    [[ -f "$ca" ]] || continue
    cp "$ca" "$tmp/usr/local/share/ca-certificates/"; found=1
    info "trusting the host's $(basename "$ca")"
  done
  if ((found)); then
    mount_system "$tmp"
    # Also rebuilds Java's cacerts (ca-certificates-java's hook), which Maven uses.
    chroot "$tmp" update-ca-certificates > "$LOGS/update-ca.log" 2>&1 || { cat "$LOGS/update-ca.log"; fail "update-ca-certificates"; }
    unmount_all
  fi
  chroot "$tmp" useradd --create-home --shell /bin/bash newcomer
  rm -rf "$tmp"/var/cache/apt/archives/*.deb "$tmp"/var/lib/apt/lists/*
  mv "$tmp" "$ROOTFS"
}

[[ "${FRESH_REUSE:-0}" == 1 ]] || remove_tree "$LOGS"
mkdir -p "$LOGS" "$MEDIA"
say "The machine (cached in $ROOTFS)"
[[ "${FRESH_REBUILD:-0}" == 1 ]] && remove_tree "$ROOTFS"
[[ -d "$ROOTFS" ]] || build_rootfs
NEWCOMER_IDS="$(awk -F: '$1 == "newcomer" { print $3 ":" $4 }' "$ROOTFS/etc/passwd")"
[[ -n "$NEWCOMER_IDS" ]] || fail "no user newcomer in $ROOTFS (FRESH_REBUILD=1)"

# ---------------------------------------------------------------------------------------------------
# 2. This run's machine: an overlay on the cached one (or a copy), with /proc, /sys, /dev.
# ---------------------------------------------------------------------------------------------------
if [[ "${FRESH_REUSE:-0}" == 1 ]]; then
  [[ -d "$R" ]] || fail "FRESH_REUSE=1: no machine at $R (run with FRESH_KEEP=1 first)"
  info "reusing the machine of an earlier FRESH_KEEP=1 run"
else
  if [[ -d "$RUN" ]]; then
    info "discarding the machine an earlier run left in $RUN"
    discard_machine
  fi
  mkdir -p "$RUN/upper" "$RUN/work" "$R"
fi
if [[ -d "$RUN/upper" ]]; then
  if ! mounted "$R" && ! mount -t overlay overlay -o "lowerdir=$ROOTFS,upperdir=$RUN/upper,workdir=$RUN/work" "$R" 2>/dev/null; then
    info "overlayfs unavailable: copying the machine instead"
    rmdir "$RUN/upper" "$RUN/work"
    cp -a "$ROOTFS/." "$R/"
  fi
fi
mounted "$R" && MOUNTS+=("$R")
mount_system "$R"
cp -L /etc/resolv.conf "$R/etc/resolv.conf"
# As Debian's installer writes it: the machine's own name (the host's: same network) resolves without DNS.
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' "$(hostname)" > "$R/etc/hosts"


# The machine is bare: print what it has and prove what it lacks.
if [[ "${FRESH_WITHOUT_ALSA:-0}" == 1 ]] && chroot "$R" dpkg-query -W libasound2 >/dev/null 2>&1; then
  info "FRESH_WITHOUT_ALSA=1: dpkg --purge --force-depends libasound2 libasound2-data (the JDK runs headless without it)"
  chroot "$R" dpkg --purge --force-depends libasound2 libasound2-data > "$LOGS/without-alsa.log" 2>&1 \
    || { cat "$LOGS/without-alsa.log"; fail "removing libasound2"; }
fi
info "Debian $(cat "$R/etc/debian_version"), $(chroot "$R" dpkg-query -W -f '.\n' | wc -l) packages"
chroot "$R" java -version 2>&1 | head -n 1 | indent
chroot "$R" git --version | indent
chroot "$R" curl --version | head -n 1 | cut -c1-100 | indent
present=()
for lib in "${ABSENT_LIBS[@]}"; do
  for dir in lib lib64 usr/lib usr/lib64 usr/local/lib; do
    [[ -d "$R/$dir" && ! -L "$R/$dir" ]] || continue
    while IFS= read -r hit; do present+=("${hit#"$R"}"); done < <(find "$R/$dir" -name "$lib")
  done
done
for tool in "${ABSENT_TOOLS[@]}"; do
  hit="$(chroot "$R" /bin/sh -c "command -v $tool" || true)"
  [[ -n "$hit" ]] && present+=("$hit")
done
((${#present[@]} == 0)) || fail "the machine is not bare: ${present[*]}"
info "absent: ${ABSENT_LIBS[*]}"
info "absent: ${ABSENT_TOOLS[*]}"
[[ -n "$(find "$R/usr/lib" -name libasound.so.2 -print -quit)" ]] \
  && info "present: libasound.so.2 (ALSA; a dependency of Debian's openjdk-17-jre-headless; FRESH_WITHOUT_ALSA=1 removes it)"

# ---------------------------------------------------------------------------------------------------
# 3. The repository: a bare copy of the committed HEAD inside the machine, for the user's git clone.
# ---------------------------------------------------------------------------------------------------
REPO="$SCRIPT_REPO"
HEAD_COMMIT="$(git -C "$REPO" rev-parse HEAD)"
if [[ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]]; then
  info "note: $REPO has uncommitted changes; the proof uses the committed HEAD only"
fi
ORIGIN="$R/srv/smidgen.git"
if [[ ! -d "$ORIGIN" ]]; then
  git init -q --bare "$ORIGIN"
  git -C "$REPO" push -q "$ORIGIN" "$HEAD_COMMIT:refs/heads/main"
  git -C "$ORIGIN" symbolic-ref HEAD refs/heads/main
  chown -R "$NEWCOMER_IDS" "$ORIGIN"
fi
info "repository: $REPO at $(git -C "$REPO" log -1 --format='%h %s' "$HEAD_COMMIT" | cut -c1-90)"

# ---------------------------------------------------------------------------------------------------
# The test video for the tour: made on the host once (the machine has no FFmpeg), served from the
# host's loopback. Made with the host's ffmpeg if it has one; otherwise with Debian's ffmpeg in a
# throwaway overlay of the cached machine, so that neither the host nor the machine under test gains
# the X11/PulseAudio/ALSA libraries ffmpeg pulls in.
# ---------------------------------------------------------------------------------------------------
SAMPLE="$MEDIA/sample.mp4"
FFMPEG_ARGS=(-v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=8 -f lavfi -i sine=frequency=440:duration=8
             -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest -movflags +faststart)
make_sample() {
  [[ -s "$SAMPLE" ]] && return 0
  if command -v ffmpeg >/dev/null 2>&1; then
    ffmpeg "${FFMPEG_ARGS[@]}" "$SAMPLE.tmp.mp4"
  else
    local tools="$WORK/tools"
    remove_tree "$tools"; mkdir -p "$tools/upper" "$tools/work" "$tools/root"
    mnt -t overlay overlay -o "lowerdir=$ROOTFS,upperdir=$tools/upper,workdir=$tools/work" "$tools/root"
    mnt --bind /dev "$tools/root/dev"
    mnt -t proc proc "$tools/root/proc"
    cp -L /etc/resolv.conf "$tools/root/etc/resolv.conf"
    info "making the test video with Debian's ffmpeg in a throwaway overlay (once; log in $LOGS/ffmpeg-tools.log)"
    { chroot "$tools/root" apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive chroot "$tools/root" apt-get install -y -qq --no-install-recommends ffmpeg \
        && chroot "$tools/root" ffmpeg "${FFMPEG_ARGS[@]}" /tmp/sample.mp4; } > "$LOGS/ffmpeg-tools.log" 2>&1 \
      || { tail -n 20 "$LOGS/ffmpeg-tools.log"; fail "making the test video"; }
    cp "$tools/root/tmp/sample.mp4" "$SAMPLE.tmp.mp4"
    umount "$tools/root/proc" "$tools/root/dev" "$tools/root"
    remove_tree "$tools"
  fi
  mv "$SAMPLE.tmp.mp4" "$SAMPLE"
}
LOCAL_VIDEO_URL="http://127.0.0.1:$MEDIA_PORT/sample.mp4"
VIDEO_URL="${FRESH_VIDEO_URL:-$LOCAL_VIDEO_URL}"
START_ENV=()
[[ -z "${FRESH_VIDEO_URL:-}" ]] && START_ENV+=(SMIDGEN_INGEST_ALLOW_PRIVATE=true)
serve_sample() {
  make_sample
  install -o "${NEWCOMER_IDS%:*}" -g "${NEWCOMER_IDS#*:}" -m 644 "$SAMPLE" "$R$USER_HOME/sample.mp4"
  [[ -n "${FRESH_VIDEO_URL:-}" || -n "$MEDIA_PID" ]] && return 0
  if ss -Hltn "sport = :$MEDIA_PORT" | grep -q .; then fail "port $MEDIA_PORT is in use (set FRESH_MEDIA_PORT)"; fi
  python3 -m http.server "$MEDIA_PORT" --bind 127.0.0.1 --directory "$MEDIA" > "$LOGS/media-server.log" 2>&1 9>&- &
  MEDIA_PID=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null -r 0-0 "$LOCAL_VIDEO_URL" && return 0; sleep 0.1; done
  fail "the test video server on :$MEDIA_PORT did not answer"
}

# ---------------------------------------------------------------------------------------------------
# The tour, read as e2e-tests' ReadmeTour reads it (ReadmeTourIT runs it against the test stack): a
# ```sh block right after a line <!-- tour --> belongs to every variant, one right after
# <!-- tour:VARIANT --> only to that variant. A marker not followed by a ```sh line, or a block never
# closed, is an error.
# ---------------------------------------------------------------------------------------------------
# shellcheck disable=SC2016 # an awk program: its $0 is awk's
TOUR_AWK='
  function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
  expect {
    if (trim($0) != "```sh") { printf "line %d: a tour marker must be followed by a ```sh block\n", NR > "/dev/stderr"; bad = 1; exit }
    expect = 0; inblock = 1; take = !list && (variant == "" || variant == want); next
  }
  inblock { if (trim($0) == "```") inblock = 0; else if (take) print; next }
  trim($0) ~ /^<!--[ \t]*tour(:[a-z]+)?[ \t]*-->$/ {
    variant = trim($0); sub(/^<!--[ \t]*tour:?/, "", variant); sub(/[ \t]*-->$/, "", variant)
    if (list && variant != "" && !seen[variant]++) print variant
    expect = 1
  }
  END { if (bad || expect || inblock) { if (!bad) print "a tour block is never closed" > "/dev/stderr"; exit 3 } }
'
tour_variants() { awk -v list=1 "$TOUR_AWK" "$1"; }             # tour_variants <README>: one per line
tour_script() { awk -v want="$2" "$TOUR_AWK" "$1"; }            # tour_script <README> <variant or "">

# ---------------------------------------------------------------------------------------------------
# The steps.
# ---------------------------------------------------------------------------------------------------
CLONE_T0=""
step_clone() {
  begin "$1: git clone"
  if [[ -e "$R$USER_HOME/.m2" ]]; then
    info "$USER_HOME/.m2 holds $(find "$R$USER_HOME/.m2" -type f | wc -l) files ($(du -sh "$R$USER_HOME/.m2" | cut -f1))"
  else
    info "$USER_HOME/.m2 does not exist: a cold build"
  fi
  CLONE_T0=$(now)
  as_newcomer 600 "git clone -q /srv/smidgen.git $USER_HOME/smidgen && cd $USER_HOME/smidgen && git log -1 --format='%h %s' | cut -c1-90" | indent
  finish
}

# Why the start failed: the launcher's own verdict and last lines; of each log with errors, its first
# errors and their distinct causes (the root cause is usually the last "Caused by:") and its last
# lines; of the other logs, their last lines.
start_failed() {
  info "--- ./smidgen up: problem lines, then the last 30 lines ($LOGS/$UP_LOG)"
  grep -E 'failed|not ready|ERROR|Exception' "$LOGS/$UP_LOG" | head -n 10 | cut -c1-240 | indent || true
  info "..."
  tail -n 30 "$LOGS/$UP_LOG" | cut -c1-240 | indent
  local log errors
  for log in "$CLONE"/.smidgen/data/logs/*.log; do
    [[ -f "$log" ]] || continue
    errors="$(grep -E '^Caused by: | ERROR ' "$log" | cut -c1-240 | awk '!seen[$0]++' | head -n 8 || true)"
    if [[ -n "$errors" ]]; then
      info "--- ${log#"$R"}: errors and causes, then the last 10 lines"
      indent <<< "$errors"
      info "..."
      tail -n 10 "$log" | cut -c1-240 | indent
    else
      info "--- ${log#"$R"}: no errors; the last 3 lines"
      tail -n 3 "$log" | cut -c1-240 | indent
    fi
  done
  fail "$1"
}

UP_LOG=""
step_start() {
  begin "$1: ./smidgen up"
  [[ -z "$(pids_in_root)" ]] || fail "something already runs in the machine: $(pids_in_root | tr '\n' ' ')"
  ((${#START_ENV[@]})) && info "with ${START_ENV[*]} (the tour ingests from the host's loopback)"
  UP_LOG="up-$1.log"
  as_newcomer 0 'exec ./smidgen up' "${START_ENV[@]}" > "$LOGS/$UP_LOG" 2>&1 < /dev/null &
  UP_PID=$!
  local deadline=$(( $(now) + START_TIMEOUT )) next_note=$(( $(now) + 60 )) rc=0
  until grep -q 'Smidgen is running' "$LOGS/$UP_LOG"; do
    if ! kill -0 "$UP_PID" 2>/dev/null; then
      wait "$UP_PID" || rc=$?
      UP_PID=""
      start_failed "./smidgen up exited with status $rc before Smidgen was running"
    fi
    (( $(now) < deadline )) || start_failed "Smidgen was not running within $START_TIMEOUT s"
    if (( $(now) >= next_note )); then
      info "... $(( $(now) - STEP_T0 )) s: $(tail -n 1 "$LOGS/$UP_LOG" | cut -c1-100)"
      next_note=$(( $(now) + 60 ))
    fi
    sleep 1
  done
  sed -n '/Smidgen is running/,$p' "$LOGS/$UP_LOG" | head -n 12 | indent
  finish
  if [[ -n "$CLONE_T0" ]]; then
    local ready=$(( $(now) - CLONE_T0 ))
    row "$1: git clone to ready" "$ready" ok
    info "from git clone to ready: $ready s"
  fi
}

step_tour() {   # every variant of the tour, one after the other, each a step of its own
  local readme="${FRESH_README:-$CLONE/README.md}" variants=() variant
  [[ -f "$readme" ]] || fail "no $readme"
  mapfile -t variants < <(tour_variants "$readme")
  tour_variants "$readme" > /dev/null || fail "the tour in $readme is malformed"
  ((${#variants[@]})) || variants=("")
  for variant in "${variants[@]}"; do
    tour_variant "$1" "$readme" "$variant"
  done
}

tour_variant() {   # tour_variant <pass> <README> <variant or "">
  local readme="$2" variant="$3" script="$R$USER_HOME/tour${3:+-$3}.sh" rc=0
  begin "$1: the README's curl tour${variant:+ ($variant)}"
  tour_script "$readme" "$variant" > "$script" || fail "the tour in $readme is malformed"
  [[ -s "$script" ]] || fail "$readme has no tour (\`\`\`sh blocks right after <!-- tour --> or <!-- tour:VARIANT -->)"
  chown "$NEWCOMER_IDS" "$script"
  info "$(grep -c . "$script") lines from ${readme#"$R"}; VIDEO_URL=$VIDEO_URL VIDEO_FILE=$USER_HOME/sample.mp4"
  serve_sample
  set +e
  as_newcomer "$TOUR_TIMEOUT" "sh -eux ${script#"$R"}" VIDEO_URL="$VIDEO_URL" VIDEO_FILE="$USER_HOME/sample.mp4" \
    2>&1 < /dev/null | tee "$LOGS/tour-$1${variant:+-$variant}.log" | cut -c1-220 | indent
  rc=${PIPESTATUS[0]}
  set -e
  ((rc == 0)) || fail "the tour failed with status $rc (log: $LOGS/tour-$1${variant:+-$variant}.log)"
  finish
}

step_down() {
  begin "$1: ./smidgen down"
  as_newcomer 180 './smidgen down' 2>&1 | indent
  local left
  for _ in $(seq 1 60); do left="$(pids_in_root)"; [[ -z "$left" ]] && break; sleep 1; done
  if [[ -n "$left" ]]; then
    ps -o pid=,args= -p "${left//$'\n'/,}" | cut -c1-160 | indent
    fail "processes left in the machine after ./smidgen down"
  fi
  [[ -n "$UP_PID" ]] && { wait "$UP_PID" 2>/dev/null || true; UP_PID=""; }
  info "no process left in the machine"
  finish
}

step_test() {
  begin "$1: ./mvnw -B verify"
  info "without SMIDGEN_TEST_HARNESS: tests that need a browser, Node or kubectl skip themselves"
  [[ -z "$(pids_in_root)" ]] || fail "the stack still runs (put the down step before test)"
  local log="$LOGS/verify-$1.log" pid rc=0 next_note
  as_newcomer "$TEST_TIMEOUT" './mvnw -B verify' > "$log" 2>&1 < /dev/null &
  pid=$!
  next_note=$(( $(now) + 300 ))
  while kill -0 "$pid" 2>/dev/null; do
    if (( $(now) >= next_note )); then
      info "... $(( $(now) - STEP_T0 )) s: $(grep -E '^\[INFO\] (Building |Running )' "$log" | tail -n 1 | cut -c1-100)"
      next_note=$(( $(now) + 300 ))
    fi
    sleep 5
  done
  wait "$pid" || rc=$?
  info "--- test totals per module (Tests run / Failures / Errors / Skipped)"
  awk '/^\[INFO\] Building .* \[[0-9]+\/[0-9]+\]$/ { module = $3 }
       /^\[[A-Z]+\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$/ { printf "%-28s %s\n", module, $0 }' "$log" | indent
  info "--- skipped (the test tools' one line each, and the classes with skipped tests)"
  { grep -E '\[test tools\]|SMIDGEN_TEST_HARNESS' "$log"; grep -E 'Skipped: [1-9][0-9]*,.* -+ in ' "$log"; } | sort -u | cut -c1-220 | indent || true
  info "--- reactor"
  sed -n '/Reactor Summary/,/Finished at/p' "$log" | indent
  if ((rc != 0)); then
    grep -E '^\[ERROR\]' "$log" | head -n 40 | cut -c1-220 | indent || true
    fail "./mvnw -B verify failed with status $rc (log: $log)"
  fi
  finish
}

step_mvn() {
  begin "$1: ./mvnw -B ${FRESH_MVN_ARGS:--v}"
  local rc=0
  as_newcomer 3600 "./mvnw -B ${FRESH_MVN_ARGS:--v}" > "$LOGS/mvn-$1.log" 2>&1 < /dev/null || rc=$?
  { grep -vE '^\[INFO\] (Download(ing|ed) from|Copying|$)' "$LOGS/mvn-$1.log" || true; } | tail -n 40 | cut -c1-220 | indent
  ((rc == 0)) || fail "./mvnw -B ${FRESH_MVN_ARGS:--v} failed with status $rc (log: $LOGS/mvn-$1.log)"
  finish
}

run_pass() {   # run_pass <label> <steps>
  local label="$1" step
  [[ -d "$CLONE/.git" ]] || step_clone "$label"
  for step in ${2//,/ }; do "step_$step" "$label"; done
}

run_pass cold "$STEPS"
if [[ "$M2_MODE" == warm ]]; then
  say "warm: a new clone, the ~/.m2 the cold pass filled"
  stop_stack
  remove_tree "$CLONE"
  run_pass warm "$WARM_STEPS"
fi
