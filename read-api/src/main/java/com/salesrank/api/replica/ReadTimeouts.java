package com.salesrank.api.replica;

import java.time.Duration;

/**
 * How long a read may take, and when it is hedged (DatabaseProperties says what each one means;
 * docs/latency-budget.md how they fit the callers' timeouts).
 *
 * @param deadline   a read answers or fails within this (salesrank.database.query-timeout)
 * @param hedgeAfter a read not answered after this is also sent to the next database
 * @param maxHedges  hedged reads in flight at once, at most
 * @param slowRead   slower than this counts as slow; a probe must answer within it
 */
public record ReadTimeouts(Duration deadline, Duration hedgeAfter, int maxHedges, Duration slowRead) {

    static ReadTimeouts of(DatabaseProperties properties) {
        return new ReadTimeouts(properties.queryTimeout(), properties.hedgeAfter(), properties.maxHedges(),
                properties.slowRead());
    }
}
