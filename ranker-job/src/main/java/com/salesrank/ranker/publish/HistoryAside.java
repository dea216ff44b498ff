package com.salesrank.ranker.publish;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mysql.cj.jdbc.JdbcStatement;

/**
 * The rank history's work for one publish, running beside the publisher's load on a connection of its
 * own: the partitions added and the prune (each statement committed), then, in a transaction left open
 * for {@link #commit} (after the swap) or {@link #abandon} (instead of it), the insert of the run's top
 * ranks, which the load's {@link #tap} copies into a pipe as they pass.
 */
final class HistoryAside {

    /**
     * Bytes of top-rank lines the publisher's load may run ahead of the history's insert, which starts
     * after the prune: more than 1,000 categories' worth, so the load does not wait for the prune.
     */
    private static final int PIPE_BYTES = 8 << 20;

    private static final String LOAD_TOP = "LOAD DATA LOCAL INFILE 'history' INTO TABLE sales_rank_history"
            + " CHARACTER SET ascii FIELDS TERMINATED BY '\\t' ESCAPED BY '' LINES TERMINATED BY '\\n'"
            + " (window_end, run_id, category_id, category_rank, product_id, total_sold)";

    /**
     * Runs each publish's history work beside its load. Daemon threads: a publisher that gives up on an
     * insert (its connection gone) must not keep the job's JVM alive; idle threads end after a minute.
     */
    private static final ExecutorService ASIDE = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "rank-history");
        thread.setDaemon(true);
        return thread;
    });

    private final TopRowsTap tap;
    private final PipedInputStream in;
    private Future<Long> work;
    private volatile Connection connection;

    private HistoryAside(TopRowsTap tap, PipedInputStream in) {
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

    private static long get(Future<Long> task) throws SQLException {
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

    /**
     * Starts the history's work for the run {@code runId} with this window end, on a connection and a
     * thread of its own, and returns at once: the prune (autocommitted batches), then, in a
     * transaction it leaves open for {@link #commit} or {@link #abandon}, the insert of the
     * lines the returned {@link #tap} is given during the publisher's load.
     */
    static HistoryAside start(Connector connector, RankHistory history, Instant windowEnd, long runId)
            throws SQLException {
        PipedInputStream in = new PipedInputStream(PIPE_BYTES);
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new SQLException("cannot open the rank history's stream: " + e.getMessage(), e);
        }
        TopRowsTap tap = new TopRowsTap(out, SqlDateTimes.seconds(windowEnd), runId, RankHistory.TOP);
        HistoryAside aside = new HistoryAside(tap, in);
        aside.work = ASIDE.submit(() -> {
            try {
                Connection connection = connector.connect();
                aside.connection = connection;
                // the partitions first, and the prune, each statement committed: the insert's open
                // transaction would otherwise hold the history's metadata and rows until the swap
                history.prune(connection, HistoryPartitions.addDays(connection, windowEnd), windowEnd);
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
}
