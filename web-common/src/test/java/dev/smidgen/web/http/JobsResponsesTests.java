package dev.smidgen.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsResponsesTests {
    @Test
    void errorKindsAreThePublishedNames() {
        assertEquals("invalid_input", JobsResponses.kind(SmidgenException.invalid("kind", "bad")));
        assertEquals("job_not_found", JobsResponses.kind(SmidgenException.notFound("Job")));
        assertEquals("task_not_found", JobsResponses.kind(SmidgenException.notFound("Task")));
        assertEquals("conflict", JobsResponses.kind(new SmidgenException(ErrorCode.CONFLICT, null)));
        assertEquals("unauthorized", JobsResponses.kind(new SmidgenException(ErrorCode.UNAUTHORIZED, null)));
    }

    @Test
    void anErrorBodyIsKindAndMessageAndTheFieldWhenThereIsOne() {
        assertEquals(
                Map.of("kind", "invalid_input", "message", "kind is wrong.", "field", "kind"),
                JobsResponses.errorBody(SmidgenException.invalid("kind", "kind is wrong.")));
        assertEquals(
                Map.of("kind", "job_not_found", "message", "Job not found."),
                JobsResponses.errorBody(SmidgenException.notFound("Job")));
    }

    @Test
    void onlyJobsAndConnectionsPathsAreTheJobsGenerationsAlone() {
        assertTrue(JobsResponses.isJobsPath("/jobs"));
        assertTrue(JobsResponses.isJobsPath("/jobs/job_x/cancel"));
        assertTrue(JobsResponses.isJobsPath("/connections/con_x"));
        assertFalse(JobsResponses.isJobsPath("/tasks"), "/tasks decides per request");
        assertFalse(JobsResponses.isJobsPath("/jobsite"));
    }

    @Test
    void timesAreUnixMilliseconds() {
        assertEquals(1_700_000_000_123L, JobsResponses.millis(Instant.ofEpochMilli(1_700_000_000_123L)));
        assertEquals(null, JobsResponses.millis(null));
    }
}
