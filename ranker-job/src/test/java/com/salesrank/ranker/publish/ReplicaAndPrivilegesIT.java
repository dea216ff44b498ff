package com.salesrank.ranker.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaAndPrivilegesIT {

    private static final TestRankings RANKINGS = new TestRankings(30, 12);

    @TempDir
    Path tmp;

    @Test
    void publishedRowsReachTheReplica() throws Exception {
        long generation = 201;
        PublishedRun run = new RankingPublisher(LocalStack.writer())
                .publish(TestRankings.hadoopPath(RANKINGS.write(tmp, generation, 2)), new Configuration(),
                        RANKINGS.facts(generation));

        try (Connection replica = LocalStack.readerOnReplica()) {
            LiveRanking seen = null;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                seen = LiveRanking.read(replica);
                if (seen != null && seen.runId() >= run.runId()) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(seen).as("the replica's live run within 30 s").isNotNull();
            assertThat(seen.runId()).isEqualTo(run.runId());
            assertThat(seen.windowStart()).isEqualTo(run.windowStart());
            assertThat(LiveRanking.lines(replica))
                    .containsExactlyElementsOf(RankingPublisherIT.expectedLines(RANKINGS, generation));
        }
    }

    @Test
    void theReaderCanReadButNotWrite() throws SQLException {
        try (Connection reader = LocalStack.readerOnPrimary(); Statement s = reader.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM sales_rank").close();
            s.executeQuery("SELECT * FROM ops_latest_run").close();
            s.executeQuery("SELECT * FROM ops_category_top10 LIMIT 1").close();
            s.executeQuery("SELECT * FROM ops_run_history LIMIT 1").close();

            assertRefused(s, "INSERT INTO sales_rank (category_id, product_id, total_sold, category_rank) VALUES (1, 1, 1, 999999)");
            assertRefused(s, "INSERT INTO ranking_runs (window_start, window_end, rows_published, lines_read,"
                    + " malformed_lines, published_at, job_wall_ms) VALUES (NOW(), NOW(), 0, 0, 0, NOW(), 0)");
            assertRefused(s, "DELETE FROM sales_rank_run");
            assertRefused(s, "CREATE TABLE sales_rank_staging (id INT)");
            assertRefused(s, "DROP TABLE sales_rank");
        }
    }

    @Test
    void theWriterCanTouchOnlyTheRankingTables() throws SQLException {
        try (Connection writer = LocalStack.writerConnection(); Statement s = writer.createStatement()) {
            for (String sql : List.of(
                    "INSERT INTO categories (category_id, name) VALUES (999999, 'x')",
                    "DELETE FROM products",
                    "CREATE TABLE something_else (id INT)",
                    // the publisher's CREATE TABLE ... LIKE works only into its own staging names
                    "CREATE TABLE something_else LIKE sales_rank",
                    "CREATE TABLE categories_copy LIKE categories",
                    "DELETE FROM ranking_runs",
                    "UPDATE ranking_runs SET rows_published = 0",
                    "DROP TABLE ranking_runs")) {
                assertRefused(s, sql);
            }
        }
    }

    @Test
    void theReplicaRefusesWritesEvenFromTheWriter() throws SQLException {
        DatabaseSettings writer = LocalStack.writer();
        String replicaUrl = System.getenv("SALESRANK_REPLICA_URLS").split(",")[0].trim();
        try (Connection c = java.sql.DriverManager.getConnection(replicaUrl, writer.user(), writer.password());
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("CREATE TABLE sales_rank_staging (id INT)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only");
        }
    }

    private static void assertRefused(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql))
                .as(sql)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("denied")
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isIn(1142, 1044, 1045, 1143));
    }
}
