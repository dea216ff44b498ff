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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.apache.hadoop.conf.Configuration;

/**
 * The full ranking's history ({@code sales_rank_history}, schema migration V3): the top
 * {@value #TOP} of every category of every full run that went live, kept {@value #DAYS_PROPERTY}
 * days. Every statement here runs on the publisher's connection under its publish lock.
 *
 * <p>The guarantee: history holds a run only if that run went live. {@link #record} runs right after
 * the swap, from the now-live {@code sales_rank}, so a failure before or at the swap (nothing swapped)
 * writes nothing. A failure after the swap but before {@link #record} completes (one transaction,
 * atomic) leaves a live run without history; {@link #addLiveRunIfMissing}, at the start of the next
 * full publish, adds it from the tables that are still live, so no run that was live is lost.
 * Readers take the live run from {@code sales_rank} and only older runs from the history, so they
 * never depend on the moment between a swap and its history insert.
 *
 * <p>Pruning needs nothing of the new run but its window end, so it runs on a connection of its own
 * ({@link #pruneAside}) while the publisher's connection builds the staging table's secondary
 * index, once the load and its checks passed; the publisher waits for it before the swap. A run
 * that fails after that point has pruned what the next run, with the same or a later window, would
 * prune: only rows older than the retention, never a row of a live run's retention window that the
 * failed run's own window end would keep.
 */
final class RankHistory {

    /** Days of history kept, counted back from the window end of the run being published. */
    static final String DAYS_PROPERTY = RankerConfigKeys.HISTORY_DAYS;
    static final int DEFAULT_DAYS = RankerConfigKeys.HISTORY_DAYS_DEFAULT;
    /**
     * {@code false}: a full publish neither writes nor prunes the history (what scripts/bench-publish.sh
     * compares against; the API then shows no points older than the live run).
     */
    static final String ENABLED_PROPERTY = RankerConfigKeys.HISTORY_ENABLED;
    /** Ranks kept per category and run. */
    static final int TOP = 100;
    /** Rows per DELETE: short statements, short row-lock holds, short replica apply steps. */
    static final int PRUNE_BATCH = 10_000;

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

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
        return conf.getBoolean(ENABLED_PROPERTY, RankerConfigKeys.HISTORY_ENABLED_DEFAULT);
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

    /**
     * Starts {@link #prune} on a connection of its own, in a thread of its own, and returns at once.
     * The publisher overlaps it with its index build (which the server runs on one thread) and
     * collects it with {@link Pruning#await} before its swap.
     */
    Pruning pruneAside(RankingPublisher.Connector connector, Instant windowEnd) {
        FutureTask<Long> task = new FutureTask<>(() -> {
            Connection connection = connector.connect();
            long deleted;
            try {
                deleted = prune(connection, windowEnd);
            } catch (SQLException e) {
                try {
                    connection.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // every batch is committed (autocommit): closing is not part of pruning, and the server
                // ends the session on its own
            }
            return deleted;
        });
        Thread thread = new Thread(task, "rank-history-prune");
        thread.setDaemon(true);
        thread.start();
        return new Pruning(task);
    }

    /** A prune running aside. */
    static final class Pruning {
        private final FutureTask<Long> task;

        private Pruning(FutureTask<Long> task) {
            this.task = task;
        }

        /** @return the rows deleted; @throws SQLException when pruning failed */
        long await() throws SQLException {
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while pruning sales_rank_history", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new SQLException("pruning sales_rank_history failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static String utc(Instant instant) {
        return DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
