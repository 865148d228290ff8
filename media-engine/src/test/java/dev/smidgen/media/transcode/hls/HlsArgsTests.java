package dev.smidgen.media.transcode.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsArgsTests {
    private static final MediaInput IN = MediaInput.file(Path.of("/work/in.mp4"));

    private static HlsSpec spec(boolean audio) {
        return new HlsSpec(HlsLadder.of(1920, 1080, 0.8), 128, audio, 30.0);
    }

    @Test
    void oneDecodeScaledDownRungByRung() {
        List<String> args = HlsArgs.build(IN, spec(true), 0);
        assertEquals(1, args.stream().filter("-i"::equals).count(), "one input, decoded once");
        assertEquals(
                "[0:V:0]scale=1920:1080,setsar=1,split=2[v0][c0];[c0]scale=1280:720,setsar=1,split=2[v1][c1]"
                        + ";[c1]scale=854:480,setsar=1,split=2[v2][c2];[c2]scale=640:360,setsar=1[v3]",
                args.get(args.indexOf("-filter_complex") + 1));
        assertEquals("file:/work/in.mp4", args.get(args.indexOf("-i") + 1));
        assertEquals(
                List.of("-protocol_whitelist", "file"), args.subList(args.indexOf("-i") - 4, args.indexOf("-i") - 2));
        assertEquals(
                "v:0,agroup:audio,name:1080p v:1,agroup:audio,name:720p v:2,agroup:audio,name:480p"
                        + " v:3,agroup:audio,name:360p a:0,agroup:audio,name:audio",
                args.get(args.indexOf("-var_stream_map") + 1));
        assertEquals("%v/index.m3u8", args.get(args.size() - 1));
        assertEquals("hls", args.get(args.indexOf("-f") + 1));
        assertEquals("fmp4", args.get(args.indexOf("-hls_segment_type") + 1));
        assertEquals("4", args.get(args.indexOf("-hls_time") + 1));
        assertEquals("vod", args.get(args.indexOf("-hls_playlist_type") + 1));
    }

    @Test
    void keyframesAreForcedOnTimeOnlyAndRatesArePerRung() {
        List<String> args = HlsArgs.build(IN, spec(true), 0);
        assertEquals("0", args.get(args.indexOf("-sc_threshold") + 1));
        assertEquals(
                "expr:if(isnan(prev_forced_t),1,gte(t,(floor(prev_forced_t/2)+1)*2))",
                args.get(args.indexOf("-force_key_frames") + 1));
        assertEquals("120", args.get(args.indexOf("-g") + 1), "past the forced interval: never a GOP of its own");
        assertEquals("6000k", args.get(args.indexOf("-b:v:0") + 1));
        assertEquals("6600k", args.get(args.indexOf("-maxrate:v:0") + 1));
        assertEquals("12000k", args.get(args.indexOf("-bufsize:v:0") + 1));
        assertEquals("800k", args.get(args.indexOf("-b:v:3") + 1));
        assertEquals("aac", args.get(args.indexOf("-c:a") + 1));
        assertEquals("128k", args.get(args.indexOf("-b:a") + 1));
        assertEquals(60, HlsArgs.gopLimit(null) / 4);
        assertEquals(100, HlsArgs.gopLimit(25.0));
    }

    @Test
    void aSilentInputHasNoAudioRendition() {
        List<String> args = HlsArgs.build(IN, spec(false), 0);
        assertFalse(args.contains("0:a:0"));
        assertFalse(args.contains("-c:a"));
        assertFalse(args.get(args.indexOf("-var_stream_map") + 1).contains("agroup"));
    }

    @Test
    void aRungLargerThanTheOneBeforeIsScaledFromTheSource() {
        List<HlsRung> rungs = List.of(
                new HlsRung("a", 640, 360, 800, 856, 1600),
                new HlsRung("b", 1280, 720, 2800, 3000, 6000),
                new HlsRung("c", 854, 480, 1400, 1500, 3000));
        assertEquals(
                "[0:V:0]split=2[s0][s1];[s0]scale=640:360,setsar=1[v0];[s1]scale=1280:720,setsar=1,split=2[v1][c1]"
                        + ";[c1]scale=854:480,setsar=1[v2]",
                HlsArgs.scalingGraph(rungs));
        assertEquals(
                "[0:V:0]scale=640:360,setsar=1[v0]",
                HlsArgs.scalingGraph(List.of(new HlsRung("a", 640, 360, 800, 856, 1600))));
    }

    @Test
    void threadsFollowEachRungsShareOfThePixels() {
        List<String> args = HlsArgs.build(IN, spec(true), 8);
        assertEquals("8", args.get(args.indexOf("-filter_threads") + 1));
        // 1080p holds 57 % of the ladder's pixels, 720p 25 %, 480p 11 %, 360p 6 %.
        assertEquals("5", args.get(args.indexOf("-threads:v:0") + 1));
        assertEquals("3", args.get(args.indexOf("-threads:v:1") + 1));
        assertEquals("1", args.get(args.indexOf("-threads:v:2") + 1));
        assertEquals("1", args.get(args.indexOf("-threads:v:3") + 1));
        List<String> two = HlsArgs.build(IN, spec(true), 2);
        assertEquals("2", two.get(two.indexOf("-threads:v:0") + 1));
        assertEquals("1", two.get(two.indexOf("-threads:v:1") + 1));
        assertTrue(HlsArgs.build(IN, spec(true), 0).stream().noneMatch(a -> a.startsWith("-threads")));
    }
}
