package com.salesrank.ranker.publish;

import com.salesrank.ranker.RankerConfigKeys;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Properties;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import com.mysql.cj.jdbc.JdbcStatement;

/**
 * Publishes a ranking (the job's stage-2 output) into MySQL atomically.
 *
 * <p>The protocol, on one connection of the writer user, all under the named lock
 * {@code <database>.sales_rank.publish} so that two publishers never interleave:
 * <ol>
 * <li>drop the staging and old tables a failed run may have left behind;</li>
 * <li>pick the run id (one more than any id in the history or the live runs);</li>
 * <li>create {@code sales_rank_staging} LIKE {@code sales_rank} (the schema migrations own its
 * definition), drop its secondary indexes as the server reports them (unless {@value #INDEXES_PROPERTY}
 * is {@code before-load}), and stream the part files into it with {@code LOAD DATA LOCAL INFILE},
 * checking every line on the way;</li>
 * <li>build the secondary indexes again, same names and columns, and check the row count (lines
 * streamed, rows the server loaded, {@code COUNT(*)}) against the job's counter;</li>
 * <li>write the one-row {@code sales_rank_run_staging}, LIKE {@code sales_rank_run};</li>
 * <li>swap both pairs in ONE {@code RENAME TABLE}, drop the old tables, and append the run to
 * {@code ranking_runs}.</li>
 * </ol>
 * A full ranking also keeps its top 100 per category in {@code sales_rank_history} ({@link RankHistory}):
 * on a connection of its own, its day partitions added and pruned, and the rows copied from the load
 * stream as they pass and inserted, in a transaction committed right after the swap, still under the
 * lock, and rolled back if the run does not go live.
 * Everything before the swap touches only staging tables (and prunes history older than the
 * retention), so any failure there (bad output, count mismatch, lost connection, a kill) leaves the
 * live ranking as it was. If the publisher dies between the swap and the history commit, the live run
 * lacks its history until the next full publish adds it, and the next run still gets a fresh id.
 *
 * <p>A failure says what it did to the live ranking ({@link PublishException#outcome()}): before the
 * RENAME was sent, not published; after it completed, published; when the RENAME itself fails (a lost
 * connection says nothing about whether the server ran it), the publisher kills its old session, waits
 * for it to be gone and reads the live run id: its own means published, another not published, and if it
 * cannot check, unknown.
 */
public class RankingPublisher {

