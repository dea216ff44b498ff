package com.salesrank.api.cache;

/**
 * The most database loads allowed in flight (salesrank.cache.loads.max-in-flight) are: the request
 * is refused at once (503 with Retry-After) rather than queued without bound.
 */
public class DatabaseLoadsBusyException extends RuntimeException {

    public DatabaseLoadsBusyException(int maxInFlight) {
        super("the database is already loading " + maxInFlight + " pages, the most allowed at once", null, false, false);
    }
}
