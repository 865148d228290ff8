package dev.smidgen.devstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one service's {@code /q/health/ready} has said while it starts, boiled down to why it is not ready yet:
 * nothing answers, or which health checks are DOWN and with what. A check keeps the detail it reported when it
 * first went DOWN, because the first failure names the cause (an {@code UnsatisfiedLinkError}) where the
 * repeats only say that the class could not be initialised.
 */
final class Readiness {

    private final Map<String, String> firstDetails = new LinkedHashMap<>();
    private List<String> down = List.of();
    private String unexpected;
    private boolean answered;
    private boolean toldSilent;
    private boolean toldNotReady;

    /** Records an HTTP answer; true when it says ready. */
    boolean answer(int status, String body) {
        answered = true;
        if (status == 200) {
            return true;
        }
        List<String> nowDown = new ArrayList<>();
        try {
            if (MiniJson.path(MiniJson.parse(body), "checks") instanceof List<?> checks) {
                for (Object check : checks) {
                    if (check instanceof Map<?, ?> map
                            && "DOWN".equals(map.get("status"))
                            && map.get("name") instanceof String name) {
                        nowDown.add(name);
                        firstDetails.putIfAbsent(name, detail(map.get("data")));
                    }
                }
            }
        } catch (RuntimeException e) {
            // Not Quarkus' health JSON: fall through to the plain status line.
        }
        down = nowDown;
        unexpected = nowDown.isEmpty() ? "its health endpoint answers HTTP " + status : null;
        firstDetails.keySet().retainAll(nowDown);
        return false;
    }

    /** Records that the health endpoint did not answer (not listening yet, or hanging). */
    void noAnswer() {
        answered = false;
    }

    /**
     * What to tell about a slow start, at most twice: once while the service does not answer yet, once when it
     * answers but is not ready, so a long wait is explained without a line per poll.
     */
    Optional<String> news() {
        if (answered && !toldNotReady) {
            toldNotReady = true;
            toldSilent = true;
            return Optional.of(whyNot());
        }
        if (!answered && !toldSilent) {
            toldSilent = true;
            return Optional.of(whyNot());
        }
        return Optional.empty();
    }

    /** Why the service is not ready, in one line, e.g. {@code health check "ffmpeg" is DOWN: cannot load ...}. */
    String whyNot() {
        if (!answered) {
            return "its health endpoint does not answer";
        }
        if (down.isEmpty()) {
            return unexpected;
        }
        return down.stream()
                .map(name -> "health check \"" + name + "\" is DOWN"
                        + (firstDetails.get(name).isEmpty() ? "" : ": " + firstDetails.get(name)))
                .collect(Collectors.joining("; "));
    }

    /** A check's data object as {@code value} (one entry) or {@code key=value, ...}; its error text is what matters. */
    private static String detail(Object data) {
        if (!(data instanceof Map<?, ?> map) || map.isEmpty()) {
            return "";
        }
        if (map.size() == 1) {
            return String.valueOf(map.values().iterator().next());
        }
        return map.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }
}
