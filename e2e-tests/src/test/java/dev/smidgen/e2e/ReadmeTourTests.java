package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the README's tour blocks are found and put together, without a stack. */
class ReadmeTourTests {

    @Test
    void sharedBlocksAndOneVariantMakeAScriptInReadmeOrder() {
        ReadmeTour tour = ReadmeTour.parse(List.of(
                "# Title",
                "<!-- tour -->",
                "```sh",
                "echo setup",
                "```",
                "prose",
                "<!-- tour:url -->",
                "```sh",
                "echo url",
                "```",
                "<!-- tour:file -->",
                "```sh",
                "echo file",
                "```",
                "```sh",
                "echo not marked",
                "```",
                "<!-- tour -->",
                "```sh",
                "echo last",
                "```"));

        assertEquals(List.of("url", "file"), tour.variants());
        assertEquals(2, tour.sharedBlocks());
        assertEquals("set -eux\necho setup\necho url\necho last\n", tour.script("url"));
        assertEquals("set -eux\necho setup\necho file\necho last\n", tour.script("file"));
    }

    @Test
    void aMarkerWithoutAShellBlockRightAfterItIsAnError() {
        assertThrows(
                IllegalStateException.class,
                () -> ReadmeTour.parse(List.of("<!-- tour -->", "", "```sh", "echo", "```")));
        assertThrows(
                IllegalStateException.class,
                () -> ReadmeTour.parse(List.of("<!-- tour -->", "```bash", "echo", "```")));
        assertThrows(
                IllegalStateException.class,
                () -> ReadmeTour.parse(List.of("<!-- tour -->", "```sh", "echo never closed")));
    }

    @Test
    void theReadmeHasItsTourWithBothWaysToBringAVideo() {
        ReadmeTour tour = ReadmeTour.ofReadme();

        assertEquals(List.of("url", "file"), tour.variants());
        assertTrue(tour.sharedBlocks() >= 3, "setup, convert and deliver are shared blocks");
        assertTrue(
                tour.script("url").contains("VIDEO_URL") && tour.script("file").contains("VIDEO_FILE"));
    }
}
