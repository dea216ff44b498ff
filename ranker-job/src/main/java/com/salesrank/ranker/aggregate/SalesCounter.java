package com.salesrank.ranker.aggregate;

/**
 * Stage-1 line counters. Malformed lines are counted per
 * {@link com.salesrank.ranker.parse.MalformedReason}, which is itself the counter enum
 * for that group.
 */
public enum SalesCounter {
    /** Every line the mappers saw, including headers, empty and malformed lines. */
    LINES_READ,
    /** Lines that parsed as a sale, inside the window or not. */
    VALID,
    /** Valid sales whose instant is outside the ranking window. */
    OUTSIDE_WINDOW,
    HEADER_SKIPPED,
    EMPTY_SKIPPED
}
