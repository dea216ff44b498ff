package com.salesrank.ranker.progress;

import java.time.Duration;
import java.util.Locale;

/**
 * A job's progress in one line: the stage, map and reduce percentages, records read and their rate, the time
 * so far and an ETA, as {@link StageProgress} has them.
 */
final class StageLine {

    private StageLine() {
    }

    /** @param unit what a record is ("lines", "rows") */
    static String running(String stage, StageProgress job, String unit, long nowNanos) {
        Duration elapsed = job.elapsed(nowNanos);
        return prefix(stage, job, unit, elapsed) + " | " + clock(elapsed) + ", " + job.eta(nowNanos);
    }

    static String finished(String stage, StageProgress job, String unit, long nowNanos, boolean succeeded) {
        Duration elapsed = job.elapsed(nowNanos);
        return prefix(stage, job, unit, elapsed) + " | " + (succeeded ? "done in " : "FAILED after ")
                + seconds(elapsed);
    }

    private static String prefix(String stage, StageProgress job, String unit, Duration elapsed) {
        StringBuilder s = new StringBuilder(stage).append(": map ").append(percent(job.mapPercent()));
        if (job.hasReduce()) {
            s.append(" reduce ").append(percent(job.reducePercent()));
        }
        if (job.records() >= 0) {
            s.append(String.format(Locale.ROOT, " | %,d %s read", job.records(), unit));
            long millis = elapsed.toMillis();
            if (millis > 0) {
                s.append(String.format(Locale.ROOT, ", %,d %s/s", job.records() * 1000 / millis, unit));
            }
        }
        return s.toString();
    }

    /** Whole percents, aligned; {@code ?} for a negative (unknown) one. */
    static String percent(int percent) {
        return percent < 0 ? "  ?%" : String.format(Locale.ROOT, "%3d%%", percent);
    }

    /** Whole seconds below a minute ("42 s"), else minutes and seconds ("3m05s"). */
    static String clock(Duration d) {
        long s = Math.max(0, (d.toMillis() + 500) / 1000);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
