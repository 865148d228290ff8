package dev.smidgen.media.transcode.storyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.convert.OutputFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoryboardVttTests {
    @Test
    void cuesRunFromEachThumbnailToTheNextAndTheLastToTheEnd() {
        // 7.32 s at 1 s: 8 thumbnails in 3×2 sheets, so the second sheet holds two.
        StoryboardSpec spec = new StoryboardSpec(OutputFormat.JPEG, 1, 7.32, 160, 90, 3, 2, 0.8);
        assertEquals(8, spec.tiles());
        assertEquals(2, spec.sheets());
        assertEquals("""
                WEBVTT

                00:00:00.000 --> 00:00:01.000
                sheet-000.jpg#xywh=0,0,160,90

                00:00:01.000 --> 00:00:02.000
                sheet-000.jpg#xywh=160,0,160,90

                00:00:02.000 --> 00:00:03.000
                sheet-000.jpg#xywh=320,0,160,90

                00:00:03.000 --> 00:00:04.000
                sheet-000.jpg#xywh=0,90,160,90

                00:00:04.000 --> 00:00:05.000
                sheet-000.jpg#xywh=160,90,160,90

                00:00:05.000 --> 00:00:06.000
                sheet-000.jpg#xywh=320,90,160,90

                00:00:06.000 --> 00:00:07.000
                sheet-001.jpg#xywh=0,0,160,90

                00:00:07.000 --> 00:00:07.320
                sheet-001.jpg#xywh=160,0,160,90
                """, StoryboardVtt.write(spec));
    }

    @Test
    void fewerThumbnailsThanASheetHoldsMakeOneSheetNoLargerThanNeeded() {
        StoryboardSpec five = new StoryboardSpec(OutputFormat.WEBP, 2, 9.5, 100, 56, 10, 10, 0.8);
        assertEquals(5, five.tiles());
        assertEquals(List.of(5, 1, 1), List.of(five.sheetColumns(), five.sheetRows(), five.sheets()));
        StoryboardSpec twelve = new StoryboardSpec(OutputFormat.JPEG, 1, 12, 100, 56, 5, 5, 0.8);
        assertEquals(List.of(5, 3, 1), List.of(twelve.sheetColumns(), twelve.sheetRows(), twelve.sheets()));
        String vtt = StoryboardVtt.write(twelve);
        assertTrue(vtt.endsWith("00:00:11.000 --> 00:00:12.000\nsheet-000.jpg#xywh=100,112,100,56\n"), vtt);
        assertTrue(StoryboardVtt.write(five).contains("sheet-000.webp#xywh=400,0,100,56"));
    }

    @Test
    void timesPastAnHourAndFractionalIntervals() {
        assertEquals("01:01:01.005", StoryboardVtt.time(3_661_005));
        assertEquals("100:00:00.000", StoryboardVtt.time(360_000_000));
        StoryboardSpec spec = new StoryboardSpec(OutputFormat.JPEG, 0.3, 1.0, 16, 10, 10, 10, 0.8);
        String vtt = StoryboardVtt.write(spec);
        assertTrue(vtt.contains("00:00:00.600 --> 00:00:00.900\n"), vtt);
        assertTrue(vtt.endsWith("00:00:00.900 --> 00:00:01.000\nsheet-000.jpg#xywh=48,0,16,10\n"), vtt);
    }

    @Test
    void cuesAreContiguousFromZeroToTheDurationOverManySheets() {
        StoryboardSpec spec = new StoryboardSpec(OutputFormat.JPEG, 0.7, 250.04, 160, 90, 10, 10, 0.8);
        List<String> timings =
                StoryboardVtt.write(spec).lines().filter(l -> l.contains("-->")).toList();
        assertEquals(358, timings.size());
        assertEquals(4, spec.sheets());
        String previousEnd = "00:00:00.000";
        for (String t : timings) {
            String[] parts = t.split(" --> ");
            assertEquals(previousEnd, parts[0]);
            previousEnd = parts[1];
        }
        assertEquals("00:04:10.040", previousEnd);
    }

    @Test
    void sheetsAreJpegOrWebpOnly() {
        assertThrows(
                IllegalArgumentException.class, () -> new StoryboardSpec(OutputFormat.PNG, 1, 5, 160, 90, 10, 10, 0.8));
    }
}
