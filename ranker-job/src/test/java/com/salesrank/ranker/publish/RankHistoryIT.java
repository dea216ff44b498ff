package com.salesrank.ranker.publish;

import com.salesrank.contract.Ranking;

import com.salesrank.ranker.RankerConfigKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sales_rank_history on the real stack: what a full publish keeps, what it prunes, and that a run that
 * never went live leaves nothing there. Window ends are far from the other ITs' (generations 5000+),
 * and every assertion is about this test's own runs or windows.
 */
class RankHistoryIT {

    /** 120 ranks: the history keeps 1..100. */
    private static final TestRankings RANKS = new TestRankings(3, 120);

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
    void aFullPublishKeepsTheTopHundredOfEveryCategoryWithItsRunAndWindowEnd() throws Exception {
        long generation = 5001;
        PublishedRun run = publish(RANKS, generation);

        assertThat(rows("SELECT category_id, COUNT(*), MIN(category_rank), MAX(category_rank), MIN(window_end),"
                + " MAX(window_end) FROM sales_rank_history WHERE run_id = " + run.runId()
                + " GROUP BY category_id ORDER BY category_id")).containsExactly(
                "1\t100\t1\t100\t" + sql(run.windowEnd()) + "\t" + sql(run.windowEnd()),
                "2\t100\t1\t100\t" + sql(run.windowEnd()) + "\t" + sql(run.windowEnd()),
                "3\t100\t1\t100\t" + sql(run.windowEnd()) + "\t" + sql(run.windowEnd()));
        // each row is the live row of that rank: product and total sold
        assertThat(rows("SELECT h.category_id, h.category_rank, h.product_id, h.total_sold FROM sales_rank_history h"
                + " WHERE h.run_id = " + run.runId() + " AND h.category_rank IN (1, 100) ORDER BY 1, 2"))
                .containsExactly(
                        "1\t1\t" + TestRankings.productId(1, 1) + "\t" + TestRankings.totalSold(generation, 1, 120),
                        "1\t100\t" + TestRankings.productId(1, 100) + "\t" + TestRankings.totalSold(generation, 100, 120),
                        "2\t1\t" + TestRankings.productId(2, 1) + "\t" + TestRankings.totalSold(generation, 1, 120),
                        "2\t100\t" + TestRankings.productId(2, 100) + "\t" + TestRankings.totalSold(generation, 100, 120),
                        "3\t1\t" + TestRankings.productId(3, 1) + "\t" + TestRankings.totalSold(generation, 1, 120),
                        "3\t100\t" + TestRankings.productId(3, 100) + "\t" + TestRankings.totalSold(generation, 100, 120));
        assertThat(run.historyMillis()).isLessThanOrEqualTo(run.totalMillis());
    }

