package com.salesrank.api.replica;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** What a failed query says about the database it ran on. */
enum FailureKind {

    /** The database is unreachable or too slow: take it out of rotation, try the next. */
    NODE_DOWN,

    /** The pool had no free connection in time, but the database answers: try the next, keep it in rotation. */
    BUSY,

    /** Anything else (bad SQL, missing grant): not the database's health, so no failover. */
    OTHER;

    static FailureKind of(Throwable failure) {
        boolean busy = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException && t.getCause() == null) {
                // HikariCP's pool-wait timeout with no connection error behind it:
                // every connection was in use, the database itself was fine.
                busy = true;
                continue;
            }
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLTimeoutException) {
                return NODE_DOWN;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return NODE_DOWN; // SQLSTATE class 08: connection exception
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException) {
                return NODE_DOWN;
            }
        }
        if (busy) {
            return BUSY;
        }
        if (failure instanceof CannotGetJdbcConnectionException
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof RecoverableDataAccessException
                || failure instanceof QueryTimeoutException) {
            return NODE_DOWN;
        }
        return OTHER;
    }
}
