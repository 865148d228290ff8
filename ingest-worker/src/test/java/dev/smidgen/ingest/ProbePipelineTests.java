package dev.smidgen.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.ProbeInput;
import dev.smidgen.ingest.fetch.IngestSource;
import dev.smidgen.model.net.SourceUrl;
import org.junit.jupiter.api.Test;

class ProbePipelineTests {
    @Test
    void aUrlIsFetchedAsAnIngestOfItWouldBe() {
        ProbeInput input = new ProbeInput(SourceUrl.parse("https://example.com/a.mp4"), null);

        IngestSource source = IngestSource.of("prj_a", ProbePipeline.asIngest(input));

        IngestSource.Url url = assertInstanceOf(IngestSource.Url.class, source);
        assertEquals("https://example.com/a.mp4", url.describe());
        assertEquals("https://example.com/a.mp4", input.describe(), "the File object's url is the input as given");
    }

    @Test
    void aBucketObjectBecomesTheIngestsBucketSource() {
        BucketObject object = BucketObject.parse("s3://media/in/a.mp4", "con_a", "input");

        IngestInput ingest = ProbePipeline.asIngest(new ProbeInput(null, object));

        assertEquals(object, ingest.object());
        assertNull(ingest.url());
    }
}
