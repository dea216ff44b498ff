package com.salesrank.ranker.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.mysql.cj.jdbc.JdbcStatement;
import com.salesrank.ranker.publish.DatabaseSettings;
import com.salesrank.ranker.publish.NamedLock;
import com.salesrank.ranker.publish.WriterConnections;

/**
 * Replaces the catalog tables whole, as the ranking's publisher replaces the ranking: every file is
 * checked line by line on its way into a staging table created LIKE its live table ({@code LOAD DATA
 * LOCAL} from the checked stream), then all the tables loaded are swapped in by one RENAME TABLE, and
 * a catalog_loads row records the load. Readers see the old catalog or the new one, never a mix: a
 * statement holds metadata locks on every table it reads, and RENAME TABLE needs them all exclusively.
 *
 * <p>A file with more than 1 % bad lines refuses the whole load; otherwise its bad lines are left out
 * and counted. Anything that fails before the RENAME leaves the live catalog as it was.
 */
final class CatalogLoader {

    /** {@link NamedLock}'s name: two catalog loads never interleave (ranking publishes are not held up). */
    static final String LOCK_NAME = "catalog.load";
    static final int LOCK_WAIT_SECONDS = 60;
    /** MySQL's and MariaDB's ER_NO_SUCH_TABLE. */
    private static final int ER_NO_SUCH_TABLE = 1146;
    private static final String RECORD_LOAD = "INSERT INTO catalog_loads (finished_at, tables_loaded, category_rows,"
            + " product_rows, bad_lines, categories_source, products_source) VALUES (UTC_TIMESTAMP(3), ?, ?, ?, ?, ?, ?)";

    private final DatabaseSettings settings;
    private final int reportLimit;

    /** {@code reportLimit}: bad lines kept with their reasons per file (all are counted). */
    CatalogLoader(DatabaseSettings settings, int reportLimit) {
        this.settings = settings;
        this.reportLimit = reportLimit;
    }

    CatalogLoad load(List<CatalogFile> files) throws CatalogLoadException {
        if (files.isEmpty() || files.stream().map(CatalogFile::table).distinct().count() != files.size()) {
            throw new IllegalArgumentException("one file per catalog table, at least one: " + files);
        }
        long started = System.nanoTime();
        Connection connection;
        try {
            connection = WriterConnections.open(settings);
        } catch (SQLException e) {
            throw new CatalogLoadException("cannot connect to the database; nothing loaded, the live catalog is unchanged: "
                    + e.getMessage(), e);
        }
        try (connection) {
            if (!NamedLock.acquire(connection, LOCK_NAME, LOCK_WAIT_SECONDS)) {
                throw new CatalogLoadException("another catalog load is running and did not finish within "
                        + LOCK_WAIT_SECONDS + " s; nothing loaded, the live catalog is unchanged", null);
            }
            try {
                return loadLocked(connection, files, started);
            } finally {
                NamedLock.release(connection, LOCK_NAME);
            }
        } catch (SQLException e) {
            throw new CatalogLoadException("database error; nothing loaded, the live catalog is unchanged: "
                    + e.getMessage(), e);
        }
    }

    private CatalogLoad loadLocked(Connection connection, List<CatalogFile> files, long started)
            throws SQLException, CatalogLoadException {
        for (CatalogFile file : files) {
            WriterConnections.execute(connection, file.table().dropLeftovers()); // of a load that died
        }
        List<LoadedTable> loaded = new ArrayList<>();
        try {
            for (CatalogFile file : files) {
                loaded.add(loadStaging(connection, file, loaded));
            }
            List<LoadedTable> refused = loaded.stream().filter(LoadedTable::tooManyBad).toList();
            if (!refused.isEmpty()) {
                throw new CatalogRefusedException(refused.stream()
                        .map(t -> t.file().source() + " has " + t.bad().count() + " bad lines of " + t.lines()
                                + ", more than the 1 % allowed")
                        .collect(Collectors.joining("; ")) + "; nothing loaded, the live catalog is unchanged."
                        + firstBadLine(refused.get(0)), loaded);
            }
        } catch (SQLException | CatalogLoadException | RuntimeException e) {
            dropStagingQuietly(connection, files);
            throw e;
        }
        swap(connection, loaded);
        long loadId = record(connection, loaded);
        for (CatalogFile file : files) {
            try {
                WriterConnections.execute(connection, "DROP TABLE IF EXISTS " + file.table().old);
            } catch (SQLException ignored) {
                // the catalog is live and recorded; the next load drops what is left
            }
        }
        return new CatalogLoad(loadId, loaded, (System.nanoTime() - started) / 1_000_000);
    }

