package com.salesrank.ranker.publish;

import java.time.Instant;

/**
 * A ranking that is live: its run id (the same in {@code sales_rank_run} and {@code ranking_runs}),
 * window, row count, and how long each publishing phase took. {@code historyMillis} (part of the
 * total) is the time spent on {@code sales_rank_history}: adding the run, pruning, and adding a live run
 * whose publisher died before it could; 0 for the head ranking.
 */
public record PublishedRun(long runId, Instant windowStart, Instant windowEnd, long rows, Instant publishedAt,
        long loadMillis, long indexMillis, long swapMillis, long totalMillis, long historyMillis) {
}
