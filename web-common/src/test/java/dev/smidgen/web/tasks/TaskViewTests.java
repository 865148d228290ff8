package dev.smidgen.web.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskViewTests {
    @Test
    void anUploadsIngestShowsWhatTheClientAskedForAndNoWorkerKeys() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("upload", "upl_k3v9x2m1q8aa");
        stored.put("staged_key", "staging/prj_1/upl_k3v9x2m1q8aa");
        stored.put("folder", "intros");
        stored.put("filename", "intro.mp4");
        stored.put("original_filename", "IMG_0042.MOV");
        stored.put("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

        Map<String, Object> shown = TaskView.publicInput(stored);

        assertEquals(Map.of("upload", "upl_k3v9x2m1q8aa", "folder", "intros", "filename", "intro.mp4"), shown);
        assertEquals(6, stored.size(), "the stored input is not changed");
    }

    @Test
    void noInputStaysNone() {
        assertNull(TaskView.publicInput(null));
    }
}
