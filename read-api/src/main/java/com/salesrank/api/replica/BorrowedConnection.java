package com.salesrank.api.replica;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The pooled connection a read holds while its query runs on the calling thread, which the
 * read's hedge may abort from another thread once it has the answer: closing the socket under a
 * query is the one way to end a wait on a database that does not answer (a frozen server never
 * receives a KILL QUERY). The driver then fails the query with a connection error, and HikariCP
 * evicts the connection instead of handing it out again.
 */
final class BorrowedConnection {

    /** The query was cut short (or never ran) because another database answered the read. */
    static final class Outrun extends RuntimeException {
        Outrun() {
            super("another database answered first", null, false, false);
        }
    }

    private Connection connection;
    private boolean released;
    private boolean aborted;
    private boolean cutShort;

    /** @return false when the read was answered before the connection came: do not run the query */
    synchronized boolean hold(Connection held) {
        if (aborted) {
            return false;
        }
        connection = held;
        return true;
    }

    /** The query ended: the connection goes back to the pool and must never be aborted from here on. */
    synchronized void release() {
        released = true;
        connection = null;
    }

    /** Ends the query at once if it is still running (or stops it from starting). */
    synchronized void abort() {
        if (released || aborted) {
            return;
        }
        aborted = true;
        if (connection != null) {
            cutShort = true;
            try {
                connection.abort(Runnable::run);
            } catch (SQLException alreadyClosed) {
                // nothing left to end
            }
        }
    }

    synchronized boolean aborted() {
        return aborted;
    }

    /** Whether its connection was aborted: the pool must never hand that one out again. */
    synchronized boolean cutShort() {
        return cutShort;
    }
}
