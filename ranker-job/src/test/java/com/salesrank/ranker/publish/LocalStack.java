package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The local stack's connection settings, from the environment that {@code scripts/stack.sh env} exports. */
final class LocalStack {

    private LocalStack() {
    }

    static DatabaseSettings writer() {
        return new DatabaseSettings(required("SALESRANK_DB_URL"), required("SALESRANK_DB_USER"),
                required("SALESRANK_DB_PASSWORD"));
    }

    static Connection writerConnection() throws SQLException {
        DatabaseSettings writer = writer();
        return DriverManager.getConnection(writer.url(), writer.user(), writer.password());
    }

    /** The reader user on the primary (same grants as on the replica, replicated). */
    static Connection readerOnPrimary() throws SQLException {
        return DriverManager.getConnection(required("SALESRANK_DB_URL"), required("SALESRANK_READER_USER"),
                required("SALESRANK_READER_PASSWORD"));
    }

    static Connection readerOnReplica() throws SQLException {
        String first = required("SALESRANK_REPLICA_URLS").split(",")[0].trim();
        return DriverManager.getConnection(first, required("SALESRANK_READER_USER"),
                required("SALESRANK_READER_PASSWORD"));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: this integration test needs the local stack."
                    + " Run `scripts/stack.sh up` and `eval \"$(scripts/stack.sh env)\"` first (or use scripts/test.sh)");
        }
        return value;
    }
}
