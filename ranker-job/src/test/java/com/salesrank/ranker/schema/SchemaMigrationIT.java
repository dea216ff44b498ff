package com.salesrank.ranker.schema;

import com.salesrank.ranker.RankerConfigKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.salesrank.ranker.publish.PublishException;
import com.salesrank.ranker.publish.PublishedRun;
import com.salesrank.ranker.publish.RankingPublisher;

/**
 * The migrations on the stack's real MariaDB primary and replica, each test in a scratch database
 * of its own: a fresh install, the upgrade of a database made by the pre-Flyway sql/ files (the
 * state of every existing deployment), a failing migration, and a migration that changes the live
 * ranking table.
 */
class SchemaMigrationIT {

    private static final String HISTORY = "SELECT version, type, success FROM %s.flyway_schema_history"
            + " WHERE version IS NOT NULL ORDER BY installed_rank";

    @TempDir
    Path tmp;

    private ScratchDatabase scratch;

    @AfterEach
    void dropScratch() throws SQLException {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void aFreshDatabaseGetsTheSchemaTheAccountsAndTheViewsOfV1() throws Exception {
        scratch = new ScratchDatabase("fresh");
        String writerPassword = scratch.settings.writerPassword();
        String readerPassword = scratch.settings.readerPassword();

        MigrateResult result = scratch.migrator().migrate();

        assertThat(result.migrationsExecuted).isEqualTo(6);
        assertThat(result.targetSchemaVersion).isEqualTo("6");
        try (Connection admin = scratch.admin()) {
            assertThat(ScratchDatabase.rows(admin, HISTORY.formatted(scratch.name))).containsExactly("1\tSQL\t1",
                    "2\tSQL\t1", "3\tSQL\t1", "4\tSQL\t1", "5\tSQL\t1", "6\tSQL\t1");
            assertThat(ScratchDatabase.rows(admin, "SELECT table_name, table_type FROM information_schema.tables"
                    + " WHERE table_schema = '" + scratch.name + "' ORDER BY table_name")).containsExactly(
                    "catalog_loads\tBASE TABLE", "categories\tBASE TABLE", "flyway_schema_history\tBASE TABLE", "ops_category_top10\tVIEW",
                    "ops_freshness\tVIEW", "ops_latest_run\tVIEW", "ops_run_history\tVIEW", "products\tBASE TABLE",
                    "ranking_runs\tBASE TABLE", "sales_rank\tBASE TABLE", "sales_rank_head\tBASE TABLE",
                    "sales_rank_head_run\tBASE TABLE", "sales_rank_history\tBASE TABLE", "sales_rank_run\tBASE TABLE");
            assertThat(ScratchDatabase.rows(admin, "SELECT default_character_set_name FROM information_schema.schemata"
                    + " WHERE schema_name = '" + scratch.name + "'")).containsExactly("utf8mb4");
        }

        // the accounts V1 made can do their jobs, with the passwords from the environment
        PublishedRun run = scratch.publish(tmp, writerPassword, 1, new Configuration());
        try (Connection reader = scratch.reader(readerPassword)) {
            assertThat(ScratchDatabase.rows(reader, "SELECT run_id, rows_published FROM ops_latest_run"))
                    .containsExactly(run.runId() + "\t20");
            assertThat(ScratchDatabase.rows(reader, "SELECT COUNT(*) FROM ops_category_top10")).containsExactly("20");
            assertRefused(reader, "INSERT INTO sales_rank (category_id, product_id, total_sold, category_rank) VALUES (1, 1, 1, 99)");
        }
        try (Connection writer = scratch.writer(writerPassword)) {
            assertRefused(writer, "CREATE TABLE something_else (id INT)");
            assertRefused(writer, "DELETE FROM ranking_runs");
            assertRefused(writer, "SELECT * FROM flyway_schema_history");
        }

        // nothing to do the second time
        assertThat(scratch.migrator().migrate().migrationsExecuted).isZero();
        awaitHistoryOnReplica(List.of("1\tSQL\t1", "2\tSQL\t1", "3\tSQL\t1", "4\tSQL\t1", "5\tSQL\t1", "6\tSQL\t1"));
    }

    @Test
    void aDatabaseFromTheOldSqlFilesIsBaselinedAndKeepsItsLiveRanking() throws Exception {
        scratch = new ScratchDatabase("legacy");
        // not the passwords the migrator would give the accounts: if V1 ran, they would change
        String writerPassword = ScratchDatabase.randomPassword();
        String readerPassword = ScratchDatabase.randomPassword();
        scratch.createWithLegacySql(writerPassword, readerPassword);
        long liveRun = 7;
        scratch.seedLegacyRanking(liveRun);
        LiveState before;
        try (Connection admin = scratch.admin()) {
            before = LiveState.read(admin, scratch.name);
        }
        assertThat(before.runAndRows()).hasSize(20).allMatch(row -> row.startsWith(liveRun + "\t"));

        MigrateResult result = scratch.migrator().migrate();

        assertThat(result.migrationsExecuted).as("V1 is the baseline; V2 to V6 run").isEqualTo(5);
        String migratedRankingTable;
        try (Connection admin = scratch.admin()) {
            assertThat(ScratchDatabase.rows(admin, HISTORY.formatted(scratch.name))).containsExactly("1\tBASELINE\t1",
                    "2\tSQL\t1", "3\tSQL\t1", "4\tSQL\t1", "5\tSQL\t1", "6\tSQL\t1");
            LiveState migrated = LiveState.read(admin, scratch.name);
            // V4 changes the ranking table's key, nothing else: same run, rows and ids, same history
            assertThat(migrated.runAndRows()).isEqualTo(before.runAndRows());
            assertThat(migrated.history()).isEqualTo(before.history());
            assertThat(migrated.runTable()).isEqualTo(before.runTable());
            migratedRankingTable = migrated.rankingTable();
        }
        // V1 did not run: the accounts keep their passwords, and read and publish as before
        try (Connection reader = scratch.reader(readerPassword)) {
            assertThat(ScratchDatabase.rows(reader, "SELECT run_id FROM ops_latest_run")).containsExactly(
                    Long.toString(liveRun));
        }
        assertThat(scratch.migrator().migrate().migrationsExecuted).isZero();
        PublishedRun next = scratch.publish(tmp, writerPassword, 8, new Configuration());
        assertThat(next.runId()).isEqualTo(liveRun + 1);
        try (Connection admin = scratch.admin()) {
            LiveState after = LiveState.read(admin, scratch.name);
            assertThat(after.rankingTable()).isEqualTo(migratedRankingTable);
            assertThat(after.runTable()).isEqualTo(before.runTable());
            assertThat(after.history()).hasSize(2);
            // the baselined live run went live before V3 existed: the next publish adds it to the history
            assertThat(ScratchDatabase.rows(admin, "SELECT run_id, COUNT(*) FROM `" + scratch.name
                    + "`.sales_rank_history GROUP BY run_id ORDER BY run_id"))
                    .containsExactly(liveRun + "\t20", next.runId() + "\t20");
            // V5 put the (empty) history from before it into pupto20000101, which the publish dropped
            // (it ends decades before the retention); the publish added one partition for the gap up to
            // the live run's day, then the days of both runs and two ahead
            java.time.LocalDate windowDay = java.time.LocalDate.ofInstant(next.windowEnd(), java.time.ZoneOffset.UTC);
            String day = java.time.format.DateTimeFormatter.BASIC_ISO_DATE.format(windowDay);
            String lastDay = java.time.format.DateTimeFormatter.BASIC_ISO_DATE.format(windowDay.plusDays(2));
            List<String> partitions = ScratchDatabase.rows(admin, "SELECT partition_name FROM information_schema.partitions"
                    + " WHERE table_schema = '" + scratch.name + "' AND table_name = 'sales_rank_history'"
                    + " ORDER BY partition_ordinal_position");
            assertThat(partitions).doesNotContain("pupto20000101").first().asString().startsWith("pupto");
            assertThat(partitions).contains("p" + day).last().isEqualTo("p" + lastDay);
        }
        awaitHistoryOnReplica(List.of("1\tBASELINE\t1", "2\tSQL\t1", "3\tSQL\t1", "4\tSQL\t1", "5\tSQL\t1", "6\tSQL\t1"));
    }

    @Test
    void v4ClustersBothRankingTablesOnCategoryAndRankAndKeepsTheirLiveRows() throws Exception {
        scratch = new ScratchDatabase("v4");
        String writerPassword = ScratchDatabase.randomPassword();
        String readerPassword = ScratchDatabase.randomPassword();
        scratch.createWithLegacySql(writerPassword, readerPassword);
        scratch.seedLegacyRanking(3);
        Flyway.configure().configuration(scratch.migrator().flyway().getConfiguration()).target("3").load().migrate();
        // a live full ranking published by today's publisher into the V3 tables (auto-increment id),
        // and a live head ranking
        PublishedRun v3Run = scratch.publish(tmp, writerPassword, 4, new Configuration());
        String db = "`" + scratch.name + "`";
        try (Connection admin = scratch.admin(); Statement s = admin.createStatement()) {
            s.executeUpdate("INSERT INTO " + db + ".sales_rank_head (category_id, product_id, total_sold, category_rank)"
                    + " VALUES (2, 2001, 50, 1), (1, 1002, 40, 2), (1, 1001, 60, 1)");
            s.executeUpdate("INSERT INTO " + db + ".sales_rank_head_run VALUES (" + (v3Run.runId() + 1)
                    + ", '2026-11-01 05:00:00', '2026-11-08 05:00:00', '2026-11-08 05:01:00.000')");
        }
        String headRows = "SELECT r.run_id, s.id, s.category_id, s.category_rank, s.product_id, s.total_sold FROM "
                + db + ".sales_rank_head_run r CROSS JOIN " + db + ".sales_rank_head s ORDER BY s.id";
        LiveState before;
        List<String> headBefore;
        List<String> readersView;
        try (Connection admin = scratch.admin(); Connection reader = scratch.reader(readerPassword)) {
            before = LiveState.read(admin, scratch.name);
            headBefore = ScratchDatabase.rows(admin, headRows);
            readersView = readersView(reader);
        }
        assertThat(before.rankingTable()).contains("AUTO_INCREMENT", "PRIMARY KEY (`id`)");
        // the publisher numbered the rows in key order, whatever the table
        assertThat(before.runAndRows().get(0)).contains("\t1\t1\t1\t1001\t");
        assertThat(headBefore).hasSize(3);

        MigrateResult result = scratch.migrator().migrate();

        assertThat(result.migrationsExecuted).as("V4 to V6").isEqualTo(3);
        assertThat(result.targetSchemaVersion).isEqualTo("6");
        String clustered;
        try (Connection admin = scratch.admin(); Connection reader = scratch.reader(readerPassword)) {
            LiveState after = LiveState.read(admin, scratch.name);
            assertThat(after.runAndRows()).isEqualTo(before.runAndRows());
            assertThat(after.history()).isEqualTo(before.history());
            assertThat(after.runTable()).isEqualTo(before.runTable());
            assertThat(ScratchDatabase.rows(admin, headRows)).isEqualTo(headBefore);
            assertThat(readersView(reader)).isEqualTo(readersView);
            clustered = after.rankingTable();
            assertThat(clustered).contains("PRIMARY KEY (`category_id`,`category_rank`)", "KEY `ix_sales_rank_product` (`product_id`)")
                    .doesNotContain("AUTO_INCREMENT", "uk_sales_rank_category_rank");
            assertThat(LiveState.definition(admin, db + ".sales_rank_head").replace("sales_rank_head", "sales_rank"))
                    .isEqualTo(clustered);
            // ranks a..b of a category are a range of the primary key
            assertThat(ScratchDatabase.rows(admin, "EXPLAIN SELECT product_id FROM " + db + ".sales_rank"
                    + " WHERE category_id = 2 AND category_rank BETWEEN 2 AND 3")).singleElement().asString()
                    .contains("PRIMARY").contains("range");
        }

        // the next publish builds its staging table LIKE the clustered table, ids 1..n in key order
        PublishedRun v4Run = scratch.publish(tmp, writerPassword, 5, new Configuration());
        try (Connection admin = scratch.admin()) {
            assertThat(LiveState.definition(admin, db + ".sales_rank")).isEqualTo(clustered);
            List<String> expected = new java.util.ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                expected.add(v4Run.runId() + "\t" + i + "\t" + ((i - 1) / 4 + 1) + "\t" + ((i - 1) % 4 + 1));
            }
            assertThat(ScratchDatabase.rows(admin, "SELECT r.run_id, s.id, s.category_id, s.category_rank FROM " + db
                    + ".sales_rank_run r CROSS JOIN " + db + ".sales_rank s ORDER BY s.id")).isEqualTo(expected);
        }
        awaitHistoryOnReplica(List.of("1\tBASELINE\t1", "2\tSQL\t1", "3\tSQL\t1", "4\tSQL\t1", "5\tSQL\t1", "6\tSQL\t1"));
    }

