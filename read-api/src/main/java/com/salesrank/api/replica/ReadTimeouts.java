package com.salesrank.api.replica;

import java.time.Duration;

/**
 * How long a read may take, and when it is hedged (DatabaseProperties says what each one means;
 * docs/latency-budget.md how they fit the callers' timeouts).
 *
 * @param deadline      a read answers or fails within this (salesrank.database.query-timeout)
 * @param hedgeAfter    a read not answered after this is also sent to the next database (the
 *                      longest hedge delay)
 * @param minHedgeAfter the shortest hedge delay: the delay follows the tier's recent p99 between the two
 * @param maxHedges     hedged reads in flight at once, at most
 * @param hedgeShare    the share of reads that may be hedged, over time
 * @param slowRead      slower than this counts as slow; a probe must answer within it
 */
public record ReadTimeouts(Duration deadline, Duration hedgeAfter, Duration minHedgeAfter, int maxHedges,
        double hedgeShare, Duration slowRead) {

    /** A fixed hedge delay, and any read may be hedged (within maxHedges in flight). */
    public ReadTimeouts(Duration deadline, Duration hedgeAfter, int maxHedges, Duration slowRead) {
        this(deadline, hedgeAfter, hedgeAfter, maxHedges, 1.0, slowRead);
    }

    static ReadTimeouts of(DatabaseProperties properties) {
        return new ReadTimeouts(properties.queryTimeout(), properties.hedgeAfter(), properties.minHedgeAfter(),
                properties.maxHedges(), properties.hedgeShare(), properties.slowRead());
    }
}