    /** How long to wait for another publisher to finish, in seconds. */
    public static final String LOCK_TIMEOUT_PROPERTY = RankerConfigKeys.PUBLISH_LOCK_TIMEOUT_SECONDS;
    /** {@code after-load} (default, measured faster) or {@code before-load}: when the secondary indexes are built. */
    public static final String INDEXES_PROPERTY = RankerConfigKeys.PUBLISH_INDEXES;
    /** Rows per committed load statement (0: one); see {@link RankerConfigKeys#PUBLISH_COMMIT_ROWS}. */
    public static final String COMMIT_ROWS_PROPERTY = RankerConfigKeys.PUBLISH_COMMIT_ROWS;
    static final int DEFAULT_LOCK_TIMEOUT_SECONDS = RankerConfigKeys.PUBLISH_LOCK_TIMEOUT_SECONDS_DEFAULT;
    static final int SWAP_LOCK_WAIT_SECONDS = 30;
    /** MySQL's and MariaDB's ER_NO_SUCH_TABLE. */
    private static final int ER_NO_SUCH_TABLE = 1146;

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RankingPublisher.class);

    /** Opens the publisher's connections; the tests wrap it to inject failures around the swap. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final DatabaseSettings settings;
    private final RankingTables tables;
    private final Connector connector;
    private final PublishProgress progress;

    /** Publishes the full ranking ({@code sales_rank}). */
    public RankingPublisher(DatabaseSettings settings) {
        this(settings, Ranking.FULL);
    }

    public RankingPublisher(DatabaseSettings settings, Ranking ranking) {
        this(settings, ranking, PublishProgress.NONE);
    }

    /** @param progress hears the phases (load, index, swap) as they begin */
    public RankingPublisher(DatabaseSettings settings, Ranking ranking, PublishProgress progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tables = RankingTables.of(ranking);
        this.connector = this::connect;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** @param wrap given the real connector, the one to use (tests: connections that fail on cue) */
    RankingPublisher(DatabaseSettings settings, Ranking ranking, java.util.function.UnaryOperator<Connector> wrap) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tables = RankingTables.of(ranking);
        this.connector = wrap.apply(this::connect);
        this.progress = PublishProgress.NONE;
    }

    /**
     * Publishes the {@code part-*} files of {@code rankingDir} (lines
     * {@code category_id TAB category_rank TAB product_id TAB total_sold}) as the live ranking.
     *
     * @param rankingDir the job's ranking output directory, on any Hadoop file system
     * @param conf       for the file system, and the publisher's own settings ({@value #LOCK_TIMEOUT_PROPERTY})
     * @param facts      the window and the job's counters; {@code expectedRows} must match the output
     * @return the run now live
     * @throws PublisherBusyException when another publisher held the lock for the whole timeout
     * @throws PublishException       when publishing failed; its {@link PublishException#outcome()} says
     *                                whether the run is live (the swap happened), not live, or unknown
     */
    public PublishedRun publish(Path rankingDir, Configuration conf, RunFacts facts) throws PublishException {
        Objects.requireNonNull(rankingDir, "rankingDir");
        Objects.requireNonNull(facts, "facts");
        if (facts.expectedRows() == 0) {
            throw new PublishException("the job produced no ranking rows for window " + facts.windowStart() + " .. "
                    + facts.windowEnd() + "; refusing to replace the live ranking with an empty one");
        }
        int lockTimeout = conf.getInt(LOCK_TIMEOUT_PROPERTY, DEFAULT_LOCK_TIMEOUT_SECONDS);
        boolean indexesAfterLoad = !"before-load".equals(conf.getTrimmed(INDEXES_PROPERTY, "after-load"));
        // with the indexes in place during the load, only one statement into the empty table is a bulk insert
        long commitRows = indexesAfterLoad
                ? conf.getLong(COMMIT_ROWS_PROPERTY, RankerConfigKeys.PUBLISH_COMMIT_ROWS_DEFAULT) : 0;
        if (commitRows < 0) {
            throw new PublishException(COMMIT_ROWS_PROPERTY + " must be 0 (one statement) or more, got " + commitRows
                    + "; not published");
        }

        RankingOutput output;
        try {
            output = RankingOutput.of(rankingDir, conf);
        } catch (IOException e) {
            throw new PublishException("cannot read the ranking output " + rankingDir + ": " + e.getMessage(), e);
        }

        // the head ranking has no history: only the full ranking's hourly runs are kept
        RankHistory history;
        try {
            history = tables.ranking == Ranking.FULL && RankHistory.enabled(conf) ? RankHistory.from(conf) : null;
        } catch (IllegalArgumentException e) {
            throw new PublishException(e.getMessage() + "; not published", e);
        }

        long started = System.nanoTime();
        Attempt attempt = new Attempt();
        Connection connection;
        try {
            connection = connector.connect();
        } catch (SQLException e) {
            throw new PublishException("publishing " + rankingDir + " failed before the swap (cannot connect), the live"
                    + " ranking is unchanged: " + e.getMessage(), e);
        }
        PublishedRun published;
        try {
            attempt.connectionId = connectionId(connection);
            progress.phase("lock", null);
            acquireLock(connection, lockTimeout);
            try {
                published = publishLocked(connection, output, facts, indexesAfterLoad, commitRows, started, history,
                        attempt);
            } finally {
                releaseLock(connection);
            }
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw failure(rankingDir, attempt, e);
        } catch (RuntimeException e) {
            closeQuietly(connection, e);
            if (attempt.swapSent) {
                throw failure(rankingDir, attempt, e); // a bug after the RENAME was sent must not read as "not published"
            }
            throw e;
        } catch (PublishException e) {
            closeQuietly(connection, e);
            throw e;
        } finally {
            progress.end();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // The run is live and recorded: closing is not part of publishing, and the server ends the
            // session (and its lock) on its own. Failing here would report a published run as failed.
            LOG.warn("run {} is published; closing the connection afterwards failed: {}", published.runId(),
                    e.toString());
        }
        return published;
    }

    /** What the publish got to: which run it picked and whether the RENAME was sent or completed. */
    private static final class Attempt {
        long connectionId = -1;
        long runId = -1;
        boolean swapSent;
        boolean swapped;
    }

    /**
     * A SQLException in terms of the live ranking. Before the RENAME was sent nothing live was touched.
     * After it completed, the run is live (the cleanup and history failures are reported in
     * {@link #publishLocked} itself). When the RENAME itself failed, the server may or may not have run it
     * (a lost connection says nothing either way), so it is checked on a fresh connection.
     */
    private PublishException failure(Path rankingDir, Attempt attempt, Exception e) {
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
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(SWAP_LOCK_WAIT_SECONDS);
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

    private static long connectionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e); // the failure itself says what happened; this only adds to it
        }
    }

    private PublishedRun publishLocked(Connection connection, RankingOutput output, RunFacts facts,
            boolean indexesAfterLoad, long commitRows, long started, RankHistory history, Attempt attempt)
            throws SQLException, PublishException {
        long historyNanos = 0;
        if (history != null) {
            // the live run's history, if its publisher died between its swap and its history insert
            long repairStart = System.nanoTime();
            history.addLiveRunIfMissing(connection);
            historyNanos += System.nanoTime() - repairStart;
        }
        execute(connection, tables.dropLeftovers);
        boolean swapped = false;
        RankHistory.Aside historyAside = null;
        try {
            long loadStart = System.nanoTime();
            progress.phase("load", null); // the rows once the stream is open, in load()
            createLike(connection, tables.createStaging, tables.live);
            SecondaryIndexes indexes = SecondaryIndexes.of(connection, tables.staging);
            boolean rebuildIndexes = indexesAfterLoad && !indexes.isEmpty();
            if (rebuildIndexes) {
                execute(connection, indexes.dropStatement());
            }
            // Under the lock (both rankings publish under it) the id cannot be taken by another run.
            long runId = nextRunId(connection);
            attempt.runId = runId;
            if (history != null) {
                // days added and pruned, and the run's top ranks inserted as the load passes them,
                // on a connection of its own
                historyAside = history.writeAside(connector, facts.windowEnd(), runId);
            }
            long loaded = loadInBulk(connection, output, facts, commitRows,
                    historyAside == null ? null : historyAside.tap());
            long indexStart = System.nanoTime();
            progress.phase("index", null);
            if (rebuildIndexes) {
                execute(connection, indexes.addStatement());
            }
            checkCount(connection, facts);
            if (historyAside != null) {
                long historyWait = System.nanoTime();
                historyAside.awaitWritten();
                historyNanos += System.nanoTime() - historyWait;
            }
            long swapStart = System.nanoTime();
            progress.phase("swap", null);

            Instant publishedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            createLike(connection, tables.createRunStaging, tables.run);
            try (PreparedStatement insert = connection.prepareStatement(tables.insertRunStaging)) {
                insert.setLong(1, runId);
                insert.setString(2, utcSeconds(facts.windowStart()));
                insert.setString(3, utcSeconds(facts.windowEnd()));
                insert.setString(4, utc(publishedAt));
                insert.executeUpdate();
            }
            attempt.swapSent = true;
            execute(connection, tables.swap);
            swapped = true;
            attempt.swapped = true;
            long swapEnd = System.nanoTime();

            try {
                if (historyAside != null) {
                    // after the swap, still under the lock: only a run that went live is ever in the history
                    long historyStart = System.nanoTime();
                    RankHistory.Aside committing = historyAside;
                    historyAside = null;
                    committing.commit();
                    historyNanos += System.nanoTime() - historyStart;
                }
                execute(connection, tables.dropOld);
                record(connection, runId, facts, loaded, publishedAt);
            } catch (SQLException e) {
                throw new PublishException(PublishException.Outcome.PUBLISHED, runId, "run " + runId + " IS live"
                        + " (swapped), but cleaning up or recording it in ranking_runs or sales_rank_history failed: "
                        + e.getMessage(), e);
            }
            long end = System.nanoTime();
            return new PublishedRun(runId, facts.windowStart(), facts.windowEnd(), loaded, publishedAt,
                    millis(loadStart, indexStart), millis(indexStart, swapStart), millis(swapStart, swapEnd),
                    millis(started, end), historyNanos / 1_000_000);
        } finally {
            // also after a RENAME that failed or whose outcome is unknown: had it happened, the staging
            // names no longer exist, and dropping them never touches the live tables
            if (historyAside != null) {
                historyAside.abandon(); // not committed: the run did not go live, or its commit failed
            }
            if (!swapped) {
                dropStagingQuietly(connection);
            }
        }
    }

    /**
     * A staging table LIKE its live table. The live tables come from the schema migrations and the
     * publisher has no definition of its own to fall back on, so a database without them (never
     * migrated, or dropped by hand) fails the publish with what to do about it.
     */
    private static void createLike(Connection connection, String createLike, String live)
            throws SQLException, PublishException {
        try {
            execute(connection, createLike);
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_NO_SUCH_TABLE) {
                throw new PublishException("the live table " + live + " does not exist, so there is no definition to"
                        + " build its staging table from; create the schema with scripts/migrate.sh. Not published: "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * The load with uniqueness and foreign-key checks relaxed for its session, then restored. Into an
     * empty table that lets MariaDB (10.7 and later) take InnoDB's bulk insert: it sorts the rows of
     * every index and builds each one page by page, the secondary indexes included, instead of
     * inserting row by row, and a replica applying the load's row events takes the same path (the
     * flags travel with them). A duplicate key still fails the statement (a warning here, and a row
     * count short of the job's). MySQL has no such path and only relaxes checks the rows here do not
     * need (there are no foreign keys, and the ranking's only unique key is its primary key, which
     * InnoDB always checks).
     */
    private long loadInBulk(Connection connection, RankingOutput output, RunFacts facts, long commitRows,
            TopRowsTap historyTap) throws SQLException, PublishException {
        execute(connection, "SET SESSION unique_checks = 0, foreign_key_checks = 0");
        long loaded = load(connection, output, facts, commitRows, historyTap); // a failure ends the publish and its connection
        execute(connection, "SET SESSION unique_checks = 1, foreign_key_checks = 1");
        return loaded;
    }

    /**
     * The rows in statements of {@code commitRows} (0: one statement), each committed on its own
     * (autocommit): a replica applies each one as it arrives, while the primary loads the next,
     * instead of the whole load after the primary committed it.
     */
    private long load(Connection connection, RankingOutput output, RunFacts facts, long commitRows,
            TopRowsTap historyTap) throws SQLException, PublishException {
        long serverRows = 0;
        try (Statement statement = connection.createStatement();
             KeyOrderedRows lines = output.open(historyTap)) {
            progress.phase("load", lines::linesPassed);
            InputStream rows;
            while ((rows = lines.nextStatement(commitRows == 0 ? Long.MAX_VALUE : commitRows)) != null) {
                statement.unwrap(JdbcStatement.class).setLocalInfileInputStream(rows);
                serverRows += statement.executeLargeUpdate(tables.loadStaging);
                if (lines.problem() != null) {
                    break; // the stream ended at the bad line; said below, before what the server made of it
                }
                SQLWarning warning = statement.getWarnings();
                if (warning != null) {
                    throw new PublishException("the server reported a problem loading the ranking, not published: "
                            + warning.getMessage());
                }
            }
            if (lines.problem() != null) {
                throw new PublishException("malformed ranking output, not published: " + lines.problem());
            }
            if (lines.lines() != facts.expectedRows()) {
                throw new PublishException("the ranking output has " + lines.lines() + " rows but the job counted "
                        + facts.expectedRows() + "; not published");
            }
        } catch (IOException e) {
            throw new PublishException("cannot read the ranking output: " + e.getMessage(), e);
        }
        if (serverRows != facts.expectedRows()) {
            throw new PublishException("the server loaded " + serverRows + " rows but the job counted "
                    + facts.expectedRows() + "; not published");
        }
        return serverRows;
    }

    /**
     * Counted with READ UNCOMMITTED: only this connection wrote the staging table, and its load is
     * committed, so no isolation level can count differently, but a consistent read checks every row's
     * visibility, which while another transaction is open (the rank history's, until the swap) and the
     * load not yet purged costs many times the scan itself.
     */
    private void checkCount(Connection connection, RunFacts facts) throws SQLException, PublishException {
        int isolation = connection.getTransactionIsolation();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
        long count;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(tables.countStaging)) {
            rs.next();
            count = rs.getLong(1);
        }
        connection.setTransactionIsolation(isolation);
        if (count != facts.expectedRows()) {
            throw new PublishException("the staging table holds " + count + " rows but the job counted "
                    + facts.expectedRows() + "; not published");
        }
    }

    private static long nextRunId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(RankingTables.NEXT_RUN_ID)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void record(Connection connection, long runId, RunFacts facts, long rows, Instant publishedAt)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(tables.recordRun)) {
            insert.setLong(1, runId);
            insert.setString(2, utcSeconds(facts.windowStart()));
            insert.setString(3, utcSeconds(facts.windowEnd()));
            insert.setLong(4, rows);
            insert.setLong(5, facts.linesRead());
            insert.setLong(6, facts.malformedLines());
            insert.setString(7, utc(publishedAt));
            insert.setLong(8, facts.jobWallMs());
            insert.executeUpdate();
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        // LOAD DATA LOCAL is how the rows get there; the driver refuses it unless allowed
        properties.setProperty("allowLoadLocalInfile", "true");
        properties.setProperty("connectTimeout", "10000");
        // The driver directly, not DriverManager: under `hadoop jar` the job jar's classes live in a
        // class loader that DriverManager's service lookup may never have seen.
        Connection connection = new com.mysql.cj.jdbc.Driver().connect(settings.url(), properties);
        if (connection == null) {
            throw new SQLException("not a MySQL JDBC URL: " + settings.url());
        }
        connection.setAutoCommit(true);
        // The swap needs an exclusive metadata lock on the live tables, and while it waits every new
        // reader queues behind it: a reader stuck in a long transaction must fail this publish
        // (leaving the live ranking) rather than stall all reads for the server's default of a year.
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION lock_wait_timeout = " + SWAP_LOCK_WAIT_SECONDS);
        }
        return connection;
    }

    private static void acquireLock(Connection connection, int timeoutSeconds) throws SQLException, PublisherBusyException {
        try (PreparedStatement lock = connection.prepareStatement(RankingTables.GET_LOCK)) {
            lock.setInt(1, timeoutSeconds);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                int got = rs.getInt(1);
                if (rs.wasNull() || got != 1) {
                    throw new PublisherBusyException("another publisher is publishing into this database and did not"
                            + " finish within " + timeoutSeconds + " s (" + LOCK_TIMEOUT_PROPERTY
                            + "); not published, the live ranking is unchanged");
                }
            }
        }
    }

    private static void releaseLock(Connection connection) {
        try {
            execute(connection, RankingTables.RELEASE_LOCK);
        } catch (SQLException ignored) {
            // the lock goes with the session anyway, and the connection is closed next
        }
    }

    private void dropStagingQuietly(Connection connection) {
        try {
            if (!connection.isClosed()) {
                execute(connection, tables.dropStaging);
            }
        } catch (SQLException ignored) {
            // the next run drops leftovers before it starts
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * A UTC DATETIME literal with milliseconds. Sent as a string because Connector/J drops fractional
     * seconds for MariaDB (whose handshake reports version 5.5.5, before MySQL had them).
     */
    private static String utc(Instant instant) {
        return DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** Windows are DATETIME(0): truncated here, because MySQL would round a fraction and MariaDB truncate it. */
    private static String utcSeconds(Instant instant) {
        return utc(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
