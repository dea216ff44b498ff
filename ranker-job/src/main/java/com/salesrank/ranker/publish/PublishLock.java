package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.salesrank.ranker.RankerConfigKeys;

/** The named lock {@code <database>.sales_rank.publish}: two publishers never interleave. */
final class PublishLock {

    private PublishLock() {
    }

    static void acquire(Connection connection, int timeoutSeconds) throws SQLException, PublisherBusyException {
        try (PreparedStatement lock = connection.prepareStatement(RankingTables.GET_LOCK)) {
            lock.setInt(1, timeoutSeconds);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                int got = rs.getInt(1);
                if (rs.wasNull() || got != 1) {
                    throw new PublisherBusyException("another publisher is publishing into this database and did not"
                            + " finish within " + timeoutSeconds + " s (" + RankerConfigKeys.PUBLISH_LOCK_TIMEOUT_SECONDS
                            + "); not published, the live ranking is unchanged");
                }
            }
        }
    }

    static void release(Connection connection) {
        try {
            WriterConnections.execute(connection, RankingTables.RELEASE_LOCK);
        } catch (SQLException ignored) {
            // the lock goes with the session anyway, and the connection is closed next
        }
    }
}
