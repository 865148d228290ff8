package dev.smidgen.api.tasks;

import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The task backlog by kind as the database sees it: {@code smidgen_tasks{kind, status}} for
 * pending (waiting for a worker) and processing tasks. Kafka consumer lag says how many
 * announcements a worker group has not read yet; this says how much work is really left, retries
 * and tasks taken back from dead workers included. Every api replica reports the same figures
 * (read them with {@code max}); they are refreshed on a schedule over the partial index of
 * unfinished tasks, never on a scrape.
 */
@ApplicationScoped
public class TaskQueueMetrics {
    private static final List<TaskStatus> UNFINISHED = List.of(TaskStatus.PENDING, TaskStatus.PROCESSING);

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager em;

    private final Map<String, AtomicLong> counts = new HashMap<>();

    @PostConstruct
    void register() {
        for (TaskKind kind : TaskKind.values()) {
            for (TaskStatus status : UNFINISHED) {
                AtomicLong count = new AtomicLong();
                counts.put(key(kind.wire(), status.wire()), count);
                Gauge.builder("smidgen.tasks", count, AtomicLong::get)
                        .description("Unfinished tasks by kind and status")
                        .tag("kind", kind.wire())
                        .tag("status", status.wire())
                        .register(registry);
            }
        }
    }

    @Scheduled(every = "15s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT kind, status, count(*) FROM tasks WHERE status IN ('pending', 'processing') GROUP BY kind, status")
                .getResultList();
        Map<String, Long> fresh = new HashMap<>();
        for (Object[] row : rows) {
            fresh.put(key((String) row[0], (String) row[1]), ((Number) row[2]).longValue());
        }
        counts.forEach((key, count) -> count.set(fresh.getOrDefault(key, 0L))); // a kind with none left reads 0
    }

    private static String key(String kind, String status) {
        return kind + "/" + status;
    }
}
