package com.salesrank.ranker.publish;

import com.salesrank.ranker.RankerConfigKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.apache.hadoop.conf.Configuration;

/**
 * The full ranking's history ({@code sales_rank_history}, schema migration V3): the top
 * {@value #TOP} of every category of every full run that went live, kept {@value #DAYS_PROPERTY}
 * days. Every statement here runs on the publisher's connection under its publish lock.
 *
 * <p>The guarantee: history holds a run only if that run went live. {@link #record} runs right after
 * the swap, from the now-live {@code sales_rank}, so a failure before or at the swap (nothing swapped)
 * writes nothing. A failure after the swap but before {@link #record} completes (one INSERT ... SELECT,
 * atomic) leaves a live run without history; {@link #addLiveRunIfMissing}, at the start of the next
 * full publish, adds it from the tables that are still live, so no run that was live is lost.
 * Readers take the live run from {@code sales_rank} and only older runs from the history, so they
 * never depend on the moment between a swap and its history insert.
 */
final class RankHistory {

    /** Days of history kept, counted back from the window end of the run being published. */
    static final String DAYS_PROPERTY = RankerConfigKeys.HISTORY_DAYS;
    static final int DEFAULT_DAYS = RankerConfigKeys.HISTORY_DAYS_DEFAULT;
    /** Ranks kept per category and run. */
    static final int TOP = 100;
    /** Rows per DELETE: short statements, short row-lock holds, short replica apply steps. */
    static final int PRUNE_BATCH = 10_000;

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    // A scan of the table just loaded (in the buffer pool: ~0.2 s for 2.2 million rows here). A loose
    // index scan over the categories joined to each one's rank range was measured no faster, and
    // MariaDB's optimizer picks the scan for it anyway.
    private static final String INSERT_TOP = """
            INSERT INTO sales_rank_history (window_end, run_id, category_id, category_rank, product_id, total_sold)
            SELECT ?, ?, category_id, category_rank, product_id, total_sold
            FROM sales_rank WHERE category_rank <= ?""";

    /** The live full run, if the history lacks it (a primary-key probe). */
    private static final String LIVE_RUN_WITHOUT_HISTORY = """
            SELECT r.run_id, r.window_end FROM sales_rank_run r
            WHERE NOT EXISTS (SELECT 1 FROM sales_rank_history h
                              WHERE h.window_end = r.window_end AND h.run_id = r.run_id)""";

    // ORDER BY the key's first column: each batch is the oldest rows, a range at the key's start.
    private static final String PRUNE = "DELETE FROM sales_rank_history WHERE window_end < ? ORDER BY window_end LIMIT "
            + PRUNE_BATCH;

    private final int days;

    private RankHistory(int days) {
        this.days = days;
    }

    /** @throws IllegalArgumentException when {@value #DAYS_PROPERTY} is below 1 */
    static RankHistory from(Configuration conf) {
        int days = conf.getInt(DAYS_PROPERTY, DEFAULT_DAYS);
        if (days < 1) {
            throw new IllegalArgumentException(DAYS_PROPERTY + " must be at least 1, got " + days);
        }
        return new RankHistory(days);
    }

    int days() {
        return days;
    }

    /** The oldest window end kept once a run with this window end is published. */
    Instant keepFrom(Instant windowEnd) {
        return windowEnd.minus(Duration.ofDays(days));
    }

    /**
     * Adds the live full run's top ranks if the history lacks them (its publisher died after its swap).
     *
     * @return the run added, or -1
     */
    long addLiveRunIfMissing(Connection connection) throws SQLException {
        long runId;
        LocalDateTime windowEnd;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(LIVE_RUN_WITHOUT_HISTORY)) {
            if (!rs.next()) {
                return -1;
            }
            runId = rs.getLong(1);
            windowEnd = rs.getObject(2, LocalDateTime.class);
        }
        insertTop(connection, runId, DATETIME.format(windowEnd));
        return runId;
    }

    /** Appends the top ranks of the run just swapped in (now {@code sales_rank}). */
    long record(Connection connection, long runId, Instant windowEnd) throws SQLException {
        return insertTop(connection, runId, utc(windowEnd));
    }

    private static long insertTop(Connection connection, long runId, String windowEnd) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TOP)) {
            insert.setString(1, windowEnd);
            insert.setLong(2, runId);
            insert.setInt(3, TOP);
            return insert.executeLargeUpdate();
        }
    }

    /**
     * Deletes the rows older than {@link #keepFrom} in batches of {@value #PRUNE_BATCH}.
     *
     * @return the rows deleted
     */
    long prune(Connection connection, Instant windowEnd) throws SQLException {
        long deleted = 0;
        try (PreparedStatement delete = connection.prepareStatement(PRUNE)) {
            delete.setString(1, utc(keepFrom(windowEnd)));
            long batch;
            do {
                batch = delete.executeLargeUpdate();
                deleted += batch;
            } while (batch == PRUNE_BATCH);
        }
        return deleted;
    }

    private static String utc(Instant instant) {
        return DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