    private LoadedTable loadStaging(Connection connection, CatalogFile file, List<LoadedTable> before)
            throws SQLException, CatalogLoadException {
        CatalogTable table = file.table();
        int textLimit = textLimit(connection, table);
        try {
            WriterConnections.execute(connection, table.createStaging());
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_NO_SUCH_TABLE) {
                throw new CatalogLoadException("the table " + table.live + " does not exist; create the schema with"
                        + " scripts/migrate.sh. Nothing loaded: " + e.getMessage(), e, before);
            }
            throw e;
        }
        BadLines bad = new BadLines(reportLimit);
        long rows;
        CheckedCatalogLines lines;
        try (InputStream source = file.opener().open();
             Statement statement = connection.createStatement()) {
            lines = new CheckedCatalogLines(source, new CatalogLineChecker(table, textLimit), bad);
            // as the ranking's StagingLoad: into an empty table MariaDB then builds the primary key page
            // by page (InnoDB's bulk insert); every id is already known to be unique
            WriterConnections.execute(connection, "SET SESSION unique_checks = 0, foreign_key_checks = 0");
            statement.unwrap(JdbcStatement.class).setLocalInfileInputStream(lines);
            rows = statement.executeLargeUpdate(table.loadStaging());
            WriterConnections.execute(connection, "SET SESSION unique_checks = 1, foreign_key_checks = 1");
            SQLWarning warning = statement.getWarnings();
            if (warning != null) {
                throw new CatalogLoadException("the server reported a problem loading " + file.source() + " ("
                        + warning.getMessage() + "); nothing loaded, the live catalog is unchanged", null, before);
            }
        } catch (IOException e) {
            throw new CatalogLoadException("cannot read " + file.source() + ": " + e.getMessage()
                    + "; nothing loaded, the live catalog is unchanged", e, before);
        } catch (SQLException e) {
            if (e.getCause() instanceof IOException io) { // the driver reports the stream's failure so
                throw new CatalogLoadException("cannot read " + file.source() + ": " + io.getMessage()
                        + "; nothing loaded, the live catalog is unchanged", e, before);
            }
            throw e;
        }
        if (rows != lines.goodLines()) {
            throw new CatalogLoadException("the server loaded " + rows + " rows from " + file.source() + " but "
                    + lines.goodLines() + " good lines were sent; nothing loaded, the live catalog is unchanged",
                    null, before);
        }
        return new LoadedTable(file, lines.lines(), rows, bad);
    }

    private static int textLimit(Connection connection, CatalogTable table) throws SQLException, CatalogLoadException {
        try (PreparedStatement query = connection.prepareStatement(CatalogTable.TEXT_LIMIT)) {
            query.setString(1, table.live);
            query.setString(2, table.textColumn);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new CatalogLoadException("the table " + table.live + " or its column " + table.textColumn
                            + " does not exist; create the schema with scripts/migrate.sh. Nothing loaded", null);
                }
                return rs.getInt(1);
            }
        }
    }

    /** One RENAME TABLE for every table loaded: all of them go live together, or none. */
    private static void swap(Connection connection, List<LoadedTable> loaded) throws CatalogLoadException {
        String swap = "RENAME TABLE " + loaded.stream().map(t -> t.file().table().swapClause())
                .collect(Collectors.joining(", "));
        try {
            WriterConnections.execute(connection, swap);
        } catch (SQLException e) {
            dropStagingQuietly(connection, loaded.stream().map(LoadedTable::file).toList());
            throw new CatalogLoadException("the swap (RENAME TABLE) failed, so the live catalog is unchanged"
                    + " (a RENAME TABLE is all or nothing; only if the connection was lost during it, an existing "
                    + loaded.get(0).file().table().old + " table says it happened): " + e.getMessage(), e, loaded);
        }
    }

    private static long record(Connection connection, List<LoadedTable> loaded) throws CatalogLoadException {
        LoadedTable categories = of(loaded, CatalogTable.CATEGORIES);
        LoadedTable products = of(loaded, CatalogTable.PRODUCTS);
        try (PreparedStatement insert = connection.prepareStatement(RECORD_LOAD, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, loaded.stream().map(t -> t.file().table().label()).sorted()
                    .collect(Collectors.joining(",")));
            setRows(insert, 2, categories);
            setRows(insert, 3, products);
            insert.setLong(4, loaded.stream().mapToLong(t -> t.bad().count()).sum());
            setSource(insert, 5, categories);
            setSource(insert, 6, products);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new CatalogLoadException("the new catalog IS live, but recording it in catalog_loads failed, so the"
                    + " read API's cached pages keep their old names until the next catalog load: " + e.getMessage(),
                    e, loaded);
        }
    }

    private static LoadedTable of(List<LoadedTable> loaded, CatalogTable table) {
        return loaded.stream().filter(t -> t.file().table() == table).findFirst().orElse(null);
    }

    private static void setRows(PreparedStatement insert, int index, LoadedTable table) throws SQLException {
        if (table == null) {
            insert.setNull(index, Types.BIGINT);
        } else {
            insert.setLong(index, table.rows());
        }
    }

    private static void setSource(PreparedStatement insert, int index, LoadedTable table) throws SQLException {
        if (table == null) {
            insert.setNull(index, Types.VARCHAR);
        } else {
            String source = table.file().source();
            insert.setString(index, source.length() > 1024 ? source.substring(0, 1024) : source);
        }
    }

    private static String firstBadLine(LoadedTable table) {
        List<String> reported = table.bad().reported();
        return reported.isEmpty() ? "" : " First: " + table.file().source() + " " + reported.get(0);
    }

    private static void dropStagingQuietly(Connection connection, List<CatalogFile> files) {
        for (CatalogFile file : files) {
            try {
                if (!connection.isClosed()) {
                    WriterConnections.execute(connection, "DROP TABLE IF EXISTS " + file.table().staging);
                }
            } catch (SQLException ignored) {
                // the next load drops leftovers before it starts
            }
        }
    }
}
