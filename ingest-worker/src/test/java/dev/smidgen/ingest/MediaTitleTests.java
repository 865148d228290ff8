package dev.smidgen.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTitleTests {
    @Test
    void requestedTitleComesFirst() {
        assertEquals("Summer", MediaTitle.of("Summer", "holiday.mp4", "clip.mp4", "file_1"));
    }

    @Test
    void clientsFileNameBeatsTheStoredName() {
        assertEquals("holiday.mp4", MediaTitle.of(null, "holiday.mp4", "file_1.mp4", "file_1"));
    }

    @Test
    void storedNameThenIdWhenTheClientGaveNone() {
        assertEquals("clip.mp4", MediaTitle.of(null, null, "clip.mp4", "file_1"));
        assertEquals("clip.mp4", MediaTitle.of(null, "  ", "clip.mp4", "file_1"));
        assertEquals("file_1", MediaTitle.of(null, null, null, "file_1"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "C:\\fakepath\\holiday.mp4 | holiday.mp4",
                "photos/2024/beach.jpg     | beach.jpg",
                "'  spaced name.mov  '     | spaced name.mov",
                "Urlaub – Strand 🌊.mp4     | Urlaub – Strand 🌊.mp4",
            })
    void clientNameKeepsOnlyTheLastSegment(String given, String expected) {
        assertEquals(expected, MediaTitle.clientName(given));
    }

    @Test
    void clientNameDropsControlCharactersAndEmptyRests() {
        assertEquals("evilname.mp4", MediaTitle.clientName("evil\u0000name\n.mp4"));
        assertNull(MediaTitle.clientName("uploads/"));
        assertNull(MediaTitle.clientName("\t\r\n"));
    }

    @Test
    void clientNameIsCappedWithoutSplittingACharacter() {
        assertEquals(
                MediaTitle.MAX_LENGTH, MediaTitle.clientName("a".repeat(300)).length());
        String wave = "a".repeat(MediaTitle.MAX_LENGTH - 1) + "🌊🌊"; // the first wave straddles the cap
        assertEquals("a".repeat(MediaTitle.MAX_LENGTH - 1), MediaTitle.clientName(wave));
    }
}
