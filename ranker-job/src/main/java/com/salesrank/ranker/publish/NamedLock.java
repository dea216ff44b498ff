package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A named lock of the connection's database ({@code GET_LOCK}), held by its session until released or
 * the session ends: the ranking's publishers and the catalog loader each take one so that two of a
 * kind never interleave. Lock names are server-wide in MySQL 8, so the database name is part of it.
 */
public final class NamedLock {

    private static final String GET = "SELECT GET_LOCK(CONCAT(DATABASE(), '.', ?), ?)";
    private static final String RELEASE = "SELECT RELEASE_LOCK(CONCAT(DATABASE(), '.', ?))";

    private NamedLock() {
    }

    /** @return whether the lock is this session's, waiting at most {@code timeoutSeconds} for it */
    public static boolean acquire(Connection connection, String name, int timeoutSeconds) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(GET)) {
            lock.setString(1, name);
            lock.setInt(2, timeoutSeconds);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                int got = rs.getInt(1);
                return !rs.wasNull() && got == 1;
            }
        }
    }

    public static void release(Connection connection, String name) {
        try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
            release.setString(1, name);
            release.executeQuery().close();
        } catch (SQLException ignored) {
            // the lock goes with the session anyway, and the connection is closed next
        }
    }
}
