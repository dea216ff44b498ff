package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The writer's JDBC connections, and the few statements every part of the publish runs on them; the
 * catalog loader opens its own account's connections the same way.
 */
public final class WriterConnections {

    /** How long the swap may wait for its metadata lock (the session's {@code lock_wait_timeout}). */
    public static final int SWAP_LOCK_WAIT_SECONDS = 30;

    private WriterConnections() {
    }

    /** A connection of the settings' user, autocommitted, allowed to LOAD DATA LOCAL. */
    public static Connection open(DatabaseSettings settings) throws SQLException {
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
        execute(connection, "SET SESSION lock_wait_timeout = " + SWAP_LOCK_WAIT_SECONDS);
        return connection;
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long connectionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static void closeQuietly(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e); // the failure itself says what happened; this only adds to it
        }
    }
}