    @Test
    void v4WaitsForAPublisherHoldingThePublishLock() throws Exception {
        scratch = new ScratchDatabase("v4lock");
        Flyway.configure().configuration(scratch.migrator().flyway().getConfiguration()).target("3").load().migrate();
        String db = "`" + scratch.name + "`";
        java.util.concurrent.ExecutorService migrating = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection publisher = scratch.admin(); Statement lock = publisher.createStatement()) {
            // what RankingPublisher holds from before it creates its staging table until after its swap
            assertThat(ScratchDatabase.rows(publisher, "SELECT GET_LOCK('" + scratch.name + ".sales_rank.publish', 0)"))
                    .containsExactly("1");
            java.util.concurrent.Future<MigrateResult> v4 = migrating.submit(() -> scratch.migrator().migrate());
            Thread.sleep(1500);
            assertThat(v4).isNotDone();
            try (Connection admin = scratch.admin()) {
                assertThat(LiveState.definition(admin, db + ".sales_rank")).contains("AUTO_INCREMENT");
            }
            lock.execute("DO RELEASE_LOCK('" + scratch.name + ".sales_rank.publish')");
            assertThat(v4.get(60, java.util.concurrent.TimeUnit.SECONDS).targetSchemaVersion).isEqualTo("6");
        } finally {
            migrating.shutdownNow();
        }
        try (Connection admin = scratch.admin()) {
            assertThat(LiveState.definition(admin, db + ".sales_rank"))
                    .contains("PRIMARY KEY (`category_id`,`category_rank`)");
        }
    }

    @Test
    void aFailingMigrationLeavesTheLiveRankingServed() throws Exception {
        scratch = new ScratchDatabase("failing");
        String writerPassword = ScratchDatabase.randomPassword();
        String readerPassword = ScratchDatabase.randomPassword();
        scratch.createWithLegacySql(writerPassword, readerPassword);
        scratch.seedLegacyRanking(3);
        scratch.migrator().migrate(); // the packaged migrations succeed; V90 is the one that fails
        LiveState before;
        List<String> readersView;
        try (Connection admin = scratch.admin(); Connection reader = scratch.reader(readerPassword)) {
            before = LiveState.read(admin, scratch.name);
            readersView = readersView(reader);
        }

        assertThatThrownBy(() -> scratch.migrator("classpath:db/failing-migration").migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("V90__fails_halfway.sql")
                .hasMessageContaining("no_such_column");

        try (Connection admin = scratch.admin(); Connection reader = scratch.reader(readerPassword)) {
            assertThat(LiveState.read(admin, scratch.name)).isEqualTo(before);
            assertThat(readersView(reader)).isEqualTo(readersView).hasSize(20);
            // recorded as failed: the next run stops there until someone repairs it, it does not skip it
            assertThat(ScratchDatabase.rows(admin, HISTORY.formatted(scratch.name)))
                    .containsExactly("1\tBASELINE\t1", "2\tSQL\t1", "3\tSQL\t1", "4\tSQL\t1", "5\tSQL\t1", "6\tSQL\t1", "90\tSQL\t0");
        }
        assertThatThrownBy(() -> scratch.migrator("classpath:db/failing-migration").migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("failed migration");
        try (Connection reader = scratch.reader(readerPassword)) {
            assertThat(readersView(reader)).isEqualTo(readersView);
        }
    }

    @Test
    void aMigrationThatChangesTheRankingTableIsWhatThePublisherPublishes() throws Exception {
        scratch = new ScratchDatabase("v2");
        String writerPassword = scratch.settings.writerPassword();
        MigrateResult result = scratch.migrator("classpath:db/v2-migration").migrate();
        assertThat(result.migrationsExecuted).isEqualTo(7);
        String migrated;
        try (Connection admin = scratch.admin()) {
            migrated = LiveState.definition(admin, "`" + scratch.name + "`.sales_rank");
        }
        assertThat(migrated).contains("ix_sales_rank_category_total", "`total_sold` DESC", "`note`(8)");

        for (String indexes : List.of("after-load", "before-load")) {
            Configuration conf = new Configuration();
            conf.set(RankerConfigKeys.PUBLISH_INDEXES, indexes);
            PublishedRun run = scratch.publish(tmp, writerPassword, indexes.length(), conf);

            try (Connection admin = scratch.admin()) {
                assertThat(LiveState.definition(admin, "`" + scratch.name + "`.sales_rank")).as(indexes)
                        .isEqualTo(migrated);
                assertThat(ScratchDatabase.rows(admin, "SELECT COUNT(*), MIN(run_id) FROM `" + scratch.name
                        + "`.sales_rank CROSS JOIN `" + scratch.name + "`.sales_rank_run"))
                        .containsExactly("20\t" + run.runId());
                // the new index is usable, in its order: the best seller of category 2 first
                assertThat(ScratchDatabase.rows(admin, "SELECT product_id FROM `" + scratch.name + "`.sales_rank"
                        + " FORCE INDEX (ix_sales_rank_category_total) WHERE category_id = 2 ORDER BY total_sold DESC LIMIT 1"))
                        .containsExactly("2001");
            }
        }
    }

    @Test
    void withoutTheLiveTableThereIsNothingToPublishLike() throws Exception {
        scratch = new ScratchDatabase("nolive");
        scratch.migrator().migrate();
        try (Connection admin = scratch.admin(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE `" + scratch.name + "`.sales_rank"); // by hand, outside the migrations
        }

        assertThatThrownBy(() -> scratch.publish(tmp, scratch.settings.writerPassword(), 1, new Configuration()))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("the live table sales_rank does not exist")
                .hasMessageContaining("scripts/migrate.sh");

        try (Connection admin = scratch.admin()) {
            assertThat(ScratchDatabase.rows(admin, "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + scratch.name + "' AND table_name LIKE 'sales\\_rank%' ORDER BY table_name")).containsExactly("sales_rank_head", "sales_rank_head_run", "sales_rank_history", "sales_rank_run");
        }
    }

    /** What the read API shows: the run and its rows, in one statement. */
    private static List<String> readersView(Connection reader) throws SQLException {
        return ScratchDatabase.rows(reader, "SELECT r.run_id, r.window_start, s.category_id, s.category_rank,"
                + " s.product_id, s.total_sold FROM sales_rank_run r CROSS JOIN sales_rank s"
                + " ORDER BY s.category_id, s.category_rank");
    }

    /** The history table replicates like everything else; waits up to 30 s for the replica to have it. */
    private void awaitHistoryOnReplica(List<String> expected) throws Exception {
        List<String> seen = List.of();
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (Connection replica = scratch.adminOnReplica()) {
            while (System.nanoTime() < deadline) {
                try {
                    seen = ScratchDatabase.rows(replica, HISTORY.formatted(scratch.name));
                } catch (SQLException notYet) {
                    seen = List.of(notYet.getMessage());
                }
                if (seen.equals(expected)) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        assertThat(seen).as("the replica's flyway_schema_history within 30 s").isEqualTo(expected);
    }

    private static void assertRefused(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                    .hasMessageContaining("denied");
        }
    }
}
