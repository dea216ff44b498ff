package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.SQLException;

import com.salesrank.ranker.RankerConfigKeys;

/** The named lock {@code <database>.sales_rank.publish}: two publishers never interleave. */
final class PublishLock {

    private PublishLock() {
    }

    static void acquire(Connection connection, int timeoutSeconds) throws SQLException, PublisherBusyException {
        if (!NamedLock.acquire(connection, RankingTables.LOCK_NAME, timeoutSeconds)) {
            throw new PublisherBusyException("another publisher is publishing into this database and did not"
                    + " finish within " + timeoutSeconds + " s (" + RankerConfigKeys.PUBLISH_LOCK_TIMEOUT_SECONDS
                    + "); not published, the live ranking is unchanged");
        }
    }

    static void release(Connection connection) {
        NamedLock.release(connection, RankingTables.LOCK_NAME);
    }
}
