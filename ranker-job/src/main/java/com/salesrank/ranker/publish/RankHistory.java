package com.salesrank.ranker.publish;

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
import java.util.concurrent.FutureTask;

import org.apache.hadoop.conf.Configuration;

import com.mysql.cj.jdbc.JdbcStatement;

/**
 * The full ranking's history ({@code sales_rank_history}, schema migrations V3 and V5): the top
 * {@value #TOP} of every category of every full run that went live, kept {@value #DAYS_PROPERTY}
 * days, in one partition per UTC day of the window end, which the publisher adds ahead
 * ({@link #addDays}) and drops once the whole day is older than the retention ({@link #prune}).
 *
 * <p>The guarantee: history holds a run only if that run went live. While the publisher loads its
 * staging table, its stream copies the run's top ranks ({@link TopRowsTap}) to a second connection
 * ({@link #writeAside}), which inserts them in a transaction that stays open until the swap:
 * {@link Aside#commit} right after the RENAME completed, {@link Aside#abandon} (a rollback) on any
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

    /**
     * Bytes of top-rank lines the publisher's load may run ahead of the history's insert, which starts
     * after the prune: more than 1,000 categories' worth, so the load does not wait for the prune.
     */
    private static final int PIPE_BYTES = 8 << 20;

    private static final String LOAD_TOP = "LOAD DATA LOCAL INFILE 'history' INTO TABLE sales_rank_history"
            + " CHARACTER SET ascii FIELDS TERMINATED BY '\\t' ESCAPED BY '' LINES TERMINATED BY '\\n'"
            + " (window_end, run_id, category_id, category_rank, product_id, total_sold)";

    /** The live full run, if the history lacks it (a primary-key probe). */
    private static final String LIVE_RUN_WITHOUT_HISTORY = """
            SELECT r.run_id, r.window_end FROM sales_rank_run r
            WHERE NOT EXISTS (SELECT 1 FROM sales_rank_history h
                              WHERE h.window_end = r.window_end AND h.run_id = r.run_id)""";

    private static final String PARTITIONS = """
            SELECT partition_name, partition_description FROM information_schema.partitions
            WHERE table_schema = DATABASE() AND table_name = 'sales_rank_history'
            ORDER BY partition_ordinal_position""";

    /** Days of partitions added beyond the window being published. */
    static final int DAYS_AHEAD = 2;
    /** Missing days up to this many get a partition each; a longer gap gets one "pupto" partition. */
    static final int GAP_DAYS = 31;

    static final DateTimeFormatter DAY_NAME = DateTimeFormatter.ofPattern("yyyyMMdd");

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
        addDays(connection, windowEnd.toInstant(ZoneOffset.UTC));
        insertTop(connection, runId, DATETIME.format(windowEnd));
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
     * @param partitions the table's partitions, as {@link #addDays} left them
     */
    void prune(Connection connection, List<Partition> partitions, Instant windowEnd) throws SQLException {
        LocalDateTime keepFrom = LocalDateTime.ofInstant(keepFrom(windowEnd), ZoneOffset.UTC);
        if (partitions.isEmpty()) {
            deleteOlderThan(connection, keepFrom);
            return;
        }
        List<String> expired = new ArrayList<>();
        // never the newest: a table keeps at least one partition
        for (Partition partition : partitions.subList(0, partitions.size() - 1)) {
            if (partition.end().isAfter(keepFrom)) {
                break;
            }
            expired.add(partition.name());
        }
        if (!expired.isEmpty()) {
            execute(connection, "ALTER TABLE sales_rank_history DROP PARTITION " + String.join(", ", expired));
        }
        if (partitions.get(expired.size()).spansDays()) {
            deleteOlderThan(connection, keepFrom);
        }
    }

    private static void deleteOlderThan(Connection connection, LocalDateTime keepFrom) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(PRUNE)) {
            delete.setString(1, DATETIME.format(keepFrom));
            while (delete.executeLargeUpdate() == PRUNE_BATCH) {
                // the next batch
            }
        }
    }

    /**
     * Adds the day partitions a run with this window end writes into, and {@value #DAYS_AHEAD} days
     * beyond, so that a day's partition exists before it begins. Days missing before it get one
     * partition each, up to {@value #GAP_DAYS} of them; a longer gap (a window far ahead of the last
     * one published) gets one "pupto" partition.
     *
     * @return the table's partitions now, in order (none: the table is not partitioned)
     */
    static List<Partition> addDays(Connection connection, Instant windowEnd) throws SQLException {
        List<Partition> partitions = partitions(connection);
        if (partitions.isEmpty()) {
            return partitions;
        }
        LocalDate day = LocalDate.ofInstant(windowEnd, ZoneOffset.UTC);
        LocalDate lastNeeded = day.plusDays(DAYS_AHEAD);
        LocalDateTime end = partitions.get(partitions.size() - 1).end();
        LocalDate next = end.toLocalTime().equals(LocalTime.MIDNIGHT) ? end.toLocalDate() : end.toLocalDate().plusDays(1);
        List<Partition> added = new ArrayList<>();
        if (ChronoUnit.DAYS.between(next, day) > GAP_DAYS) {
            added.add(new Partition("pupto" + DAY_NAME.format(day.minusDays(1)), day.atStartOfDay()));
            next = day;
        }
        for (LocalDate d = next; !d.isAfter(lastNeeded); d = d.plusDays(1)) {
            added.add(new Partition("p" + DAY_NAME.format(d), d.plusDays(1).atStartOfDay()));
        }
        if (added.isEmpty()) {
            return partitions;
        }
        execute(connection, "ALTER TABLE sales_rank_history ADD PARTITION ("
                + String.join(", ", added.stream().map(Partition::definition).toList()) + ")");
        List<Partition> now = new ArrayList<>(partitions);
        now.addAll(added);
        return now;
    }

    /** A partition of the history: it holds the window ends before {@code end}. */
    record Partition(String name, LocalDateTime end) {
        boolean spansDays() {
            return name.startsWith("pupto");
        }

        String definition() {
            return "PARTITION " + name + " VALUES LESS THAN ('" + DATETIME.format(end) + "')";
        }
    }

    /**
     * The history's partitions in order, or none when the table is not partitioned: a database not yet
     * migrated to V5, which this publisher still writes and prunes the way it did before (deletes).
     */
    static List<Partition> partitions(Connection connection) throws SQLException {
        List<Partition> partitions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(PARTITIONS)) {
            while (rs.next()) {
                String name = rs.getString(1);
                String end = rs.getString(2);
                if (name != null && end != null) {
                    // RANGE COLUMNS reports the bound as a quoted literal: '2026-12-04 00:00:00'
                    partitions.add(new Partition(name, LocalDateTime.parse(end.replace("'", ""), DATETIME)));
                }
            }
        }
        return partitions;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Starts the history's work for the run {@code runId} with this window end, on a connection and a
     * thread of its own, and returns at once: the prune (autocommitted batches), then, in a
     * transaction it leaves open for {@link Aside#commit} or {@link Aside#abandon}, the insert of the
     * lines the returned {@link Aside#tap} is given during the publisher's load.
     */
    Aside writeAside(RankingPublisher.Connector connector, Instant windowEnd, long runId) throws SQLException {
        PipedInputStream in = new PipedInputStream(PIPE_BYTES);
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new SQLException("cannot open the rank history's stream: " + e.getMessage(), e);
        }
        TopRowsTap tap = new TopRowsTap(out, utc(windowEnd), runId, TOP);
        Aside aside = new Aside(tap, in);
        aside.work = start("rank-history", () -> {
            try {
                Connection connection = connector.connect();
                aside.connection = connection;
                // the partitions first, and the prune, each statement committed: the insert's open
                // transaction would otherwise hold the history's metadata and rows until the swap
                prune(connection, addDays(connection, windowEnd), windowEnd);
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.unwrap(JdbcStatement.class).setLocalInfileInputStream(in);
                    long loaded = statement.executeLargeUpdate(LOAD_TOP);
                    SQLWarning warning = statement.getWarnings();
                    if (warning != null) {
                        throw new SQLException("the server reported a problem loading the run's top ranks: "
                                + warning.getMessage());
                    }
                    return loaded;
                }
            } finally {
                in.close(); // an insert that stopped early (or never started): the publisher's copies stop too
            }
        });
        return aside;
    }

    private static FutureTask<Long> start(String name, java.util.concurrent.Callable<Long> work) {
        FutureTask<Long> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    /** The history's work running aside: the prune, and the run's rows inserted and not yet committed. */
    static final class Aside {
        private final TopRowsTap tap;
        private final PipedInputStream in;
        private FutureTask<Long> work;
        private volatile Connection connection;

        private Aside(TopRowsTap tap, PipedInputStream in) {
            this.tap = tap;
            this.in = in;
        }

        /** What the publisher's load stream copies the run's top ranks to. */
        TopRowsTap tap() {
            return tap;
        }

        /**
         * Waits until the prune and the insert are done; the load must have ended (its stream closed,
         * which ends the tap).
         *
         * @return the run's rows, inserted and not committed
         * @throws SQLException when either failed, or the insert did not take every row copied
         */
        long awaitWritten() throws SQLException {
            long inserted = get(work);
            if (inserted != tap.rows()) {
                throw new SQLException("sales_rank_history took " + inserted + " of the run's " + tap.rows()
                        + " top rows");
            }
            return inserted;
        }

        /** After the swap: the run is live, so its history is committed. */
        void commit() throws SQLException {
            awaitWritten();
            try {
                connection.commit();
            } finally {
                closeQuietly();
            }
        }

        /** Before, or instead of, a swap: the run's rows are rolled back (the prune stays, see the class). */
        void abandon() {
            tap.finish(); // if the load never ended, the insert still reads to an end
            try {
                in.close();
            } catch (IOException ignored) {
                // a closed pipe only ends the insert's read sooner
            }
            try {
                get(work);
            } catch (SQLException ignored) {
                // the publish already failed; what is left is to end the open transaction
            }
            if (connection != null) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // closing rolls back too, and the server does if the connection is gone
                }
                closeQuietly();
            }
        }

        private void closeQuietly() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the transaction already ended; the server ends the session on its own
            }
        }

        private static long get(FutureTask<Long> task) throws SQLException {
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while writing sales_rank_history", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    // the driver's message alone would not say which connection, or what it was doing
                    throw new SQLException("pruning or writing sales_rank_history on its own connection: "
                            + sql.getMessage(), sql.getSQLState(), sql.getErrorCode(), sql);
                }
                throw new SQLException("pruning or writing sales_rank_history failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static String utc(Instant instant) {
        return DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
