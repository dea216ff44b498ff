package com.salesrank.api.ranking;

import java.time.Instant;

/** One published ranking: its run id, the sales window it covers, and when it went live (all UTC). */
record PublishedRun(long runId, Instant windowStart, Instant windowEnd, Instant publishedAt) {
}