    @Test
    void theHistoryReachesTheReplicaAndOnlyThePublisherWritesIt() throws Exception {
        PublishedRun run = publish(RANKS, 5021);

        try (Connection replica = LocalStack.readerOnReplica(); Statement s = replica.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long rows = -1;
            while (rows != 300 && System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sales_rank_history WHERE run_id = " + run.runId())) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                if (rows != 300) {
                    Thread.sleep(50);
                }
            }
            assertThat(rows).as("the run's history on the replica").isEqualTo(300);
        }
        try (Connection reader = LocalStack.readerOnPrimary(); Statement s = reader.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM sales_rank_history WHERE run_id = " + run.runId()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
        try (Statement s = db.createStatement()) {
            // the writer appends and prunes; it never rewrites a kept rank
            assertThatThrownBy(() -> s.executeUpdate("UPDATE sales_rank_history SET category_rank = 1 WHERE run_id = "
                    + run.runId())).isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
        assertThat(countOf(run)).isEqualTo(300);
    }

    @Test
    void theHeadRankingKeepsNoHistory() throws Exception {
        publish(RANKS, 5011);
        long generation = 5012;
        PublishedRun head = new RankingPublisher(LocalStack.writer(), Ranking.HEAD)
                .publish(TestRankings.hadoopPath(RANKS.write(tmp, generation, 2)), conf, RANKS.facts(generation));

        assertThat(rows("SELECT COUNT(*) FROM sales_rank_history WHERE run_id = " + head.runId())).containsExactly("0");
        assertThat(head.historyMillis()).isZero();
    }

    @Test
    void aPublishDropsTheDaysWhollyOlderThanTheRetentionAndAddsTheDaysAhead() throws Exception {
        conf.setInt(RankerConfigKeys.HISTORY_DAYS, 1);
        LocalDate day = firstDayAfterEveryPartition().plusDays(40); // a gap: the test's own days from here on
        PublishedRun first = publish(RANKS, generationEndingAt(day, 10));
        PublishedRun second = publish(RANKS, generationEndingAt(day, 20));
        assertThat(partitionNames()).containsSubsequence(dayPartition(day), dayPartition(day.plusDays(1)),
                dayPartition(day.plusDays(2)));
        assertThat(partitionNames()).last().isEqualTo(dayPartition(day.plusDays(HistoryPartitions.DAYS_AHEAD)));

        // a day and an hour after the first: its day still holds a window younger than the retention
        PublishedRun third = publish(RANKS, generationEndingAt(day.plusDays(1), 20));
        assertThat(countOf(first)).as("kept with its day, 34 h old").isEqualTo(300);
        assertThat(countOf(second)).isEqualTo(300);
        assertThat(partitionNames()).contains(dayPartition(day));

        // the retention now starts after the first day's end: the whole day goes
        PublishedRun fourth = publish(RANKS, generationEndingAt(day.plusDays(2), 1));
        assertThat(countOf(first)).isZero();
        assertThat(countOf(second)).isZero();
        assertThat(countOf(third)).as("29 h old, its day ends after the retention starts").isEqualTo(300);
        assertThat(countOf(fourth)).isEqualTo(300);
        assertThat(partitionNames()).doesNotContain(dayPartition(day))
                .first().isEqualTo(dayPartition(day.plusDays(1)));
        assertThat(partitionNames()).last().isEqualTo(dayPartition(day.plusDays(2 + HistoryPartitions.DAYS_AHEAD)));
    }

    /**
     * V5 put the history from before it into one partition spanning its days, and a window published
     * far ahead of the last gets one for the gap: while such a partition is the oldest, its rows older
     * than the retention are deleted, in batches, as before partitions.
     */
    @Test
    void whileTheOldestPartitionSpansDaysItsRowsOlderThanTheRetentionAreDeleted() throws Exception {
        // 120 categories x 100 kept ranks = 12,000 rows a run: more than one DELETE batch each
        TestRankings wide = new TestRankings(120, 100);
        conf.setInt(RankerConfigKeys.HISTORY_DAYS, 1);
        LocalDate day = firstDayAfterEveryPartition().plusDays(60);
        publish(RANKS, generationEndingAt(day, 0)); // the gap before this day: one "pupto" partition
        assertThat(partitionNames()).contains("pupto" + HistoryPartitions.DAY_NAME.format(day.minusDays(1)));
        LocalDate inGap = day.minusDays(20);
        PublishedRun first = publish(wide, generationEndingAt(inGap, 2));
        PublishedRun second = publish(wide, generationEndingAt(inGap, 22));       // 20 h later
        assertThat(countOf(first)).isEqualTo(12_000);
        assertThat(countOf(second)).isEqualTo(12_000);

        PublishedRun third = publish(wide, generationEndingAt(inGap.plusDays(1), 23)); // 25 h after the second

        assertThat(countOf(first)).as("45 h old").isZero();
        assertThat(countOf(second)).as("25 h old").isZero();
        assertThat(countOf(third)).isEqualTo(12_000);

        PublishedRun fourth = publish(wide, generationEndingAt(inGap.plusDays(2), 14)); // 15 h later: the third stays
        assertThat(countOf(third)).isEqualTo(12_000);
        assertThat(countOf(fourth)).isEqualTo(12_000);
    }

    @Test
    void withHistoryDisabledAPublishNeitherWritesNorPrunesIt() throws Exception {
        conf.setInt(RankerConfigKeys.HISTORY_DAYS, 1);
        PublishedRun kept = publish(RANKS, 5401);
        assertThat(countOf(kept)).isEqualTo(300);
        conf.setBoolean(RankerConfigKeys.HISTORY_ENABLED, false);

        PublishedRun off = publish(RANKS, 5450);          // 49 h later: would prune the first

        assertThat(countOf(off)).isZero();
        assertThat(off.historyMillis()).isZero();
        assertThat(countOf(kept)).as("not pruned").isEqualTo(300);
        assertThat(LiveRanking.read(db).runId()).isEqualTo(off.runId());
    }

    @Test
    void aRetentionBelowOneDayIsRefusedBeforeAnythingChanges() throws Exception {
        publish(RANKS, 5201);
        LiveRanking before = LiveRanking.read(db);
        conf.setInt(RankerConfigKeys.HISTORY_DAYS, 0);

        assertThatThrownBy(() -> publish(RANKS, 5202))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining(RankerConfigKeys.HISTORY_DAYS + " must be at least 1");
        assertThat(LiveRanking.read(db)).isEqualTo(before);
    }

    @Test
    void aRunThatFailsBeforeItsSwapLeavesNoHistory() throws Exception {
        publish(RANKS, 5301);
        long historyBefore = total();
        RunFacts facts = RANKS.facts(5302);
        RunFacts wrongCount = new RunFacts(facts.windowStart(), facts.windowEnd(), facts.expectedRows() + 1,
                facts.linesRead(), facts.malformedLines(), facts.jobWallMs());

        assertThatThrownBy(() -> publisher.publish(TestRankings.hadoopPath(RANKS.write(tmp, 5302, 2)), conf, wrongCount))
                .isInstanceOf(PublishException.class);

        assertThat(countAt(facts.windowEnd())).isZero();
        assertThat(total()).isEqualTo(historyBefore);
    }

    /**
     * The swap itself fails: a reader's open transaction holds a metadata lock on the live run table, the
     * publisher's RENAME TABLE waits for it, and is killed there (as an operator or a timeout would).
     */
    @Test
    void aRunWhoseSwapFailsLeavesNoHistoryAndTheNextRunPublishesNormally() throws Exception {
        PublishedRun live = publish(RANKS, 5401);
        long generation = 5402;
        Path dir = RANKS.write(tmp, generation, 2);
        RunFacts facts = RANKS.facts(generation);
        // a reused stack keeps this window's history from an earlier run of this test (its second publish)
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM sales_rank_history WHERE window_end = '" + sql(facts.windowEnd()) + "'");
        }
        long historyBefore = total();

        CompletableFuture<PublishedRun> publishing;
        try (Connection reader = LocalStack.readerOnPrimary(); Statement s = reader.createStatement()) {
            reader.setAutoCommit(false);
            s.executeQuery("SELECT COUNT(*) FROM sales_rank_run").close(); // holds the MDL until the transaction ends
            publishing = CompletableFuture.supplyAsync(() -> {
                try {
                    return publisher.publish(TestRankings.hadoopPath(dir), conf, facts);
                } catch (PublishException e) {
                    throw new RuntimeException(e);
                }
            });
            long swapping = awaitSwapWaiting();
            // inserted aside before the swap, not committed: invisible while the RENAME waits
            assertThat(countAt(facts.windowEnd())).as("history of a run that is not live yet").isZero();
            try (Statement kill = db.createStatement()) {
                kill.execute("KILL QUERY " + swapping);
            }
            assertThatThrownBy(() -> publishing.get(60, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SQLException.class)
                    .hasMessageContaining("the live ranking is unchanged");
            reader.rollback();
        }

        assertThat(LiveRanking.read(db).runId()).isEqualTo(live.runId());
        assertThat(countAt(facts.windowEnd())).as("history of the run that never went live").isZero();
        assertThat(total()).isEqualTo(historyBefore);

        PublishedRun next = publisher.publish(TestRankings.hadoopPath(dir), conf, facts);
        assertThat(countOf(next)).isEqualTo(300);
        assertThat(countAt(facts.windowEnd())).isEqualTo(300);
    }

    /** The history's own connection fails: the publish stops before its swap and leaves no history. */
    @Test
    void aHistoryThatCannotBeWrittenFailsThePublishBeforeItsSwap() throws Exception {
        publish(RANKS, 5601);
        LiveRanking before = LiveRanking.read(db);
        long historyBefore = total();
        AtomicInteger connections = new AtomicInteger();
        RankingPublisher failingAside = new RankingPublisher(LocalStack.writer(), Ranking.FULL,
                real -> () -> {
                    if (connections.incrementAndGet() == 2) { // the first is the publisher's own, then prune and insert
                        throw new SQLException("injected: the history's connection is refused");
                    }
                    return real.connect();
                });

        assertThatThrownBy(() -> failingAside.publish(TestRankings.hadoopPath(RANKS.write(tmp, 5602, 2)), conf,
                RANKS.facts(5602)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("failed before the swap, the live ranking is unchanged")
                .hasMessageContaining("sales_rank_history on its own connection: injected: the history's connection is refused")
                .satisfies(e -> assertThat(((PublishException) e).outcome())
                        .isEqualTo(PublishException.Outcome.NOT_PUBLISHED));

        assertThat(connections.get()).isGreaterThanOrEqualTo(2);
        assertThat(LiveRanking.read(db)).isEqualTo(before);
        assertThat(countAt(RANKS.facts(5602).windowEnd())).isZero();
        assertThat(total()).isEqualTo(historyBefore);
    }

    /** A publisher that died right after its swap left a live run without history: the next one adds it. */
    @Test
    void theNextPublishAddsTheLiveRunThatLacksItsHistory() throws Exception {
        PublishedRun orphaned = publish(RANKS, 5501);
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM sales_rank_history WHERE run_id = " + orphaned.runId());
        }

        PublishedRun next = publish(RANKS, 5502);

        assertThat(countOf(orphaned)).isEqualTo(300);
        assertThat(countOf(next)).isEqualTo(300);
        // and only once: a third publish finds both there
        publish(RANKS, 5503);
        assertThat(countOf(orphaned)).isEqualTo(300);
    }

    private PublishedRun publish(TestRankings rankings, long generation) throws Exception {
        return publisher.publish(TestRankings.hadoopPath(rankings.write(tmp, generation, 2)), conf,
                rankings.facts(generation));
    }

    /** The id of the publisher's connection once its RENAME TABLE waits for the metadata lock. */
    private long awaitSwapWaiting() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        while (System.nanoTime() < deadline) {
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM information_schema.processlist"
                         + " WHERE info LIKE 'RENAME TABLE sales_rank %' AND state LIKE '%metadata lock%'")) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the publisher's RENAME TABLE never waited for the metadata lock");
    }

