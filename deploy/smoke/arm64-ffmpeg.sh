#!/usr/bin/env bash
# Proof that the bundled linux-arm64 FFmpeg runs on a bare arm64 Debian once media-engine has unlinked
# its optional libraries (docs/adr/0006-bundled-ffmpeg-without-desktop-libraries.md), on an x86_64 host:
#
#   deploy/smoke/arm64-ffmpeg.sh        (as root on Debian/Ubuntu: installs qemu-user-static and debootstrap)
#
#   1. resolves org.bytedeco:ffmpeg:8.0.1-1.5.13:linux-arm64-gpl from Maven Central;
#   2. unpacks a bare arm64 bookworm (debootstrap --foreign: glibc and libstdc++, no X11/audio/GPU libraries);
#   3. runs the unmodified arm64 ffmpeg there under qemu-user (expected to fail: a library is missing), then
#      unlinks the optional libraries with media-engine's OptionalLibraryUnlinker and encodes H.264/AAC,
#      a JPEG frame and a VP9/Opus WebM, and probes them with ffprobe.
# Work files live in ${ARM64_WORK:-/var/tmp/smidgen-arm64}; the arm64 rootfs is kept for the next run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${ARM64_WORK:-/var/tmp/smidgen-arm64}"
VERSION=8.0.1-1.5.13
ROOTFS="$WORK/rootfs"
FFMPEG="$WORK/ffmpeg"

say() { printf '\n== %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }

for tool in qemu-aarch64-static:qemu-user-static debootstrap:debootstrap unzip:unzip; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || apt-get install -y -qq "${tool##*:}" >/dev/null
done
mkdir -p "$WORK"

say "1. linux-arm64 natives from Maven Central"
(cd "$ROOT" && ./mvnw -B -q dependency:get -Dartifact="org.bytedeco:ffmpeg:$VERSION:jar:linux-arm64-gpl" -Dtransitive=false)
jar="$HOME/.m2/repository/org/bytedeco/ffmpeg/$VERSION/ffmpeg-$VERSION-linux-arm64-gpl.jar"
[ -f "$jar" ] || fail "$jar was not resolved"
rm -rf "$FFMPEG" "$WORK/unpacked"
unzip -q "$jar" "org/bytedeco/ffmpeg/linux-arm64-gpl/*" -d "$WORK/unpacked"
mkdir -p "$FFMPEG"
# The executables and the libraries, without the JNI wrappers (BundledFfmpeg leaves them out too).
find "$WORK/unpacked/org/bytedeco/ffmpeg/linux-arm64-gpl" -type f ! -name 'libjni*' -exec cp {} "$FFMPEG/" \;
chmod 755 "$FFMPEG"/*
echo "   $(basename "$jar"): $(find "$FFMPEG" -type f -exec basename {} \; | sort | tr '\n' ' ')"

say "2. a bare arm64 Debian (glibc and libstdc++ only)"
if [ ! -e "$ROOTFS/usr/lib/aarch64-linux-gnu/libstdc++.so.6" ]; then
  rm -rf "$ROOTFS"
  debootstrap --arch=arm64 --foreign --variant=minbase bookworm "$ROOTFS" http://deb.debian.org/debian > "$WORK/debootstrap.log" 2>&1 \
    || fail "debootstrap failed, see $WORK/debootstrap.log"
fi
for lib in libxcb.so.1 libpulse.so.0 libva.so.2 libdrm.so.2; do
  [ -z "$(find "$ROOTFS" -name "$lib*" -print -quit)" ] || fail "$lib is in the arm64 rootfs: it is not bare"
done
echo "   no libxcb, libpulse, libva or libdrm in $ROOTFS"
run() { LD_LIBRARY_PATH="$FFMPEG" qemu-aarch64-static -L "$ROOTFS" "$@"; }

say "3a. the arm64 ffmpeg as bytedeco ships it"
if out="$(run "$FFMPEG/ffmpeg" -hide_banner -version 2>&1)"; then
  fail "the unmodified ffmpeg started; this proof no longer shows anything: $out"
fi
echo "   refuses to start, as expected: $out"

say "3b. unlinked with OptionalLibraryUnlinker"
classes="$WORK/classes"
rm -rf "$classes"
logging="$(find "$HOME/.m2/repository/org/jboss/logging/jboss-logging" -name 'jboss-logging-*.jar' ! -name '*sources*' | sort | tail -n 1)"
javac -d "$classes" -cp "$logging" "$ROOT"/media-engine/src/main/java/dev/smidgen/media/natives/*.java
cat > "$WORK/Unlink.java" <<'EOF'
import dev.smidgen.media.natives.OptionalLibraryUnlinker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

public class Unlink {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Set<String> bundled;
        try (var files = Files.list(dir)) {
            bundled = files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
        for (String name : bundled) {
            if (name.startsWith("lib")) {
                OptionalLibraryUnlinker.Result result = OptionalLibraryUnlinker.unlink(dir.resolve(name), bundled);
                if (!result.unchanged()) {
                    System.out.println("   " + name + ": unlinked " + result.removed() + ", " + result.weakened() + " references weak");
                }
            }
        }
    }
}
EOF
java -cp "$classes:$logging" "$WORK/Unlink.java" "$FFMPEG"
run "$FFMPEG/ffmpeg" -hide_banner -version | head -n 1 | sed 's/^/   /'

say "3c. encode and probe on arm64"
media="$WORK/media"
rm -rf "$media"; mkdir -p "$media"
start=$(date +%s)
run "$FFMPEG/ffmpeg" -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=1 \
  -f lavfi -i sine=duration=1 -c:v libx264 -preset veryfast -c:a aac -shortest "$media/clip.mp4"
run "$FFMPEG/ffmpeg" -hide_banner -loglevel error -y -i "$media/clip.mp4" -frames:v 1 "$media/frame.jpg"
run "$FFMPEG/ffmpeg" -hide_banner -loglevel error -y -i "$media/clip.mp4" -c:v libvpx-vp9 -deadline realtime \
  -c:a libopus "$media/clip.webm"
for file in clip.mp4 frame.jpg clip.webm; do
  streams="$(run "$FFMPEG/ffprobe" -v error -show_entries stream=codec_name,width,height -of csv=p=0 "$media/$file" | tr '\n' ' ')"
  [ -n "$streams" ] || fail "ffprobe found no stream in $file"
  echo "   $file: $streams"
done
echo "   encoded and probed in $(( $(date +%s) - start )) s under emulation"
rm -rf "$media" "$classes" "$WORK/unpacked" "$WORK/Unlink.java"
say "PASS: the bundled arm64 FFmpeg runs on a bare arm64 userland once its optional libraries are unlinked"
