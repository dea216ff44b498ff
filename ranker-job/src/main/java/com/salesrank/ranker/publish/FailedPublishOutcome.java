package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.fs.Path;

/**
 * A failed publish in terms of the live ranking. Before the RENAME was sent nothing live was touched.
 * After it completed, the run is live. When the RENAME itself failed, the server may or may not have run
 * it (a lost connection says nothing either way), so it is checked on a fresh connection: the old session
 * is killed, the check waits for it to be gone and reads the live run id: this run's means published,
 * another's not published, and if it cannot check, unknown.
 */
final class FailedPublishOutcome {

    private final Connector connector;
    private final RankingTables tables;

    FailedPublishOutcome(Connector connector, RankingTables tables) {
        this.connector = connector;
        this.tables = tables;
    }

    PublishException of(Path rankingDir, PublishAttempt attempt, Exception e) {
        if (!attempt.swapSent) {
            return new PublishException(PublishException.Outcome.NOT_PUBLISHED, attempt.runId, "publishing "
                    + rankingDir + " failed before the swap, the live ranking is unchanged: " + e.getMessage(), e);
        }
        if (attempt.swapped) {
            return new PublishException(PublishException.Outcome.PUBLISHED, attempt.runId, "run " + attempt.runId
                    + " IS live (swapped), but the publisher failed after the swap: " + e.getMessage(), e);
        }
        String verified;
        try {
            Long live = liveRunAfterLostSwap(attempt.connectionId);
            if (live != null && live == attempt.runId) {
                return new PublishException(PublishException.Outcome.PUBLISHED, attempt.runId, "the swap of run "
                        + attempt.runId + " reported an error (" + e.getMessage() + ") but it happened: run "
                        + attempt.runId + " IS live (checked " + tables.run + "), without its ranking_runs row", e);
            }
            if (live != null) {
                return new PublishException(PublishException.Outcome.NOT_PUBLISHED, attempt.runId, "the swap of run "
                        + attempt.runId + " failed (" + e.getMessage() + "); checked " + tables.run + ": run " + live
                        + " is still live, the live ranking is unchanged", e);
            }
            verified = "the old session is still on the server";
        } catch (SQLException check) {
            e.addSuppressed(check);
            verified = "checking failed: " + check.getMessage();
        }
        return new PublishException(PublishException.Outcome.UNKNOWN, attempt.runId, "the swap of run " + attempt.runId
                + " failed (" + e.getMessage() + ") and whether it happened is UNKNOWN (" + verified + "); run "
                + attempt.runId + " is live if " + tables.run + " holds run_id " + attempt.runId, e);
    }

    /**
     * The live run id once the publisher's old session is gone, or null if it is still there. A RENAME whose
     * connection was lost may still be waiting on the server for its metadata lock, so a look at the live run
     * right away could see the old run and the RENAME complete a moment later: the session is killed first
     * (the same user may kill its own sessions), which makes a waiting RENAME give up, then the check waits
     * for it to be gone. RENAME TABLE is atomic, so after that the live run id is the answer.
     */
    private Long liveRunAfterLostSwap(long oldConnectionId) throws SQLException {
        try (Connection check = connector.connect()) {
            if (oldConnectionId >= 0) {
                try (Statement kill = check.createStatement()) {
                    kill.execute("KILL CONNECTION " + oldConnectionId);
                } catch (SQLException alreadyGone) {
                    // ER_NO_SUCH_THREAD: the session already ended
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WriterConnections.SWAP_LOCK_WAIT_SECONDS);
                while (sessionExists(check, oldConnectionId)) {
                    if (System.nanoTime() > deadline) {
                        return null;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
            }
            try (Statement statement = check.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT MAX(run_id) FROM " + tables.run)) {
                rs.next();
                long live = rs.getLong(1);
                return rs.wasNull() ? -1L : live;
            }
        }
    }

    private static boolean sessionExists(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.processlist WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
