package com.salesrank.ranker.publish;

import com.salesrank.ranker.RankerConfigKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankingPublisherIT {

    private static final TestRankings SMALL = new TestRankings(20, 15);

    @TempDir
    Path tmp;

    private final Configuration conf = new Configuration();
    private RankingPublisher publisher;
    private Connection db;

    @BeforeEach
    void connect() throws SQLException {
        publisher = new RankingPublisher(LocalStack.writer());
        db = LocalStack.writerConnection();
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void publishesTheRowsTheWindowAndTheHistory() throws Exception {
        long generation = 101;
        Path dir = SMALL.write(tmp, generation, 3);
        RunFacts facts = SMALL.facts(generation);

        PublishedRun run = publisher.publish(TestRankings.hadoopPath(dir), conf, facts);

        assertThat(run.rows()).isEqualTo(300);
        assertThat(LiveRanking.lines(db)).containsExactlyElementsOf(expectedLines(SMALL, generation));
        LiveRanking live = LiveRanking.read(db);
        assertThat(live.runId()).isEqualTo(run.runId());
        assertThat(live.windowStart()).isEqualTo(facts.windowStart());
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT window_start, window_end, rows_published, lines_read,"
                     + " malformed_lines, job_wall_ms, published_at FROM ranking_runs WHERE run_id = " + run.runId())) {
            assertThat(rs.next()).as("history row of run %d", run.runId()).isTrue();
            assertThat(LiveRanking.utc(rs.getObject(1, LocalDateTime.class))).isEqualTo(facts.windowStart());
            assertThat(LiveRanking.utc(rs.getObject(2, LocalDateTime.class))).isEqualTo(facts.windowEnd());
            assertThat(rs.getLong(3)).isEqualTo(300);
            assertThat(rs.getLong(4)).isEqualTo(facts.linesRead());
            assertThat(rs.getLong(5)).isEqualTo(facts.malformedLines());
            assertThat(rs.getLong(6)).isEqualTo(facts.jobWallMs());
            assertThat(LiveRanking.utc(rs.getObject(7, LocalDateTime.class))).isEqualTo(run.publishedAt());
        }
        assertThat(indexes(db)).containsExactly("PRIMARY:category_id", "PRIMARY:category_rank",
                "ix_sales_rank_product:product_id");
        assertThat(LiveRanking.tablesNamed(db, "sales\\_rank%")).containsExactly("sales_rank", "sales_rank_head", "sales_rank_head_run", "sales_rank_history", "sales_rank_run");
    }

    @Test
    void creatingTheIndexesBeforeTheLoadPublishesTheSameTable() throws Exception {
        long generation = 102;
        conf.set(RankerConfigKeys.PUBLISH_INDEXES, "before-load");

        publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, generation, 2)), conf, SMALL.facts(generation));

        assertThat(LiveRanking.lines(db)).containsExactlyElementsOf(expectedLines(SMALL, generation));
        assertThat(indexes(db)).containsExactly("PRIMARY:category_id", "PRIMARY:category_rank",
                "ix_sales_rank_product:product_id");
    }

    /** Several committed statements (what a replica applies while the primary loads on): the same table. */
    @Test
    void aLoadInCommittedStatementsOfAFewRowsPublishesTheSameTable() throws Exception {
        long generation = 105;
        conf.setLong(RankerConfigKeys.PUBLISH_COMMIT_ROWS, 7);
        conf.setBoolean(RankerConfigKeys.HISTORY_ENABLED, false); // its own LOAD DATA would count too
        long statementsBefore = loadStatementsRun();

        PublishedRun run = publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, generation, 2)), conf,
                SMALL.facts(generation));

        assertThat(LiveRanking.lines(db)).containsExactlyElementsOf(expectedLines(SMALL, generation));
        assertThat(run.rows()).isEqualTo(SMALL.rows());
        assertThat(loadStatementsRun() - statementsBefore).as("LOAD DATA statements, 7 rows each at most")
                .isEqualTo((SMALL.rows() + 6) / 7);
    }

    @Test
    void aNegativeCommitRowsIsRefusedBeforeAnythingChanges() throws Exception {
        publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 106, 2)), conf, SMALL.facts(106));
        LiveRanking before = LiveRanking.read(db);
        conf.setLong(RankerConfigKeys.PUBLISH_COMMIT_ROWS, -1);

        assertThatThrownBy(() -> publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 107, 2)), conf,
                SMALL.facts(107)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining(RankerConfigKeys.PUBLISH_COMMIT_ROWS + " must be 0 (one statement) or more");
        assertThat(LiveRanking.read(db)).isEqualTo(before);
    }

    /** The server's count of LOAD DATA statements run, all sessions. */
    private long loadStatementsRun() throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_load'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    @Test
    void publishingTheSameWindowTwiceGivesANewRunWithTheSameRows() throws Exception {
        long generation = 103;
        Path dir = SMALL.write(tmp, generation, 2);

        PublishedRun first = publisher.publish(TestRankings.hadoopPath(dir), conf, SMALL.facts(generation));
        List<String> rowsAfterFirst = LiveRanking.lines(db);
        PublishedRun second = publisher.publish(TestRankings.hadoopPath(dir), conf, SMALL.facts(generation));

        assertThat(second.runId()).isGreaterThan(first.runId());
        assertThat(LiveRanking.lines(db)).isEqualTo(rowsAfterFirst)
                .containsExactlyElementsOf(expectedLines(SMALL, generation));
        assertThat(LiveRanking.read(db).runId()).isEqualTo(second.runId());
        assertThat(historyWindowCount(first.windowStart())).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRowCountThatDoesNotMatchTheJobsCounterLeavesTheLiveRankingAlone() throws Exception {
        publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 104, 2)), conf, SMALL.facts(104));
        LiveRanking before = LiveRanking.read(db);
        RunFacts facts = SMALL.facts(105);
        RunFacts wrongCount = new RunFacts(facts.windowStart(), facts.windowEnd(), facts.expectedRows() + 1,
                facts.linesRead(), facts.malformedLines(), facts.jobWallMs());

        assertThatThrownBy(() -> publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 105, 2)), conf, wrongCount))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("300 rows but the job counted 301");

        assertThat(LiveRanking.read(db)).isEqualTo(before);
        assertThat(LiveRanking.tablesNamed(db, "sales\\_rank%")).containsExactly("sales_rank", "sales_rank_head", "sales_rank_head_run", "sales_rank_history", "sales_rank_run");
    }

    @Test
    void aMalformedOutputLineLeavesTheLiveRankingAlone() throws Exception {
        publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 106, 2)), conf, SMALL.facts(106));
        LiveRanking before = LiveRanking.read(db);
        Path bad = SMALL.write(tmp, 107, 2);
        Files.writeString(bad.resolve("part-r-00001"), "7\t1\tnot-a-product\t5\n", StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND);

        assertThatThrownBy(() -> publisher.publish(TestRankings.hadoopPath(bad), conf, SMALL.facts(107)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("malformed")
                .hasMessageContaining("part-r-00001 line 151");

        assertThat(LiveRanking.read(db)).isEqualTo(before);
        assertThat(LiveRanking.tablesNamed(db, "sales\\_rank%")).containsExactly("sales_rank", "sales_rank_head", "sales_rank_head_run", "sales_rank_history", "sales_rank_run");
    }

    @Test
    void aDuplicateRankLeavesTheLiveRankingAlone() throws Exception {
        publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 108, 2)), conf, SMALL.facts(108));
        LiveRanking before = LiveRanking.read(db);
        Path bad = SMALL.write(tmp, 109, 1);
        // category 3 rank 1 twice: the primary key (category_id, category_rank) refuses the second
        Files.writeString(bad.resolve("part-r-00001"), "3\t1\t999\t5\n", StandardCharsets.US_ASCII);
        RunFacts facts = SMALL.facts(109);
        RunFacts withExtraRow = new RunFacts(facts.windowStart(), facts.windowEnd(), facts.expectedRows() + 1,
                facts.linesRead(), facts.malformedLines(), facts.jobWallMs());

        assertThatThrownBy(() -> publisher.publish(TestRankings.hadoopPath(bad), conf, withExtraRow))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("not published")
                .hasMessageContaining("Duplicate");

        assertThat(LiveRanking.read(db)).isEqualTo(before);
        assertThat(LiveRanking.tablesNamed(db, "sales\\_rank%")).containsExactly("sales_rank", "sales_rank_head", "sales_rank_head_run", "sales_rank_history", "sales_rank_run");
    }

    @Test
    void missingOutputAndEmptyRankingsAreRefused() throws Exception {
        publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 110, 2)), conf, SMALL.facts(110));
        LiveRanking before = LiveRanking.read(db);
        Path empty = Files.createDirectory(tmp.resolve("no-parts"));
        RunFacts noRows = new RunFacts(TestRankings.windowStart(111), TestRankings.windowStart(111 + 168), 0, 0, 0, 1);

        assertThatThrownBy(() -> publisher.publish(TestRankings.hadoopPath(empty), conf, SMALL.facts(111)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("no part-* files");
        assertThatThrownBy(() -> publisher.publish(TestRankings.hadoopPath(empty), conf, noRows))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("refusing to replace the live ranking with an empty one");

        assertThat(LiveRanking.read(db)).isEqualTo(before);
    }

    @Test
    void aPublisherWaitingForTheLockPublishesOnceTheHolderReleasesIt() throws Exception {
        publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 114, 2)), conf, SMALL.facts(114));
        Path dir = SMALL.write(tmp, 115, 2);
        conf.setInt(RankerConfigKeys.PUBLISH_LOCK_TIMEOUT_SECONDS, 60);
        ExecutorService second = Executors.newSingleThreadExecutor();
        try (Connection holder = LocalStack.writerConnection(); Statement s = holder.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT GET_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'), 5)")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            Future<PublishedRun> waiting = second.submit(
                    () -> publisher.publish(TestRankings.hadoopPath(dir), conf, SMALL.facts(115)));
            // the second publisher's session waits on the server for the named lock
            await().atMost(Duration.ofSeconds(30)).until(() -> sessionsWaitingForTheLock(s) > 0);
            assertThat(waiting).isNotDone();

            try (ResultSet rs = s.executeQuery("SELECT RELEASE_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'))")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            PublishedRun published = waiting.get(60, TimeUnit.SECONDS);
            assertThat(LiveRanking.read(db).runId()).isEqualTo(published.runId());
        } finally {
            second.shutdownNow();
        }
    }

    private static long sessionsWaitingForTheLock(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.processlist"
                + " WHERE info LIKE 'SELECT GET_LOCK(%' AND id <> CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSecondPublisherWaitsForTheLockThenFailsClearly() throws Exception {
        publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 112, 2)), conf, SMALL.facts(112));
        LiveRanking before = LiveRanking.read(db);
        Path dir = SMALL.write(tmp, 113, 2);
        conf.setInt(RankerConfigKeys.PUBLISH_LOCK_TIMEOUT_SECONDS, 1);

        try (Connection holder = LocalStack.writerConnection(); Statement s = holder.createStatement()) {
            // another publisher in the middle of its run holds this lock
            try (ResultSet rs = s.executeQuery("SELECT GET_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'), 5)")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> publisher.publish(TestRankings.hadoopPath(dir), conf, SMALL.facts(113)))
                    .isInstanceOf(PublisherBusyException.class)
                    .hasMessageContaining("another publisher")
                    .hasMessageContaining("within 1 s");
            assertThat(LiveRanking.read(db)).isEqualTo(before);
        }

        // the holder is gone, and with it the lock
        PublishedRun after = publisher.publish(TestRankings.hadoopPath(dir), conf, SMALL.facts(113));
        assertThat(LiveRanking.read(db).runId()).isEqualTo(after.runId());
    }

    @Test
    void twoConcurrentPublishersSwapOneAfterTheOther() throws Exception {
        TestRankings bigger = new TestRankings(200, 500); // long enough a load for the two to overlap
        Path a = bigger.write(tmp, 114, 4);
        Path b = bigger.write(tmp, 115, 4);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<PublishedRun>> runs = new ArrayList<>();
        for (var job : List.of(new Object[] {a, 114L}, new Object[] {b, 115L})) {
            RankingPublisher own = new RankingPublisher(LocalStack.writer());
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return own.publish(TestRankings.hadoopPath((Path) job[0]), conf, bigger.facts((Long) job[1]));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        PublishedRun first = runs.get(0).get(60, TimeUnit.SECONDS);
        PublishedRun second = runs.get(1).get(60, TimeUnit.SECONDS);

        assertThat(first.runId()).isNotEqualTo(second.runId());
        PublishedRun last = first.runId() > second.runId() ? first : second;
        long lastGeneration = TestRankings.generationOf(last.windowStart());
        LiveRanking live = LiveRanking.read(db);
        assertThat(live.runId()).isEqualTo(last.runId());
        assertThat(live.windowStart()).isEqualTo(last.windowStart());
        assertThat(live.rows()).isEqualTo(bigger.rows());
        assertThat(live.sumTotalSold()).isEqualTo(expectedSumTotalSold(bigger, lastGeneration));
        // the one that ran first finished its swap before the other one's load even began
        PublishedRun earlier = last == first ? second : first;
        assertThat(earlier.publishedAt()).isBefore(last.publishedAt());
        assertThat(LiveRanking.tablesNamed(db, "sales\\_rank%")).containsExactly("sales_rank", "sales_rank_head", "sales_rank_head_run", "sales_rank_history", "sales_rank_run");
    }

    static List<String> expectedLines(TestRankings rankings, long generation) {
        List<String> lines = new ArrayList<>();
        for (int category = 1; category <= rankings.categories; category++) {
            for (int rank = 1; rank <= rankings.ranks; rank++) {
                lines.add(category + "\t" + rank + "\t" + TestRankings.productId(category, rank) + "\t"
                        + TestRankings.totalSold(generation, rank, rankings.ranks));
            }
        }
        return lines;
    }

    static long expectedSumTotalSold(TestRankings rankings, long generation) {
        return rankings.rows() * generation * TestRankings.GENERATION_FACTOR
                + (long) rankings.categories * rankings.ranks * (rankings.ranks + 1) / 2;
    }

    private static List<String> indexes(Connection db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SHOW INDEX FROM sales_rank")) {
            while (rs.next()) {
                names.add(rs.getString("Key_name") + ":" + rs.getString("Column_name"));
            }
        }
        return names;
    }

    private long historyWindowCount(java.time.Instant windowStart) throws SQLException {
        try (var s = db.prepareStatement("SELECT COUNT(*) FROM ranking_runs WHERE window_start = ?")) {
            s.setObject(1, LocalDateTime.ofInstant(windowStart, java.time.ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

}
