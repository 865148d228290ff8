#!/bin/sh
# Proves that the build resolves the native binaries of every platform Smidgen supports, from Maven
# Central: FFmpeg (GPL build) and JavaCPP for each javacpp platform, and the PostgreSQL binaries that
# devstack runs there.
#
#   deploy/smoke/resolve-natives.sh [platform...]   default: linux-x86_64 linux-arm64 macosx-x86_64 macosx-arm64
#
# A build picks its machine's natives by itself (javacpp.platform.host in .mvn/maven.config, os profiles
# in devstack/pom.xml). Here each platform is named explicitly instead, as a container build does, so
# that one machine checks them all. Downloads go to a throwaway local repository per platform, in front
# of ~/.m2/repository, which is only read and stays as it was: "fetched" is what a machine of that
# platform downloads beyond what this one already has. Prints a table; exits 1 if a platform fails.
set -eu
cd "$(dirname "$0")/../.."

property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -n 1; }
ffmpeg_version=$(property ffmpeg.version)          # e.g. 8.0.1-1.5.13
javacpp_version=${ffmpeg_version#*-}                # its JavaCPP release, e.g. 1.5.13
postgres_version=$(property embedded-postgres-binaries.version)
m2=${SMIDGEN_M2_REPOSITORY:-$HOME/.m2/repository}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/smidgen-natives.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM

# zonky's name for each javacpp platform.
postgres_platform() {
  case $1 in
    linux-x86_64) echo linux-amd64 ;;
    linux-arm64) echo linux-arm64v8 ;;
    macosx-x86_64) echo darwin-amd64 ;;
    macosx-arm64) echo darwin-arm64v8 ;;
    *) return 1 ;;
  esac
}

# A byte count in KiB or MiB.
human() {
  awk -v b="$1" 'BEGIN { if (b < 1048576) printf "%d KiB", b / 1024; else printf "%.1f MiB", b / 1048576 }'
}

# Size of a file of the local repository, fetched now or already in ~/.m2; "missing" if neither.
size() {
  for repo in "$head" "$m2"; do
    if [ -f "$repo/$1" ]; then
      human "$(wc -c < "$repo/$1")"
      return
    fi
  done
  echo missing
}

mvn_quiet() {
  ./mvnw -B -q -Dmaven.repo.local="$head" -Dmaven.repo.local.tail="$m2" "$@" > "$scratch/maven.log" 2>&1
}

[ $# -gt 0 ] || set -- linux-x86_64 linux-arm64 macosx-x86_64 macosx-arm64
printf '%-14s %-13s %-13s %-26s %-10s %s\n' platform javacpp ffmpeg-gpl postgres fetched time
failed=0
for platform in "$@"; do
  head=$scratch/$platform
  started=$(date +%s)
  if ! postgres=$(postgres_platform "$platform"); then
    echo "$platform: unknown platform (linux-x86_64, linux-arm64, macosx-x86_64, macosx-arm64)" >&2
    failed=1
    continue
  fi
  # The natives ffmpeg-platform-gpl (media-engine's dependency) brings for this platform, nothing else;
  # then devstack's dependencies with this platform's PostgreSQL binaries.
  problem=
  mvn_quiet -N dependency:get -Dartifact="org.bytedeco:ffmpeg-platform-gpl:$ffmpeg_version" \
      -Djavacpp.platform.host= -Djavacpp.platform="$platform" \
    && mvn_quiet -pl devstack dependency:resolve -Dembedded-postgres-binaries.platform="$postgres" \
    || problem="Maven failed"
  javacpp=$(size "org/bytedeco/javacpp/$javacpp_version/javacpp-$javacpp_version-$platform.jar")
  ffmpeg=$(size "org/bytedeco/ffmpeg/$ffmpeg_version/ffmpeg-$ffmpeg_version-$platform-gpl.jar")
  pg=$(size "io/zonky/test/postgres/embedded-postgres-binaries-$postgres/$postgres_version/embedded-postgres-binaries-$postgres-$postgres_version.jar")
  case "$javacpp $ffmpeg $pg" in *missing*) problem=${problem:-"a native jar is missing"} ;; esac
  # Natives of another platform fetched as well would mean the named platform did not win.
  others=$(find "$head" \( -name "javacpp-$javacpp_version-*.jar" -o -name "ffmpeg-$ffmpeg_version-*.jar" \
      -o -name 'embedded-postgres-binaries-*.jar' \) ! -name "*-$platform.jar" ! -name "*-$platform-gpl.jar" \
      ! -name "embedded-postgres-binaries-$postgres-$postgres_version.jar" 2>/dev/null || true)
  fetched_kib=$(find "$head" -type f -exec du -k {} + 2>/dev/null | awk '{ kib += $1 } END { print kib + 0 }')
  fetched=$(human $((fetched_kib * 1024)))
  printf '%-14s %-13s %-13s %-26s %-10s %s s\n' "$platform" "$javacpp" "$ffmpeg" "$postgres $pg" \
    "$fetched" "$(($(date +%s) - started))"
  if [ -n "$problem" ]; then
    echo "  FAILED: $problem; the end of Maven's output:" >&2
    tail -n 20 "$scratch/maven.log" >&2
    failed=1
  fi
  if [ -n "$others" ]; then
    echo "  FAILED: natives of other platforms were fetched too:" >&2
    echo "$others" | sed "s:^$head/:    :" >&2
    failed=1
  fi
  rm -rf "$head"
done
exit "$failed"
