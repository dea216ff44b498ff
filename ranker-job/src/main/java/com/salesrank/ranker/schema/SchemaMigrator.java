package com.salesrank.ranker.schema;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the salesrank database to the newest schema version with Flyway: the one way the schema is
 * created or changed (scripts/migrate.sh, which scripts/stack.sh runs on {@code up}; the docker
 * {@code migrate} service). It connects as an admin account, never as the writer or the reader,
 * because the migrations create those accounts and grant them their privileges.
 *
 * <p>Migrations are {@code sql/migrations/V<n>__<what>.sql}. A database created before Flyway, by
 * the old sql/schema.sql, users.sql and views.sql, holds exactly what V1 creates but no history
 * table: it is baselined at version 1 ({@code baselineOnMigrate}), so V1 never runs on it and its
 * live ranking stays as it is; V2 and later run on it like anywhere else.
 *
 * <p>Exit status: 0 the schema is current, 1 a migration failed, 2 bad settings.
 */
public final class SchemaMigrator {

    private final MigrationSettings settings;

    SchemaMigrator(MigrationSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        MigrationSettings settings;
        try {
            settings = MigrationSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("migrate: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            MigrateResult result = new SchemaMigrator(settings).migrate();
            report(settings, result, System.out);
        } catch (FlywayException | SQLException | IllegalStateException e) {
            System.err.println("migrate: FAILED on database " + settings.database() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Applies every pending migration.
     *
     * @throws FlywayException when a migration fails (then the history table records it as failed,
     *                         and the next run refuses to go on until it is repaired)
     * @throws IllegalStateException when the database holds tables but neither a history table nor
     *                         the pre-Flyway schema, so baselining it would be a guess
     */
    MigrateResult migrate() throws SQLException {
        try (Connection admin = connect()) {
            createDatabase(admin);
            LegacySchema.checkBeforeBaseline(admin, settings.database());
        }
        return flyway().migrate();
    }

    Flyway flyway() {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(settings.adminUrl(), settings.adminUser(), settings.adminPassword())
                .schemas(settings.database())
                .defaultSchema(settings.database())
                .locations(settings.locations().toArray(String[]::new))
                .placeholders(settings.placeholders())
                // a database from the pre-Flyway sql/ files is V1 already: record that instead of running V1
                .baselineOnMigrate(true)
                .baselineVersion("1")
                .baselineDescription(LegacySchema.BASELINE_DESCRIPTION)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
    }

    /**
     * The database with utf8mb4 as its default, as the pre-Flyway schema.sql made it. Flyway's own
     * createSchemas would take the server's default character set instead.
     */
    private void createDatabase(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + settings.database() + "` CHARACTER SET utf8mb4");
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.adminUser());
        properties.setProperty("password", settings.adminPassword());
        properties.setProperty("connectTimeout", "10000");
        Connection connection = new com.mysql.cj.jdbc.Driver().connect(settings.adminUrl(), properties);
        if (connection == null) {
            throw new SQLException("not a MySQL JDBC URL: " + settings.adminUrl());
        }
        return connection;
    }

    static void report(MigrationSettings settings, MigrateResult result, PrintStream out) {
        String from = result.initialSchemaVersion == null ? "empty" : "version " + result.initialSchemaVersion;
        String to = result.targetSchemaVersion == null ? "unchanged" : "version " + result.targetSchemaVersion;
        out.println("migrate: database " + settings.database() + ": " + from + " -> "
                + (result.migrationsExecuted == 0 ? "up to date" : to) + ", " + result.migrationsExecuted
                + " migration(s) applied");
        result.migrations.forEach(m -> out.println("migrate:   " + m.version + " " + m.description
                + " (" + m.executionTime + " ms)"));
    }
}
