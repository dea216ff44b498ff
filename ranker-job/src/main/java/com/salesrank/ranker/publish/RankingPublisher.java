package com.salesrank.ranker.publish;

import com.salesrank.contract.Ranking;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import com.salesrank.ranker.RankerConfigKeys;

/**
 * Publishes a ranking (the job's stage-2 output) into MySQL atomically.
 *
 * <p>The protocol, on one connection of the writer user, all under the named lock
 * {@code <database>.sales_rank.publish} so that two publishers never interleave:
 * <ol>
 * <li>drop the staging and old tables a failed run may have left behind;</li>
 * <li>pick the run id (one more than any id in the history or the live runs);</li>
 * <li>create {@code sales_rank_staging} LIKE {@code sales_rank} (the schema migrations own its
 * definition), drop its secondary indexes as the server reports them (unless {@value RankerConfigKeys#PUBLISH_INDEXES}
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
 * <p>A failure says what it did to the live ranking ({@link PublishException#outcome()}, decided by
 * {@link FailedPublishOutcome}). Each step is a class of its own: {@link PublishLock},
 * {@link StagingLoad} (create, load, count), {@link SecondaryIndexes}, {@link RunRows} (the run id, the
 * run table and {@code ranking_runs}) and {@link RankHistory}; this class runs them in the protocol's order.
 */
public class RankingPublisher {

