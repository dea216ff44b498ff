package com.salesrank.ranker.publish;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

import com.mysql.cj.jdbc.JdbcStatement;

/**
 * The staging table of one publish: created LIKE its live table, loaded from the job's output with
 * {@code LOAD DATA LOCAL INFILE}, every line checked on the way, and its row count checked against the
 * job's. It touches only the staging table, so any failure here leaves the live ranking as it was.
 */
final class StagingLoad {

    /** MySQL's and MariaDB's ER_NO_SUCH_TABLE. */
    private static final int ER_NO_SUCH_TABLE = 1146;

    private final RankingTables tables;
    private final PublishProgress progress;

    StagingLoad(RankingTables tables, PublishProgress progress) {
        this.tables = tables;
        this.progress = progress;
    }

    /**
     * A staging table LIKE its live table. The live tables come from the schema migrations and the
     * publisher has no definition of its own to fall back on, so a database without them (never
     * migrated, or dropped by hand) fails the publish with what to do about it.
     */
    static void createLike(Connection connection, String createLike, String live)
            throws SQLException, PublishException {
        try {
            WriterConnections.execute(connection, createLike);
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
     *
     * @return the rows the server loaded
     */
    long loadInBulk(Connection connection, RankingOutput output, RunFacts facts, long commitRows,
            TopRowsTap historyTap) throws SQLException, PublishException {
        WriterConnections.execute(connection, "SET SESSION unique_checks = 0, foreign_key_checks = 0");
        long loaded = load(connection, output, facts, commitRows, historyTap); // a failure ends the publish and its connection
        WriterConnections.execute(connection, "SET SESSION unique_checks = 1, foreign_key_checks = 1");
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
    void checkCount(Connection connection, RunFacts facts) throws SQLException, PublishException {
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

    /** Also after a RENAME that failed: had it happened, the staging names no longer exist. */
    void dropQuietly(Connection connection) {
        try {
            if (!connection.isClosed()) {
                WriterConnections.execute(connection, tables.dropStaging);
            }
        } catch (SQLException ignored) {
            // the next run drops leftovers before it starts
        }
    }
}
