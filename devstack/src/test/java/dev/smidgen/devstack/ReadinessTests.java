package dev.smidgen.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Why a service is not ready, from what its /q/health/ready answered. */
class ReadinessTests {

    private static String body(String ffmpegError) {
        return """
                {"status":"DOWN","checks":[{"name":"object-storage","status":"UP"},
                {"name":"Kafka connection health check","status":"UP","data":{"nodes":"127.0.0.1:22005"}},
                {"name":"ffmpeg","status":"DOWN","data":{"error":"%s"}}]}""".formatted(ffmpegError);
    }

    @Test
    void namesTheDownChecksWithTheDetailTheyFirstReported() {
        Readiness readiness = new Readiness();
        assertEquals("its health endpoint does not answer", readiness.whyNot());
        assertFalse(readiness.answer(503, body("UnsatisfiedLinkError: libpulse.so.0: cannot open shared object file")));
        assertFalse(readiness.answer(503, body("NoClassDefFoundError: Could not initialize class avdevice")));
        assertEquals(
                "health check \"ffmpeg\" is DOWN: UnsatisfiedLinkError: libpulse.so.0: cannot open shared object file",
                readiness.whyNot());
        assertTrue(readiness.answer(200, "{\"status\":\"UP\",\"checks\":[]}"));
    }

    @Test
    void aCheckThatRecoversAndFailsAgainReportsItsNewDetail() {
        Readiness readiness = new Readiness();
        readiness.answer(503, body("first"));
        readiness.answer(
                503,
                "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"db\",\"status\":\"DOWN\",\"data\":{\"a\":\"1\",\"b\":\"2\"}}]}");
        assertEquals("health check \"db\" is DOWN: a=1, b=2", readiness.whyNot());
        readiness.answer(503, body("second"));
        assertEquals("health check \"ffmpeg\" is DOWN: second", readiness.whyNot());
    }

    @Test
    void anAnswerThatIsNotHealthJsonIsReportedByItsStatus() {
        Readiness readiness = new Readiness();
        assertFalse(readiness.answer(404, "<html>not found</html>"));
        assertEquals("its health endpoint answers HTTP 404", readiness.whyNot());
        readiness.noAnswer();
        assertEquals("its health endpoint does not answer", readiness.whyNot());
    }

    @Test
    void tellsASlowStartAtMostOncePerState() {
        Readiness readiness = new Readiness();
        readiness.noAnswer();
        assertEquals(Optional.of("its health endpoint does not answer"), readiness.news());
        assertEquals(Optional.empty(), readiness.news());
        readiness.answer(503, body("boom"));
        assertEquals(Optional.of("health check \"ffmpeg\" is DOWN: boom"), readiness.news());
        readiness.answer(503, body("boom"));
        readiness.noAnswer();
        assertEquals(Optional.empty(), readiness.news());
    }
}
