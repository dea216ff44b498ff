package com.salesrank.api.cache;

/**
 * Every database-load thread is busy and the queue in front of them is full: the request is
 * refused at once (503 with Retry-After) rather than queued without bound.
 */
public class DatabaseLoadsBusyException extends RuntimeException {

    public DatabaseLoadsBusyException(Throwable cause) {
        super("every database-load thread is busy and the queue is full", cause);
    }
}
