package com.salesrank.ranker.incremental;

/** Counters of the incremental jobs. Any non-zero value means the state cannot be trusted: the run rebuilds it. */
public enum StateCounter {
    /** A state file whose line count or CRC-32 differs from its manifest entry. */
    CORRUPT_FILES,
    /** Totals and slices that do not add up (a product's total would go negative, rows out of rank order). */
    INCONSISTENT_ROWS,
    /** Lines of state files read (slices and totals). */
    STATE_LINES_READ
}