    static final int DEFAULT_LOCK_TIMEOUT_SECONDS = RankerConfigKeys.PUBLISH_LOCK_TIMEOUT_SECONDS_DEFAULT;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RankingPublisher.class);

    private final RankingTables tables;
    private final Connector connector;
    private final PublishProgress progress;
    private final StagingLoad staging;
    private final RunRows runRows;
    private final FailedPublishOutcome failures;

    /** Publishes the full ranking ({@code sales_rank}). */
    public RankingPublisher(DatabaseSettings settings) {
        this(settings, Ranking.FULL);
    }

    public RankingPublisher(DatabaseSettings settings, Ranking ranking) {
        this(settings, ranking, PublishProgress.NONE);
    }

    /** @param progress hears the phases (load, index, swap) as they begin */
    public RankingPublisher(DatabaseSettings settings, Ranking ranking, PublishProgress progress) {
        this(settings, ranking, progress, UnaryOperator.identity());
    }

    /** @param wrap given the real connector, the one to use (tests: connections that fail on cue) */
    RankingPublisher(DatabaseSettings settings, Ranking ranking, UnaryOperator<Connector> wrap) {
        this(settings, ranking, PublishProgress.NONE, wrap);
    }

    private RankingPublisher(DatabaseSettings settings, Ranking ranking, PublishProgress progress,
            UnaryOperator<Connector> wrap) {
        Objects.requireNonNull(settings, "settings");
        this.tables = RankingTables.of(ranking);
        this.connector = wrap.apply(() -> WriterConnections.open(settings));
        this.progress = Objects.requireNonNull(progress, "progress");
        this.staging = new StagingLoad(tables, this.progress);
        this.runRows = new RunRows(tables);
        this.failures = new FailedPublishOutcome(connector, tables);
    }

    /**
     * Publishes the {@code part-*} files of {@code rankingDir} (lines
     * {@code category_id TAB category_rank TAB product_id TAB total_sold}) as the live ranking.
     *
     * @param rankingDir the job's ranking output directory, on any Hadoop file system
     * @param conf       for the file system, and the publisher's own settings ({@value RankerConfigKeys#PUBLISH_LOCK_TIMEOUT_SECONDS})
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
        int lockTimeout = conf.getInt(RankerConfigKeys.PUBLISH_LOCK_TIMEOUT_SECONDS, DEFAULT_LOCK_TIMEOUT_SECONDS);
        boolean indexesAfterLoad = !"before-load".equals(conf.getTrimmed(RankerConfigKeys.PUBLISH_INDEXES, "after-load"));
        // with the indexes in place during the load, only one statement into the empty table is a bulk insert
        long commitRows = indexesAfterLoad
                ? conf.getLong(RankerConfigKeys.PUBLISH_COMMIT_ROWS, RankerConfigKeys.PUBLISH_COMMIT_ROWS_DEFAULT) : 0;
        if (commitRows < 0) {
            throw new PublishException(RankerConfigKeys.PUBLISH_COMMIT_ROWS + " must be 0 (one statement) or more, got " + commitRows
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
        PublishAttempt attempt = new PublishAttempt();
        Connection connection;
        try {
            connection = connector.connect();
        } catch (SQLException e) {
            throw new PublishException("publishing " + rankingDir + " failed before the swap (cannot connect), the live"
                    + " ranking is unchanged: " + e.getMessage(), e);
        }
        PublishedRun published;
        try {
            attempt.connectionId = WriterConnections.connectionId(connection);
            progress.phase("lock", null);
            PublishLock.acquire(connection, lockTimeout);
            try {
                published = publishLocked(connection, output, facts, indexesAfterLoad, commitRows, started, history,
                        attempt);
            } finally {
                PublishLock.release(connection);
            }
        } catch (SQLException e) {
            WriterConnections.closeQuietly(connection, e);
            throw failures.of(rankingDir, attempt, e);
        } catch (RuntimeException e) {
            WriterConnections.closeQuietly(connection, e);
            if (attempt.swapSent) {
                throw failures.of(rankingDir, attempt, e); // a bug after the RENAME was sent must not read as "not published"
            }
            throw e;
        } catch (PublishException e) {
            WriterConnections.closeQuietly(connection, e);
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

    private PublishedRun publishLocked(Connection connection, RankingOutput output, RunFacts facts,
            boolean indexesAfterLoad, long commitRows, long started, RankHistory history, PublishAttempt attempt)
            throws SQLException, PublishException {
        long historyNanos = 0;
        if (history != null) {
            // the live run's history, if its publisher died between its swap and its history insert
            long repairStart = System.nanoTime();
            history.addLiveRunIfMissing(connection);
            historyNanos += System.nanoTime() - repairStart;
        }
        WriterConnections.execute(connection, tables.dropLeftovers);
        boolean swapped = false;
        HistoryAside historyAside = null;
        try {
            long loadStart = System.nanoTime();
            progress.phase("load", null); // the rows once the stream is open, in load()
            StagingLoad.createLike(connection, tables.createStaging, tables.live);
            SecondaryIndexes indexes = SecondaryIndexes.of(connection, tables.staging);
            boolean rebuildIndexes = indexesAfterLoad && !indexes.isEmpty();
            if (rebuildIndexes) {
                WriterConnections.execute(connection, indexes.dropStatement());
            }
            // Under the lock (both rankings publish under it) the id cannot be taken by another run.
            long runId = RunRows.nextRunId(connection);
            attempt.runId = runId;
            if (history != null) {
                // days added and pruned, and the run's top ranks inserted as the load passes them,
                // on a connection of its own
                historyAside = history.writeAside(connector, facts.windowEnd(), runId);
            }
            long loaded = staging.loadInBulk(connection, output, facts, commitRows,
                    historyAside == null ? null : historyAside.tap());
            long indexStart = System.nanoTime();
            progress.phase("index", null);
            if (rebuildIndexes) {
                WriterConnections.execute(connection, indexes.addStatement());
            }
            staging.checkCount(connection, facts);
            if (historyAside != null) {
                long historyWait = System.nanoTime();
                historyAside.awaitWritten();
                historyNanos += System.nanoTime() - historyWait;
            }
            long swapStart = System.nanoTime();
            progress.phase("swap", null);

            Instant publishedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            runRows.stage(connection, runId, facts, publishedAt);
            attempt.swapSent = true;
            WriterConnections.execute(connection, tables.swap);
            swapped = true;
            attempt.swapped = true;
            long swapEnd = System.nanoTime();

            try {
                if (historyAside != null) {
                    // after the swap, still under the lock: only a run that went live is ever in the history
                    long historyStart = System.nanoTime();
                    HistoryAside committing = historyAside;
                    historyAside = null;
                    committing.commit();
                    historyNanos += System.nanoTime() - historyStart;
                }
                WriterConnections.execute(connection, tables.dropOld);
                runRows.record(connection, runId, facts, loaded, publishedAt);
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
                staging.dropQuietly(connection);
            }
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
