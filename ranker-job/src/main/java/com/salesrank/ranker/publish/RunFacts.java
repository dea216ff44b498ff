package com.salesrank.ranker.publish;

import java.time.Instant;
import java.util.Objects;

/**
 * What the job knows about the ranking it hands to the publisher: the sales window it covers and
 * its counters. {@code expectedRows} is the job's count of output rows (stage 2's reduce output
 * records); the publisher refuses to publish when the output holds a different number.
 */
public record RunFacts(Instant windowStart, Instant windowEnd, long expectedRows, long linesRead,
        long malformedLines, long jobWallMs) {

    public RunFacts {
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        if (!windowStart.isBefore(windowEnd)) {
            throw new IllegalArgumentException("window start " + windowStart + " is not before its end " + windowEnd);
        }
        if (expectedRows < 0 || linesRead < 0 || malformedLines < 0 || jobWallMs < 0) {
            throw new IllegalArgumentException("counters cannot be negative: " + expectedRows + ", " + linesRead
                    + ", " + malformedLines + ", " + jobWallMs);
        }
    }
}
