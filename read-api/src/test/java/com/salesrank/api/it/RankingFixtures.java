package com.salesrank.api.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes test rankings the way the ranking job's publisher does: through
 * the primary with the writer's credentials, into staging tables shaped like
 * the live ones, swapped in with ONE multi-table RENAME TABLE.
 */
final class RankingFixtures {

    /** One row of a category's ranking. */
    record Sold(long productId, long totalSold) {
    }

    /** A published run as the fixture wrote it. */
    record Published(long runId, Instant windowStart, Instant windowEnd, Instant publishedAt) {
    }

    private final StackEnvironment stack;

    RankingFixtures(StackEnvironment stack) {
        this.stack = stack;
    }

    /** A ranking to publish: per category, products best first (rank = position + 1). */
    static Map<Integer, List<Sold>> ranking() {
        return new LinkedHashMap<>();
    }

    /** Publishes a full ranking for the week ending at the start of this hour. */
    Published publish(Map<Integer, List<Sold>> ranking) throws SQLException {
        return publish(ranking, Instant.now().truncatedTo(ChronoUnit.HOURS));
    }

    /** Publishes a full ranking (sales_rank, sales_rank_run) for the week ending at {@code windowEnd}. */
    Published publish(Map<Integer, List<Sold>> ranking, Instant windowEnd) throws SQLException {
        return publish("sales_rank", "sales_rank_run", "full", ranking, windowEnd, Instant.now());
    }

    /**
     * Publishes a full ranking for the week ending at the start of this hour, recorded as published at
     * {@code publishedAt} (the API's Cache-Control counts from it to the next expected publish).
     */
    Published publishAsOf(Map<Integer, List<Sold>> ranking, Instant publishedAt) throws SQLException {
        return publish("sales_rank", "sales_rank_run", "full", ranking, Instant.now().truncatedTo(ChronoUnit.HOURS),
                publishedAt);
    }

    /**
     * Publishes a head ranking (sales_rank_head, sales_rank_head_run) for the week ending at
     * {@code windowEnd}: the caller gives each category's top K only, as the job's --top K does.
     */
    Published publishHead(Map<Integer, List<Sold>> ranking, Instant windowEnd) throws SQLException {
        return publish("sales_rank_head", "sales_rank_head_run", "head", ranking, windowEnd, Instant.now());
    }

    private Published publish(String table, String runTable, String name, Map<Integer, List<Sold>> ranking,
            Instant windowEnd, Instant publishedAtTime) throws SQLException {
        Instant windowStart = windowEnd.minus(Duration.ofDays(7));
        Instant publishedAt = publishedAtTime.truncatedTo(ChronoUnit.MILLIS);
        try (Connection db = DriverManager.getConnection(stack.primaryUrl(), stack.writerUser(),
                stack.writerPassword())) {
            long runId;
            try (PreparedStatement history = db.prepareStatement("""
                    INSERT INTO ranking_runs (window_start, window_end, rows_published, lines_read,
                      malformed_lines, published_at, job_wall_ms, ranking) VALUES (?, ?, ?, 0, 0, ?, 0, ?)""",
                    Statement.RETURN_GENERATED_KEYS)) {
                history.setString(1, utc(windowStart));
                history.setString(2, utc(windowEnd));
                history.setLong(3, ranking.values().stream().mapToLong(List::size).sum());
                history.setString(4, utc(publishedAt));
                history.setString(5, name);
                history.executeUpdate();
                try (ResultSet keys = history.getGeneratedKeys()) {
                    keys.next();
                    runId = keys.getLong(1);
                }
            }
            try (Statement ddl = db.createStatement()) {
                ddl.execute("DROP TABLE IF EXISTS " + table + "_staging");
                ddl.execute("DROP TABLE IF EXISTS " + runTable + "_staging");
                ddl.execute("CREATE TABLE " + table + "_staging LIKE " + table);
                ddl.execute("CREATE TABLE " + runTable + "_staging LIKE " + runTable);
            }
            // ids numbered in row order, as the publisher numbers them (a plain column since V4)
            try (PreparedStatement rows = db.prepareStatement("INSERT INTO " + table
                    + "_staging (category_id, product_id, total_sold, category_rank, id) VALUES (?, ?, ?, ?, ?)")) {
                long id = 0;
                for (Map.Entry<Integer, List<Sold>> category : ranking.entrySet()) {
                    int rank = 0;
                    for (Sold sold : category.getValue()) {
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
            try (PreparedStatement run = db.prepareStatement("INSERT INTO " + runTable
                    + "_staging (run_id, window_start, window_end, published_at) VALUES (?, ?, ?, ?)")) {
                run.setLong(1, runId);
                run.setString(2, utc(windowStart));
                run.setString(3, utc(windowEnd));
                run.setString(4, utc(publishedAt));
                run.executeUpdate();
            }
            try (Statement swap = db.createStatement()) {
                swap.execute("RENAME TABLE " + table + " TO " + table + "_old, " + table + "_staging TO " + table
                        + ", " + runTable + " TO " + runTable + "_old, " + runTable + "_staging TO " + runTable);
                swap.execute("DROP TABLE " + table + "_old");
                swap.execute("DROP TABLE " + runTable + "_old");
            }
            return new Published(runId, windowStart, windowEnd, publishedAt);
        }
    }

    /** Waits until the (real) replica serves {@code runId}. */
    void awaitReplicated(long runId) throws Exception {
        awaitReplicated(runId, "sales_rank_run");
    }

    /** Waits until the (real) replica serves head run {@code runId}. */
    void awaitHeadReplicated(long runId) throws Exception {
        awaitReplicated(runId, "sales_rank_head_run");
    }

    private void awaitReplicated(long runId, String runTable) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (liveRun(stack.replicaUrls().get(0), runTable) == runId) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " did not reach the replica's " + runTable + " within 30 s");
    }

    long liveRunOnReplica() throws SQLException {
        return liveRun(stack.replicaUrls().get(0));
    }

    long liveRunOnPrimary() throws SQLException {
        return liveRun(stack.primaryReaderUrl());
    }

    private long liveRun(String url) throws SQLException {
        return liveRun(url, "sales_rank_run");
    }

    private long liveRun(String url, String runTable) throws SQLException {
        try (Connection db = DriverManager.getConnection(url, stack.readerUser(), stack.readerPassword());
                Statement query = db.createStatement();
                ResultSet rs = query.executeQuery("SELECT MAX(run_id) FROM " + runTable)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // as text: DATETIME(3) literals keep their milliseconds whatever the driver does with java.time
    private static String utc(Instant instant) {
        return UTC_DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static final DateTimeFormatter UTC_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

}
