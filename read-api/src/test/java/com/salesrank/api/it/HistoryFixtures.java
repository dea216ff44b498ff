package com.salesrank.api.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Publishes full rankings with a chosen window end the way the ranking job's publisher does, history
 * included: staging tables, ONE RENAME TABLE, then the run's top 100 into sales_rank_history (after
 * the swap, as RankingPublisher writes it), through the primary as the writer.
 */
final class HistoryFixtures {

    private final StackEnvironment stack;

    HistoryFixtures(StackEnvironment stack) {
        this.stack = stack;
    }

    /** Removes every history row with a window end in [from, to): a test's own time range starts empty. */
    void clearHistory(Instant from, Instant to) throws SQLException {
        try (Connection db = writer();
             PreparedStatement delete = db.prepareStatement(
                     "DELETE FROM sales_rank_history WHERE window_end >= ? AND window_end < ?")) {
            delete.setString(1, utc(from));
            delete.setString(2, utc(to));
            delete.executeUpdate();
        }
    }

    RankingFixtures.Published publish(Instant windowEnd, Map<Integer, List<RankingFixtures.Sold>> ranking)
            throws SQLException {
        Instant windowStart = windowEnd.minus(Duration.ofDays(7));
        Instant publishedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection db = writer()) {
            long runId;
            try (PreparedStatement history = db.prepareStatement("""
                    INSERT INTO ranking_runs (window_start, window_end, rows_published, lines_read,
                      malformed_lines, published_at, job_wall_ms) VALUES (?, ?, ?, 0, 0, ?, 0)""",
                    Statement.RETURN_GENERATED_KEYS)) {
                history.setString(1, utc(windowStart));
                history.setString(2, utc(windowEnd));
                history.setLong(3, ranking.values().stream().mapToLong(List::size).sum());
                history.setString(4, utc(publishedAt));
                history.executeUpdate();
                try (ResultSet keys = history.getGeneratedKeys()) {
                    keys.next();
                    runId = keys.getLong(1);
                }
            }
            try (Statement ddl = db.createStatement()) {
                ddl.execute("DROP TABLE IF EXISTS sales_rank_staging, sales_rank_run_staging");
                ddl.execute("CREATE TABLE sales_rank_staging LIKE sales_rank");
                ddl.execute("CREATE TABLE sales_rank_run_staging LIKE sales_rank_run");
            }
            try (PreparedStatement rows = db.prepareStatement("""
                    INSERT INTO sales_rank_staging (category_id, product_id, total_sold, category_rank, id)
                    VALUES (?, ?, ?, ?, ?)""")) {
                long id = 0; // numbered in row order, as the publisher numbers them
                for (Map.Entry<Integer, List<RankingFixtures.Sold>> category : ranking.entrySet()) {
                    int rank = 0;
                    for (RankingFixtures.Sold sold : category.getValue()) {
                        rows.setInt(1, category.getKey());
                        rows.setLong(2, sold.productId());
                        rows.setLong(3, sold.totalSold());
                        rows.setInt(4, ++rank);
                        rows.setLong(5, ++id);
                        rows.addBatch();
                    }
                }
                rows.executeBatch();
            }
            try (PreparedStatement run = db.prepareStatement(
                    "INSERT INTO sales_rank_run_staging (run_id, window_start, window_end, published_at) VALUES (?, ?, ?, ?)")) {
                run.setLong(1, runId);
                run.setString(2, utc(windowStart));
                run.setString(3, utc(windowEnd));
                run.setString(4, utc(publishedAt));
                run.executeUpdate();
            }
            try (Statement swap = db.createStatement()) {
                swap.execute("""
                        RENAME TABLE sales_rank TO sales_rank_old, sales_rank_staging TO sales_rank,
                          sales_rank_run TO sales_rank_run_old, sales_rank_run_staging TO sales_rank_run""");
                swap.execute("DROP TABLE sales_rank_old, sales_rank_run_old");
            }
            addPartitionFor(db, windowEnd);
            try (PreparedStatement history = db.prepareStatement("""
                    INSERT INTO sales_rank_history (window_end, run_id, category_id, category_rank, product_id, total_sold)
                    SELECT ?, ?, category_id, category_rank, product_id, total_sold FROM sales_rank
                    WHERE category_rank <= 100""")) {
                history.setString(1, utc(windowEnd));
                history.setLong(2, runId);
                history.executeUpdate();
            }
            return new RankingFixtures.Published(runId, windowStart, windowEnd, publishedAt);
        }
    }

    /**
     * The history is partitioned by day (migration V5) and the publisher adds the partitions it writes
     * into; a window past the last partition gets one here, spanning the gap up to the window's day
     * end, named the way the publisher names such a partition ("pupto" and its last day).
     */
    private static void addPartitionFor(Connection db, Instant windowEnd) throws SQLException {
        LocalDate day = LocalDate.ofInstant(windowEnd, ZoneOffset.UTC);
        LocalDateTime end = day.plusDays(1).atStartOfDay();
        LocalDateTime lastEnd = LocalDateTime.MIN;
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT partition_description FROM information_schema.partitions"
                     + " WHERE table_schema = DATABASE() AND table_name = 'sales_rank_history'")) {
            while (rs.next()) {
                LocalDateTime partitionEnd = LocalDateTime.parse(rs.getString(1).replace("'", ""), PARTITION_END);
                lastEnd = partitionEnd.isAfter(lastEnd) ? partitionEnd : lastEnd;
            }
        }
        if (lastEnd.isAfter(LocalDateTime.ofInstant(windowEnd, ZoneOffset.UTC))) {
            return;
        }
        try (Statement s = db.createStatement()) {
            s.execute("ALTER TABLE sales_rank_history ADD PARTITION (PARTITION pupto"
                    + DateTimeFormatter.BASIC_ISO_DATE.format(day) + " VALUES LESS THAN ('" + PARTITION_END.format(end)
                    + "'))");
        }
    }

    private static final DateTimeFormatter PARTITION_END = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Connection writer() throws SQLException {
        return DriverManager.getConnection(stack.primaryUrl(), stack.writerUser(), stack.writerPassword());
    }

    private static String utc(Instant instant) {
        return UTC_DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static final DateTimeFormatter UTC_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
}
