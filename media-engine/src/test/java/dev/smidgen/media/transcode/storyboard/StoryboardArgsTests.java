package dev.smidgen.media.transcode.storyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.model.convert.OutputFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoryboardArgsTests {
    @Test
    void oneChainTakesAFrameEveryIntervalMakesExactlyTheCueCountAndTilesIt() {
        StoryboardSpec spec = new StoryboardSpec(OutputFormat.JPEG, 2.5, 31, 160, 90, 4, 3, 0.8);
        assertEquals(
                "[0:V:0]fps=fps=1000/2500:round=up,tpad=stop_mode=clone:stop=-1,trim=end_frame=13,scale=160:90,"
                        + "setsar=1,tile=4x3[sheets]",
                StoryboardArgs.graph(spec));
        // Fewer than a sheet: the grid shrinks to what the thumbnails need.
        assertTrue(StoryboardArgs.graph(new StoryboardSpec(OutputFormat.JPEG, 1, 3, 160, 90, 10, 10, 0.8))
                .endsWith("trim=end_frame=3,scale=160:90,setsar=1,tile=3x1[sheets]"));
    }

    @Test
    void writesNumberedSheetsFromZeroWithTheFormatsEncoder() {
        List<String> jpeg = StoryboardArgs.build(
                MediaInput.file(Path.of("/in/video.mp4")),
                new StoryboardSpec(OutputFormat.JPEG, 1, 10, 160, 90, 10, 10, 0.8),
                2);
        assertEquals("sheet-%03d.jpg", jpeg.get(jpeg.size() - 1));
        assertTrue(
                String.join(" ", jpeg).contains("-map [sheets] -an -sn -dn -fps_mode passthrough -c:v mjpeg -q:v 4"),
                jpeg.toString());
        assertTrue(String.join(" ", jpeg).contains("-f image2 -start_number 0"), jpeg.toString());
        assertTrue(jpeg.contains("-filter_threads"));
        List<String> webp = StoryboardArgs.build(
                MediaInput.file(Path.of("/in/video.mp4")),
                new StoryboardSpec(OutputFormat.WEBP, 1, 10, 160, 90, 10, 10, 1.0),
                0);
        assertEquals("sheet-%03d.webp", webp.get(webp.size() - 1));
        assertTrue(String.join(" ", webp).contains("-c:v libwebp -quality 100"), webp.toString());
        assertTrue(!webp.contains("-threads"));
    }
}
