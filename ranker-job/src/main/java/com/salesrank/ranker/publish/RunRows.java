package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** The run's rows: its id, the one-row run table swapped in with the ranking, and its line in {@code ranking_runs}. */
final class RunRows {

    private final RankingTables tables;

    RunRows(RankingTables tables) {
        this.tables = tables;
    }

    /** One more than any id in the history or the live runs; taken under the publish lock, so no other run has it. */
    static long nextRunId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(RankingTables.NEXT_RUN_ID)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The one-row {@code sales_rank_run_staging}, LIKE the live run table, for the swap. */
    void stage(Connection connection, long runId, RunFacts facts, Instant publishedAt)
            throws SQLException, PublishException {
        StagingLoad.createLike(connection, tables.createRunStaging, tables.run);
        try (PreparedStatement insert = connection.prepareStatement(tables.insertRunStaging)) {
            insert.setLong(1, runId);
            insert.setString(2, SqlDateTimes.seconds(facts.windowStart()));
            insert.setString(3, SqlDateTimes.seconds(facts.windowEnd()));
            insert.setString(4, SqlDateTimes.millis(publishedAt));
            insert.executeUpdate();
        }
    }

    /** The run's line in {@code ranking_runs}, after the swap. */
    void record(Connection connection, long runId, RunFacts facts, long rows, Instant publishedAt)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(tables.recordRun)) {
            insert.setLong(1, runId);
            insert.setString(2, SqlDateTimes.seconds(facts.windowStart()));
            insert.setString(3, SqlDateTimes.seconds(facts.windowEnd()));
            insert.setLong(4, rows);
            insert.setLong(5, facts.linesRead());
            insert.setLong(6, facts.malformedLines());
            insert.setString(7, SqlDateTimes.millis(publishedAt));
            insert.setLong(8, facts.jobWallMs());
            insert.executeUpdate();
        }
    }
}
