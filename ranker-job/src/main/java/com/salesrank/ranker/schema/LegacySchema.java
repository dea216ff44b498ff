package com.salesrank.ranker.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The schema every deployment had before Flyway (the old sql/schema.sql, users.sql, views.sql).
 *
 * <p>Flyway's baselineOnMigrate baselines ANY non-empty schema without a history table. Only a
 * database that holds the pre-Flyway tables may be baselined at version 1: anything else would be
 * recorded as V1 without having what V1 creates, and every later migration would run on a guess.
 */
final class LegacySchema {

    static final String BASELINE_DESCRIPTION = "schema from the pre-Flyway sql/ files";
    static final String HISTORY_TABLE = "flyway_schema_history";

    /** What the old schema.sql created and views.sql relied on. */
    private static final Set<String> TABLES = Set.of("categories", "products", "sales_rank", "sales_rank_run",
            "ranking_runs");

    private LegacySchema() {
    }

    /** Throws when {@code database} would be baselined but is not the pre-Flyway schema. */
    static void checkBeforeBaseline(Connection admin, String database) throws SQLException {
        Set<String> tables = tables(admin, database);
        if (tables.isEmpty() || tables.contains(HISTORY_TABLE)) {
            return; // migrated from scratch, or already under Flyway
        }
        List<String> missing = new ArrayList<>(new TreeSet<>(TABLES));
        missing.removeAll(tables);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("database " + database + " holds tables " + tables + " but no "
                    + HISTORY_TABLE + ", and lacks " + missing + " of the pre-Flyway schema; refusing to baseline it"
                    + " as version 1. Migrate an empty database, or bring this one to the old sql/schema.sql first");
        }
    }

    private static Set<String> tables(Connection admin, String database) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (PreparedStatement statement = admin.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return names;
    }
}
