package com.salesrank.ranker.progress;

import java.time.Duration;
import java.util.Locale;

/**
 * A running job's progress in one line: the stage, map and reduce percentages, records read and their
 * rate, the time so far and an ETA. The ETA weighs map and reduce equally, as Hadoop's own job progress
 * does; it is a guess until the job is well under way, so none is given below 1%.
 */
final class StageLine {

    private StageLine() {
    }

    /**
     * @param records records the maps have read so far; negative when unknown
     * @param unit    what a record is ("lines", "rows")
     */
    static String running(String stage, JobSnapshot job, String unit, Duration elapsed) {
        return prefix(stage, job, unit, elapsed) + " | " + clock(elapsed) + ", " + eta(job, elapsed);
    }

    static String finished(String stage, JobSnapshot job, String unit, Duration elapsed, boolean succeeded) {
        return prefix(stage, job, unit, elapsed) + " | " + (succeeded ? "done in " : "FAILED after ")
                + seconds(elapsed);
    }

    private static String prefix(String stage, JobSnapshot job, String unit, Duration elapsed) {
        StringBuilder s = new StringBuilder(stage).append(": map ").append(percent(job.map()));
        if (job.hasReduce()) {
            s.append(" reduce ").append(percent(job.reduce()));
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

    /** Whole percents, rounded down: 100% only when done. */
    static String percent(float fraction) {
        int p = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
        return String.format(Locale.ROOT, "%3d%%", p);
    }

    static String eta(JobSnapshot job, Duration elapsed) {
        double done = job.hasReduce() ? (job.map() + job.reduce()) / 2.0 : job.map();
        if (done < 0.01 || done >= 1 || elapsed.toMillis() < 1000) {
            return "ETA ?";
        }
        long remainingMillis = (long) (elapsed.toMillis() * (1 - done) / done);
        return "ETA " + clock(Duration.ofMillis(remainingMillis));
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
