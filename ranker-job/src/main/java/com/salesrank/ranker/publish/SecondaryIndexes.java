package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The secondary indexes of a freshly created staging table, as the server reports them
 * ({@code SHOW INDEX}), so that the publisher can drop them before its load and build them after
 * it (measured faster than loading into an indexed table) without a definition of its own: the
 * staging table is {@code CREATE TABLE ... LIKE} the live one, and whatever indexes a migration
 * gave the live table come back under the same names.
 *
 * <p>Only indexes rebuilt exactly from what {@code SHOW INDEX} says on both MySQL 8.4 and MariaDB
 * 10.11 are dropped: B-tree indexes on plain columns (with prefix lengths and descending parts).
 * Anything else (the primary key, full-text, spatial, functional, invisible or ignored indexes,
 * indexes with a comment) stays on the table during the load, correct just slower.
 */
final class SecondaryIndexes {

    private final String table;
    private final List<Index> rebuilt;

    private SecondaryIndexes(String table, List<Index> rebuilt) {
        this.table = table;
        this.rebuilt = rebuilt;
    }

    /** One index, its parts in order, each a quoted column with its prefix length and direction. */
    record Index(String name, boolean unique, List<String> parts) {
    }

    /** Reads the indexes of {@code table}, which the writer holds privileges on, in definition order. */
    static SecondaryIndexes of(Connection connection, String table) throws SQLException {
        Map<String, IndexBuilder> byName = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW INDEX FROM " + quote(table))) {
            ResultSetMetaData meta = rs.getMetaData();
            boolean hasVisible = hasColumn(meta, "Visible");     // MySQL 8
            boolean hasIgnored = hasColumn(meta, "Ignored");     // MariaDB 10.6+
            boolean hasExpression = hasColumn(meta, "Expression"); // MySQL 8 functional key parts
            while (rs.next()) {
                String name = rs.getString("Key_name");
                IndexBuilder index = byName.computeIfAbsent(name, n -> new IndexBuilder(n));
                index.unique = rs.getInt("Non_unique") == 0;
                String column = rs.getString("Column_name");
                String type = rs.getString("Index_type");
                String comment = rs.getString("Index_comment");
                boolean plain = column != null
                        && "BTREE".equalsIgnoreCase(type)
                        && (comment == null || comment.isEmpty())
                        && !(hasVisible && "NO".equalsIgnoreCase(rs.getString("Visible")))
                        && !(hasIgnored && "YES".equalsIgnoreCase(rs.getString("Ignored")))
                        && !(hasExpression && rs.getString("Expression") != null);
                if (!plain || "PRIMARY".equals(name)) {
                    index.keep = true;
                    continue;
                }
                long prefix = rs.getLong("Sub_part");
                String part = quote(column) + (rs.wasNull() ? "" : "(" + prefix + ")")
                        + ("D".equals(rs.getString("Collation")) ? " DESC" : "");
                index.parts.add(part);
            }
        }
        List<Index> rebuilt = byName.values().stream()
                .filter(b -> !b.keep)
                .map(b -> new Index(b.name, b.unique, List.copyOf(b.parts)))
                .toList();
        return new SecondaryIndexes(table, rebuilt);
    }

    /** The indexes dropped before the load and built after it. */
    List<Index> rebuilt() {
        return rebuilt;
    }

    boolean isEmpty() {
        return rebuilt.isEmpty();
    }

    /** One ALTER for all: cheap on the empty table. */
    String dropStatement() {
        return "ALTER TABLE " + quote(table) + " "
                + rebuilt.stream().map(i -> "DROP INDEX " + quote(i.name())).collect(Collectors.joining(", "));
    }

    /** One ALTER for all, so InnoDB builds them from one scan of the loaded table. */
    String addStatement() {
        return "ALTER TABLE " + quote(table) + " "
                + rebuilt.stream()
                        .map(i -> "ADD " + (i.unique() ? "UNIQUE " : "") + "INDEX " + quote(i.name())
                                + " (" + String.join(", ", i.parts()) + ")")
                        .collect(Collectors.joining(", "));
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static boolean hasColumn(ResultSetMetaData meta, String label) throws SQLException {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnLabel(i).toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static final class IndexBuilder {
        final String name;
        final List<String> parts = new ArrayList<>();
        boolean unique;
        boolean keep;

        IndexBuilder(String name) {
            this.name = name;
        }
    }
}
