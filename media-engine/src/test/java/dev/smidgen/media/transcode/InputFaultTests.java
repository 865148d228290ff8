package dev.smidgen.media.transcode;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Stderr tails as the bundled ffmpeg 8 writes them with {@code -v error}. */
class InputFaultTests {

    @Test
    void anInputThatDoesNotOpenIsTheInputsFault() {
        assertTrue(InputFault.blamesInput("""
                [mov,mp4,m4a,3gp,3g2,mj2 @ 0x557bfc9c5f00] moov atom not found
                [in#0 @ 0x557bfc9c5bc0] Error opening input: Invalid data found when processing input
                Error opening input file file:/work/task_x/corrupt.mp4.
                Error opening input files: Invalid data found when processing input"""));
    }

    @Test
    void framesThatDoNotDecodeAreTheInputsFault() {
        // The encoder and muxer complain too, but only as an echo of the decoder giving up.
        assertTrue(InputFault.blamesInput("""
                [vist#0:0/h264 @ 0x557b6adbfd80] [dec:h264 @ 0x557b6addcc80] Decoding error: Invalid data found when processing input
                [vf#0:0 @ 0x557b6adedf00] Cannot determine format of input 0:0 after EOF
                [vost#0:0/libx264 @ 0x557b6adddb40] [enc:libx264 @ 0x557b6adbe400] Could not open encoder before EOF
                [vost#0:0/libx264 @ 0x557b6adddb40] Task finished with error code: -22 (Invalid argument)
                [vist#0:0/h264 @ 0x557b6adbfd80] [dec:h264 @ 0x557b6addcc80] Decode error rate 1 exceeds maximum 0.666667
                [out#0/mp4 @ 0x557b6adecc80] Nothing was written into output file, because at least one of its streams received no packets."""));
        assertTrue(InputFault.blamesInput("""
                [aist#0:1/aac @ 0x556de3df7240] [dec:aac @ 0x556de3dd4b80] Decode error rate 1 exceeds maximum 0.666667
                [aist#0:1/aac @ 0x556de3df7240] [dec:aac @ 0x556de3dd4b80] Task finished with error code: -1145393733"""));
    }

    @Test
    void encoderAndArgumentTroubleIsOurs() {
        assertFalse(InputFault.blamesInput("""
                [libx264 @ 0x56338a0c8640] Unable to parse option value "abc"
                [libx264 @ 0x56338a0c8640] Error setting option crf to value abc.
                [vost#0:0/libx264 @ 0x56338a096300] Error applying encoder options: Invalid argument
                Error opening output file file:/work/task_x/output.mp4.
                Error opening output files: Invalid argument"""));
        assertFalse(InputFault.blamesInput("""
                [libx264 @ 0x5610] width not divisible by 2 (161x121)
                [vf#0:0 @ 0x561050c2fd80] Terminating thread with return code -542398533 (Generic error in an external library)
                [vost#0:0/libx264 @ 0x561050c121c0] [enc:libx264 @ 0x561050c01300] Could not open encoder before EOF
                [out#0/mp4 @ 0x561050c36580] Nothing was written into output file, because at least one of its streams received no packets."""));
        assertFalse(InputFault.blamesInput(""));
        assertFalse(InputFault.blamesInput(null));
    }
}
