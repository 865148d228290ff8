package dev.smidgen.catalog.storage.migrate;

import java.util.Locale;

/** The counts of a {@link StoreMigration} run. */
public record MigrationSummary(
        long copied, long copiedBytes, long skipped, long skippedBytes, long ignored, long failed, double seconds) {

    /** Whether every object is now in the target with the source's bytes. */
    public boolean complete() {
        return failed == 0;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%d copied (%s), %d already there (%s), %d failed%s, in %.1f s",
                copied,
                bytes(copiedBytes),
                skipped,
                bytes(skippedBytes),
                failed,
                ignored > 0 ? ", " + ignored + " folder markers ignored" : "",
                seconds);
    }

    /** A byte count for people: 1536 → "1.5 KiB". */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Adds up results while a run goes on. */
    static final class Counter {
        private final long started = System.nanoTime();
        private long copied;
        private long copiedBytes;
        private long skipped;
        private long skippedBytes;
        private long ignored;
        private long failed;

        void add(StoreMigration.Result result) {
            switch (result.outcome()) {
                case COPIED -> {
                    copied++;
                    copiedBytes += result.bytes();
                }
                case SKIPPED -> {
                    skipped++;
                    skippedBytes += result.bytes();
                }
                case IGNORED -> ignored++;
                case FAILED -> failed++;
            }
        }

        String progressLine() {
            return (copied + skipped + ignored + failed) + " objects so far: " + finish();
        }

        MigrationSummary finish() {
            return new MigrationSummary(
                    copied, copiedBytes, skipped, skippedBytes, ignored, failed, (System.nanoTime() - started) / 1e9);
        }
    }
}
