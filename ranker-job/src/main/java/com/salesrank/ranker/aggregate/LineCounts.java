package com.salesrank.ranker.aggregate;

import com.salesrank.ranker.parse.MalformedReason;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * What a task made of the lines it read, kept in fields and added to the Hadoop counters once, at the end
 * of the task: a counter lookup per line costs more than the parse. Shared by every mapper that reads raw
 * logs, so the full and the incremental job count lines the same way.
 */
public final class LineCounts {

    private final long[] malformed = new long[MalformedReason.values().length];
    /** Lines between two early additions to LINES_READ: often enough for progress lines, rare enough to cost nothing. */
    private static final long REPORT_EVERY = 1 << 16;

    private long linesRead;
    private long linesReported;
    private long valid;
    private long outsideWindow;
    private long headers;
    private long empties;

    public void line() {
        linesRead++;
    }

    public void valid(boolean insideWindow) {
        valid++;
        if (!insideWindow) {
            outsideWindow++;
        }
    }

    public void header() {
        headers++;
    }

    public void empty() {
        empties++;
    }

    public void malformed(MalformedReason reason) {
        malformed[reason.ordinal()]++;
    }

    /**
     * Adds the lines read so far to LINES_READ once enough have gathered, so that a running job's progress
     * lines can show them (a map reading blocks of lines has far fewer input records than lines).
     */
    public void reportLinesRead(TaskAttemptContext context) {
        if (linesRead - linesReported >= REPORT_EVERY) {
            context.getCounter(SalesCounter.LINES_READ).increment(linesRead - linesReported);
            linesReported = linesRead;
        }
    }

    public void addTo(TaskAttemptContext context) {
        context.getCounter(SalesCounter.LINES_READ).increment(linesRead - linesReported);
        linesReported = linesRead;
        context.getCounter(SalesCounter.VALID).increment(valid);
        context.getCounter(SalesCounter.OUTSIDE_WINDOW).increment(outsideWindow);
        context.getCounter(SalesCounter.HEADER_SKIPPED).increment(headers);
        context.getCounter(SalesCounter.EMPTY_SKIPPED).increment(empties);
        for (MalformedReason reason : MalformedReason.values()) {
            if (malformed[reason.ordinal()] > 0) {
                context.getCounter(reason).increment(malformed[reason.ordinal()]);
            }
        }
    }
}
