package com.salesrank.ranker.progress;

import java.time.Duration;

/**
 * One job's progress as its lines show it, from the snapshots the reporter takes while it runs. What was once
 * shown is never taken back: the map percentage, the reduce percentage and the records read only go up,
 * whatever the job reports (on a cluster a failed attempt's counters leave the job's; in local mode Hadoop's
 * own percentages jump to 100% and back whenever a task ends).
 *
 * <ul>
 * <li>The map percentage is the bytes of the input splits read, of their total length: work done against
 * work known. It stays below 100% until the maps have ended (the reduces have started after every split was
 * read, or the job is done): a map that has read its split may still be writing its output.
 * <li>The ETA is the work left at the rate seen since the work began: while the maps run, their bytes left
 * at their byte rate ("maps ETA" when a reduce follows, whose work is not known until it starts); then the
 * reduce's progress left at its rate since the maps ended. Before a rate is known (less than
 * {@link #MIN_BASIS} of progress seen, or the bytes all read but the maps not ended) it is {@code ?}.
 * </ul>
 */
final class StageProgress {

    /** Least time over which a rate is measured before an ETA is given. */
    static final Duration MIN_BASIS = Duration.ofSeconds(1);

    private final long startedNanos;
    private boolean hasReduce;
    private long records = -1;
    private long splitBytes = -1;
    private long bytesRead;
    private float reduce;
    private boolean mapsEnded;
    private boolean done;
    /** When the first bytes were seen read, and how many: the start of the maps' rate. */
    private long firstReadNanos = -1;
    private long firstReadBytes;
    /** When the maps were seen ended, and the reduce's progress then: the start of the reduce's rate. */
    private long reducePhaseNanos = -1;
    private float reduceAtPhase;

    StageProgress(long startedNanos) {
        this.startedNanos = startedNanos;
    }

    /** Takes in what the job reports at {@code nowNanos}. */
    void observe(JobSnapshot s, long nowNanos) {
        hasReduce = s.hasReduce();
        if (splitBytes < 0 && s.splitBytes() >= 0) {
            splitBytes = s.splitBytes();
        }
        records = Math.max(records, s.records());
        long read = splitBytes >= 0 ? Math.min(s.bytesRead(), splitBytes) : s.bytesRead();
        if (read > bytesRead) {
            if (firstReadNanos < 0) {
                firstReadNanos = nowNanos;
                firstReadBytes = read;
            }
            bytesRead = read;
        }
        if (s.reduce() < 1) { // in local mode 1 whenever any reduce ends (LocalJobRunner.done), as for the maps
            reduce = Math.max(reduce, s.reduce());
        }
        if (!mapsEnded && hasReduce && s.reduce() > 0 && (splitBytes < 0 || bytesRead >= splitBytes)) {
            mapsEnded = true;
            reducePhaseNanos = nowNanos;
            reduceAtPhase = reduce;
        }
    }

    /** The job has ended: when it succeeded, all of its work is done. */
    void end(boolean succeeded) {
        if (succeeded) {
            done = true;
            mapsEnded = true;
            bytesRead = Math.max(bytesRead, splitBytes);
            reduce = 1f;
        }
    }

    /** Whole percents of the maps' work, rounded down (100 only once the maps have ended); -1 when the work is unknown. */
    int mapPercent() {
        if (mapsEnded) {
            return 100;
        }
        if (splitBytes < 0) {
            return -1;
        }
        return splitBytes == 0 ? 0 : (int) Math.min(99, bytesRead * 100 / splitBytes);
    }

    /** Whole percents of the reduces' progress, rounded down (100 only once the job is done). */
    int reducePercent() {
        return done ? 100 : (int) Math.min(99, Math.floor(reduce * 100.0));
    }

    boolean hasReduce() {
        return hasReduce;
    }

    long records() {
        return records;
    }

    Duration elapsed(long nowNanos) {
        return Duration.ofNanos(nowNanos - startedNanos);
    }

    /** "ETA 45 s", "maps ETA 45 s", or with {@code ?} for the time when it cannot be known yet. */
    String eta(long nowNanos) {
        if (done) {
            return "ETA 0 s";
        }
        if (!mapsEnded) {
            String label = hasReduce ? "maps ETA " : "ETA ";
            long basis = firstReadNanos < 0 ? 0 : nowNanos - firstReadNanos;
            long gained = bytesRead - firstReadBytes;
            if (splitBytes <= 0 || bytesRead >= splitBytes || gained <= 0 || basis < MIN_BASIS.toNanos()) {
                return label + "?";
            }
            double nanosPerByte = basis / (double) gained;
            return label + StageLine.clock(Duration.ofNanos((long) ((splitBytes - bytesRead) * nanosPerByte)));
        }
        long basis = nowNanos - reducePhaseNanos;
        float gained = reduce - reduceAtPhase;
        if (gained <= 0 || basis < MIN_BASIS.toNanos()) {
            return "ETA ?";
        }
        return "ETA " + StageLine.clock(Duration.ofNanos((long) ((1 - reduce) * (basis / (double) gained))));
    }
}
