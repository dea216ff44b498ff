package com.salesrank.ranker.schema;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link SchemaMigrator} needs: the admin account it connects as, the database it migrates,
 * the names and passwords of the accounts V1 and V6 create (the migrations' placeholders), and where the
 * migrations are.
 *
 * <p>Names are checked to be plain identifiers and passwords to hold no quote or backslash, because
 * Flyway pastes placeholders into the SQL text as they are: this keeps a password from ending its
 * string literal, without escaping rules that differ with the server's sql_mode.
 */
record MigrationSettings(String adminUrl, String adminUser, String adminPassword, String database,
        String writerUser, String writerPassword, String readerUser, String readerPassword,
        String catalogUser, String catalogPassword, List<String> locations) {

    static final String ADMIN_URL_ENV = "SALESRANK_ADMIN_URL";
    static final String ADMIN_USER_ENV = "SALESRANK_ADMIN_USER";
    static final String ADMIN_PASSWORD_ENV = "SALESRANK_ADMIN_PASSWORD";
    static final String DATABASE_ENV = "SALESRANK_DATABASE";
    static final String WRITER_USER_ENV = "SALESRANK_DB_USER";
    static final String WRITER_PASSWORD_ENV = "SALESRANK_DB_PASSWORD";
    static final String READER_USER_ENV = "SALESRANK_READER_USER";
    static final String READER_PASSWORD_ENV = "SALESRANK_READER_PASSWORD";
    static final String CATALOG_USER_ENV = "SALESRANK_CATALOG_USER";
    static final String CATALOG_PASSWORD_ENV = "SALESRANK_CATALOG_PASSWORD";
    static final String LOCATIONS_ENV = "SALESRANK_MIGRATION_LOCATIONS";

    /** sql/migrations, packaged into the jar by ranker-job's pom. */
    static final String PACKAGED_MIGRATIONS = "classpath:db/migration";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,32}");

    MigrationSettings {
        Objects.requireNonNull(adminUrl, "adminUrl");
        if (!adminUrl.startsWith("jdbc:mysql:")) {
            throw new IllegalArgumentException(ADMIN_URL_ENV + " must be a MySQL JDBC URL of the server"
                    + " (jdbc:mysql://host:port/), got: " + adminUrl);
        }
        identifier(ADMIN_USER_ENV, adminUser);
        identifier(DATABASE_ENV, database);
        identifier(WRITER_USER_ENV, writerUser);
        identifier(READER_USER_ENV, readerUser);
        identifier(CATALOG_USER_ENV, catalogUser);
        Objects.requireNonNull(adminPassword, ADMIN_PASSWORD_ENV);
        password(WRITER_PASSWORD_ENV, writerPassword);
        password(READER_PASSWORD_ENV, readerPassword);
        password(CATALOG_PASSWORD_ENV, catalogPassword);
        if (new java.util.HashSet<>(List.of(adminUser, writerUser, readerUser, catalogUser)).size() != 4) {
            throw new IllegalArgumentException("the admin, writer, reader and catalog loader must be four different"
                    + " accounts, got " + adminUser + ", " + writerUser + ", " + readerUser + ", " + catalogUser);
        }
        locations = List.copyOf(locations);
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("no migration locations");
        }
    }

    /** From the environment that scripts/migrate.sh (or docker-compose.yml) sets. */
    static MigrationSettings fromEnvironment(Map<String, String> env) {
        String locations = env.getOrDefault(LOCATIONS_ENV, "").isBlank() ? PACKAGED_MIGRATIONS : env.get(LOCATIONS_ENV);
        return new MigrationSettings(required(env, ADMIN_URL_ENV), or(env, ADMIN_USER_ENV, "salesrank_admin"),
                required(env, ADMIN_PASSWORD_ENV), or(env, DATABASE_ENV, "salesrank"),
                or(env, WRITER_USER_ENV, "salesrank_writer"), required(env, WRITER_PASSWORD_ENV),
                or(env, READER_USER_ENV, "salesrank_reader"), required(env, READER_PASSWORD_ENV),
                or(env, CATALOG_USER_ENV, "salesrank_catalog"), required(env, CATALOG_PASSWORD_ENV),
                Arrays.stream(locations.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** The same settings for another database and accounts, e.g. a scratch database in a test. */
    MigrationSettings withDatabase(String otherDatabase, String otherWriter, String otherReader, String otherCatalog) {
        return new MigrationSettings(adminUrl, adminUser, adminPassword, otherDatabase, otherWriter, writerPassword,
                otherReader, readerPassword, otherCatalog, catalogPassword, locations);
    }

    MigrationSettings withLocations(List<String> otherLocations) {
        return new MigrationSettings(adminUrl, adminUser, adminPassword, database, writerUser, writerPassword,
                readerUser, readerPassword, catalogUser, catalogPassword, otherLocations);
    }

    /** The migrations' placeholders (Flyway's own, such as ${flyway:defaultSchema}, come on top). */
    Map<String, String> placeholders() {
        return Map.of("writer_user", writerUser, "writer_password", writerPassword,
                "reader_user", readerUser, "reader_password", readerPassword,
                "catalog_user", catalogUser, "catalog_password", catalogPassword);
    }

    private static void identifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 32 letters, digits or underscores, got: " + value);
        }
    }

    private static void password(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty: the migrations create that account with it");
        }
        if (value.indexOf('\'') >= 0 || value.indexOf('\\') >= 0 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must not contain quotes, backslashes or control characters");
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set (scripts/stack.sh env prints it for the local stack)");
        }
        return value.trim();
    }

    private static String or(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    @Override
    public String toString() {
        return "MigrationSettings[adminUrl=" + adminUrl + ", adminUser=" + adminUser + ", database=" + database
                + ", writerUser=" + writerUser + ", readerUser=" + readerUser + ", catalogUser=" + catalogUser + ", locations=" + locations + "]";
    }
}
