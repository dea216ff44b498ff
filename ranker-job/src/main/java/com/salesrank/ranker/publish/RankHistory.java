package com.salesrank.ranker.publish;

import com.salesrank.contract.RankHistoryDepth;
import com.salesrank.ranker.RankerConfigKeys;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.hadoop.conf.Configuration;

import com.mysql.cj.jdbc.JdbcStatement;

/**
 * The full ranking's history ({@code sales_rank_history}, schema migrations V3 and V5): the top
 * {@value #TOP} of every category of every full run that went live, kept {@value RankerConfigKeys#HISTORY_DAYS}
 * days, in one partition per UTC day of the window end, which the publisher adds ahead
 * ({@link HistoryPartitions#addDays}) and drops once the whole day is older than the retention ({@link #prune}).
 *
 * <p>The guarantee: history holds a run only if that run went live. While the publisher loads its
 * staging table, its stream copies the run's top ranks ({@link TopRowsTap}) to a second connection
 * ({@link HistoryAside}), which inserts them in a transaction that stays open until the swap:
 * {@link HistoryAside#commit} right after the RENAME completed, {@link HistoryAside#abandon} (a rollback) on any
 * failure before it. A publisher that dies, or loses that connection, leaves the transaction to the
 * server, which rolls it back. A failure between the swap and that commit leaves a live run without
 * history; {@link #addLiveRunIfMissing}, at the start of the next full publish, adds it from the tables
 * that are still live, so no run that was live is lost. Readers take the live run from
 * {@code sales_rank} and only older runs from the history, so they never depend on the moment between
 * a swap and its history commit.
 *
 * <p>Why aside, and during the load: the insert (with its secondary index) and the partition DDL are
 * what history costs and neither needs the publisher's connection, and while the server loads the
 * staging table on one thread the other core has room; after the load it has less (the index build
 * on the primary, the load's replay on a replica). Pruning needs nothing of the new run but its window
 * end; a run that fails after it has pruned only what the next run, with the same or a later window,
 * would prune: rows older than the retention, never a row of a live run's retention window that the
 * failed run's own window end would keep.
 */
final class RankHistory {

    static final int DEFAULT_DAYS = RankerConfigKeys.HISTORY_DAYS_DEFAULT;
    /** Ranks kept per category and run, as deep as the API's movers compare. */
    static final int TOP = RankHistoryDepth.TOP_RANKS;
    /** Rows per DELETE: short statements, short row-lock holds, short replica apply steps. */
    static final int PRUNE_BATCH = 10_000;

    /**
     * Categories per INSERT ... SELECT: under MariaDB's in_predicate_conversion_threshold (1000), above
     * which it turns an IN list into a join that reads every row of each category instead of one
     * range of the clustered key (category_id, category_rank) per category.
     */
    static final int CATEGORIES_PER_INSERT = 500;

    /** A loose index scan: one dive per category into the clustered key (or V3's unique index). */
    private static final String CATEGORIES = "SELECT DISTINCT category_id FROM sales_rank ORDER BY category_id";

    // Ranks 1..TOP of the listed categories: one range of the key each, so the rows read are the rows
    // kept (a scan of WHERE category_rank <= ? would read the whole ranking, and neither MariaDB 10.11
    // nor a join on the category list turns it into ranges).
    private static final String INSERT_TOP = """
            INSERT INTO sales_rank_history (window_end, run_id, category_id, category_rank, product_id, total_sold)
            SELECT ?, ?, category_id, category_rank, product_id, total_sold
            FROM sales_rank WHERE category_rank <= ? AND category_id IN (%s)""";

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

    static boolean enabled(Configuration conf) {
        return conf.getBoolean(RankerConfigKeys.HISTORY_ENABLED, RankerConfigKeys.HISTORY_ENABLED_DEFAULT);
    }

    /** @throws IllegalArgumentException when {@value RankerConfigKeys#HISTORY_DAYS} is below 1 */
    static RankHistory from(Configuration conf) {
        int days = conf.getInt(RankerConfigKeys.HISTORY_DAYS, DEFAULT_DAYS);
        if (days < 1) {
            throw new IllegalArgumentException(RankerConfigKeys.HISTORY_DAYS + " must be at least 1, got " + days);
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
        HistoryPartitions.addDays(connection, windowEnd.toInstant(ZoneOffset.UTC));
        insertTop(connection, runId, SqlDateTimes.seconds(windowEnd));
        return runId;
    }

    /**
     * One transaction, so the run's history is all there or not at all (what {@link #addLiveRunIfMissing}
     * relies on), in statements of {@value #CATEGORIES_PER_INSERT} categories.
     */
    private static long insertTop(Connection connection, long runId, String windowEnd) throws SQLException {
        List<Integer> categories = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(CATEGORIES)) {
            while (rs.next()) {
                categories.add(rs.getInt(1));
            }
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long rows = 0;
            for (int from = 0; from < categories.size(); from += CATEGORIES_PER_INSERT) {
                List<Integer> batch = categories.subList(from, Math.min(categories.size(), from + CATEGORIES_PER_INSERT));
                String sql = INSERT_TOP.formatted(String.join(", ", Collections.nCopies(batch.size(), "?")));
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    insert.setString(1, windowEnd);
                    insert.setLong(2, runId);
                    insert.setInt(3, TOP);
                    for (int i = 0; i < batch.size(); i++) {
                        insert.setInt(4 + i, batch.get(i));
                    }
                    rows += insert.executeLargeUpdate();
                }
            }
            connection.commit();
            return rows;
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Prunes what is older than {@link #keepFrom}: drops the day partitions whose every window end is
     * older (a whole day at a time, so up to a day more than the retention stays), and, while the
     * oldest partition left is a "pupto" one spanning many days (schema migration V5's, or one made for
     * a gap), deletes its rows older than the retention in batches of {@value #PRUNE_BATCH}, as it does
     * on a table not partitioned (before V5).
     *
     * @param partitions the table's partitions, as {@link HistoryPartitions#addDays} left them
     */
    void prune(Connection connection, List<HistoryPartitions.Partition> partitions, Instant windowEnd) throws SQLException {
        LocalDateTime keepFrom = LocalDateTime.ofInstant(keepFrom(windowEnd), ZoneOffset.UTC);
        if (partitions.isEmpty()) {
            deleteOlderThan(connection, keepFrom);
            return;
        }
        List<String> expired = new ArrayList<>();
        // never the newest: a table keeps at least one partition
        for (HistoryPartitions.Partition partition : partitions.subList(0, partitions.size() - 1)) {
            if (partition.end().isAfter(keepFrom)) {
                break;
            }
            expired.add(partition.name());
        }
        if (!expired.isEmpty()) {
            WriterConnections.execute(connection, "ALTER TABLE sales_rank_history DROP PARTITION " + String.join(", ", expired));
        }
        if (partitions.get(expired.size()).spansDays()) {
            deleteOlderThan(connection, keepFrom);
        }
    }

    private static void deleteOlderThan(Connection connection, LocalDateTime keepFrom) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(PRUNE)) {
            delete.setString(1, SqlDateTimes.seconds(keepFrom));
            while (delete.executeLargeUpdate() == PRUNE_BATCH) {
                // the next batch
            }
        }
    }

    /**
     * Starts the history's work for the run {@code runId} with this window end, on a connection and a
     * thread of its own, and returns at once (see {@link HistoryAside}).
     */
    HistoryAside writeAside(Connector connector, Instant windowEnd, long runId) throws SQLException {
        return HistoryAside.start(connector, this, windowEnd, runId);
    }
}