    /** The generation whose window (7 days from its start, {@link TestRankings}) ends at this hour of the day. */
    private static long generationEndingAt(LocalDate day, int hour) {
        Instant end = day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
        return Duration.between(TestRankings.EPOCH, end.minus(Duration.ofDays(7))).toHours();
    }

    /**
     * The day after the last partition's end, whatever other tests published before, and late enough
     * for the generations of a month before it to be positive (a fresh stack's history has only V5's
     * partition, which ends in 2000).
     */
    private LocalDate firstDayAfterEveryPartition() throws SQLException {
        List<HistoryPartitions.Partition> partitions = HistoryPartitions.partitions(db);
        LocalDate afterPartitions = partitions.get(partitions.size() - 1).end().toLocalDate().plusDays(1);
        LocalDate generationsPositive = LocalDate.ofInstant(TestRankings.EPOCH, ZoneOffset.UTC).plusDays(60);
        return afterPartitions.isAfter(generationsPositive) ? afterPartitions : generationsPositive;
    }

    private static String dayPartition(LocalDate day) {
        return "p" + HistoryPartitions.DAY_NAME.format(day);
    }

    private List<String> partitionNames() throws SQLException {
        return HistoryPartitions.partitions(db).stream().map(HistoryPartitions.Partition::name).toList();
    }

    private long countOf(PublishedRun run) throws SQLException {
        return Long.parseLong(rows("SELECT COUNT(*) FROM sales_rank_history WHERE run_id = " + run.runId()).get(0));
    }

    private long countAt(Instant windowEnd) throws SQLException {
        return Long.parseLong(rows("SELECT COUNT(*) FROM sales_rank_history WHERE window_end = '" + sql(windowEnd) + "'")
                .get(0));
    }

    private long total() throws SQLException {
        return Long.parseLong(rows("SELECT COUNT(*) FROM sales_rank_history").get(0));
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    if (i > 1) {
                        row.append('\t');
                    }
                    Object value = rs.getObject(i);
                    row.append(value instanceof LocalDateTime time ? sql(time.toInstant(ZoneOffset.UTC)) : value);
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String sql(Instant instant) {
        return SQL_DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static final DateTimeFormatter SQL_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
}
