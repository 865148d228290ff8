package dev.smidgen.media.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTests {

    @Test
    void keepsShortOutputWhole() {
        OutputTail tail = new OutputTail(4096, 30);
        write(tail, "first\nsecond\n\n");
        assertEquals("first\nsecond", tail.text());
    }

    @Test
    void keepsOnlyTheLastLines() {
        OutputTail tail = new OutputTail(4096, 3);
        for (int i = 1; i <= 10; i++) {
            write(tail, "line " + i + "\n");
        }
        assertEquals("...\nline 8\nline 9\nline 10", tail.text());
    }

    @Test
    void keepsOnlyTheLastBytesAndDropsTheCutLine() {
        OutputTail tail = new OutputTail(16, 30);
        write(tail, "aaaaaaaaaaaaaaaaaaaa\nbbbb\n");
        write(tail, "cc\r\n");
        assertEquals("...\nbbbb\ncc", tail.text());
    }

    @Test
    void oneHugeWriteKeepsItsEnd() {
        OutputTail tail = new OutputTail(8, 30);
        write(tail, "x".repeat(100) + "\nend\n");
        assertEquals("...\nend", tail.text());
    }

    @Test
    void wrapsAroundTheRing() {
        OutputTail tail = new OutputTail(10, 30);
        for (int i = 0; i < 7; i++) {
            write(tail, "ab\n");
        }
        String text = tail.text();
        assertTrue(text.startsWith("...\n"));
        assertEquals("...\nab\nab\nab", text);
    }

    private static void write(OutputTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.write(bytes, 0, bytes.length);
    }
}
