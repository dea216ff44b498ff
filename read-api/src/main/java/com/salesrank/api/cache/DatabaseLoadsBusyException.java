package com.salesrank.api.cache;

/**
 * The database-load bulkhead is full (salesrank.cache.loads.concurrency loads reading, .queue more
 * waiting): the request is refused at once (503 with Retry-After) rather than queued without bound.
 */
public class DatabaseLoadsBusyException extends RuntimeException {

    public DatabaseLoadsBusyException(int concurrency, int queue) {
        super(concurrency + " page loads are reading from the database and " + queue + " more wait: the most allowed",
                null, false, false);
    }
}
