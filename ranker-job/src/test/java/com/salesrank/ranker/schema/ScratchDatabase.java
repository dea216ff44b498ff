package com.salesrank.ranker.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;

import com.salesrank.ranker.publish.DatabaseSettings;
import com.salesrank.ranker.publish.PublishException;
import com.salesrank.ranker.publish.PublishedRun;
import com.salesrank.ranker.publish.RankingPublisher;
import com.salesrank.ranker.publish.RunFacts;

/**
 * A database of its own on the local stack's primary (and so its replica), with its own writer and
 * reader accounts, made and dropped by the migrations' admin account. The stack's own salesrank
 * database and accounts are never touched.
 */
final class ScratchDatabase implements AutoCloseable {

    final String name;
    final String writerUser;
    final String readerUser;
    final String catalogUser;
    final MigrationSettings settings;
    private final MigrationSettings stack;

    /** {@code tag}: a few letters that keep names apart, e.g. "fresh" gives salesrank_it_fresh. */
    ScratchDatabase(String tag) throws SQLException {
        this.stack = MigrationSettings.fromEnvironment(System.getenv());
        this.name = "salesrank_it_" + tag;
        this.writerUser = "srit_" + tag + "_writer";
        this.readerUser = "srit_" + tag + "_reader";
        this.catalogUser = "srit_" + tag + "_catalog";
        this.settings = stack.withDatabase(name, writerUser, readerUser, catalogUser);
        drop();
    }

    /** Removes the database and its accounts (also what a previous run left). */
    void drop() throws SQLException {
        try (Connection admin = admin(); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
            s.execute("DROP USER IF EXISTS '" + writerUser + "'@'%', '" + readerUser + "'@'%', '" + catalogUser + "'@'%'");
        }
    }

    @Override
    public void close() throws SQLException {
        drop();
    }

    SchemaMigrator migrator(String... extraLocations) {
        List<String> locations = new ArrayList<>(List.of(MigrationSettings.PACKAGED_MIGRATIONS));
        locations.addAll(List.of(extraLocations));
        return new SchemaMigrator(settings.withLocations(locations));
    }

    /**
     * This database as every deployment before Flyway had it: the old sql/schema.sql, users.sql and
     * views.sql (kept as test resources, byte for byte), run as they were, with the database name
     * and the accounts swapped for this one's.
     */
    void createWithLegacySql(String writerPassword, String readerPassword) throws SQLException, IOException {
        StringBuilder script = new StringBuilder();
        script.append("SET @writer_user='").append(writerUser).append("', @writer_password='").append(writerPassword)
                .append("';\n");
        script.append("SET @reader_user='").append(readerUser).append("', @reader_password='").append(readerPassword)
                .append("';\n");
        for (String file : List.of("schema.sql", "users.sql", "views.sql")) {
            // the files name the database `salesrank`; the accounts are already the session variables
            script.append(legacySql(file).replaceAll("\\bsalesrank\\b", name)).append('\n');
        }
        try (Connection admin = connect(stack.adminUrl() + (stack.adminUrl().contains("?") ? "&" : "?")
                + "allowMultiQueries=true", stack.adminUser(), stack.adminPassword());
             Statement s = admin.createStatement()) {
            // every statement's result is read, so an error in any of them is thrown here
            boolean result = s.execute(script.toString());
            while (result || s.getUpdateCount() != -1) {
                result = s.getMoreResults();
            }
        }
    }

    /**
     * A live ranking as the publisher of the legacy schema left it: rows, run row and history row, written
     * as plain SQL (today's publisher needs the tables of later migrations).
     */
    void seedLegacyRanking(long runId) throws SQLException {
        try (Connection admin = admin(); Statement s = admin.createStatement()) {
            StringBuilder rows = new StringBuilder();
            for (String line : ranking(runId)) {
                String[] f = line.split("\t");
                rows.append(rows.length() == 0 ? "" : ", ").append('(').append(f[0]).append(", ").append(f[2])
                        .append(", ").append(f[3]).append(", ").append(f[1]).append(')');
            }
            String db = "`" + name + "`";
            s.executeUpdate("INSERT INTO " + db + ".sales_rank (category_id, product_id, total_sold, category_rank) VALUES "
                    + rows);
            s.executeUpdate("INSERT INTO " + db + ".sales_rank_run VALUES (" + runId
                    + ", '2026-11-01 00:00:00', '2026-11-08 00:00:00', '2026-11-08 00:05:00.000')");
            s.executeUpdate("INSERT INTO " + db + ".ranking_runs VALUES (" + runId
                    + ", '2026-11-01 00:00:00', '2026-11-08 00:00:00', 20, 60, 0, '2026-11-08 00:05:00.000', 1)");
        }
    }

    static String legacySql(String file) throws IOException {
        try (InputStream in = ScratchDatabase.class.getResourceAsStream("/legacy-sql/" + file)) {
            if (in == null) {
                throw new IOException("test resource legacy-sql/" + file + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Connection admin() throws SQLException {
        return connect(stack.adminUrl(), stack.adminUser(), stack.adminPassword());
    }

    /** The admin account on the replica (the account reached it by replication, like everything). */
    Connection adminOnReplica() throws SQLException {
        return connect(replicaUrl(), stack.adminUser(), stack.adminPassword());
    }

    Connection writer(String password) throws SQLException {
        return connect(url(), writerUser, password);
    }

    Connection reader(String password) throws SQLException {
        return connect(url(), readerUser, password);
    }

    /** The writer's JDBC URL of this database: the stack's, with the database swapped. */
    String url() {
        return env("SALESRANK_DB_URL").replaceFirst("/salesrank\\?", "/" + name + "?");
    }

    PublishedRun publish(Path tmp, String writerPassword, long generation, Configuration conf)
            throws IOException, PublishException {
        Path dir = Files.createTempDirectory(tmp, "ranking-");
        List<String> lines = ranking(generation);
        Files.write(dir.resolve("part-r-00000"), lines, StandardCharsets.US_ASCII);
        Instant start = Instant.parse("2026-11-01T00:00:00Z").plus(Duration.ofHours(generation));
        RunFacts facts = new RunFacts(start, start.plus(Duration.ofDays(7)), lines.size(), lines.size() * 3L, 0, 1);
        return new RankingPublisher(new DatabaseSettings(url(), writerUser, writerPassword))
                .publish(new org.apache.hadoop.fs.Path(dir.toUri()), conf, facts);
    }

    /** 5 categories x 4 ranks, best first; {@code generation} tells one ranking from another. */
    static List<String> ranking(long generation) {
        List<String> lines = new ArrayList<>();
        for (int category = 1; category <= 5; category++) {
            for (int rank = 1; rank <= 4; rank++) {
                lines.add(category + "\t" + rank + "\t" + (category * 1000L + rank) + "\t" + (generation * 100 + 10 - rank));
            }
        }
        return lines;
    }

    static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    /** Rows of a query as tab-separated strings, in the query's order. */
    static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "\t" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String replicaUrl() {
        return env("SALESRANK_REPLICA_URLS").split(",")[0].trim();
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: this integration test needs the local stack."
                    + " Run `scripts/stack.sh up` and `eval \"$(scripts/stack.sh env)\"` first (or use scripts/test.sh)");
        }
        return value;
    }

}
