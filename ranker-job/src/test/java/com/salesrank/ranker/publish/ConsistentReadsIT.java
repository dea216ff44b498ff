package com.salesrank.ranker.publish;

import com.salesrank.contract.Ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers run the read API's query (the run and a category's rows in one statement) nonstop while
 * the ranking, the full one or the head, is published again and again. Each publish's rows encode its generation, and so does
 * its window, so every single result can be checked on its own: all rows from one run, the window
 * of that same run, the whole category, never nothing.
 */
class ConsistentReadsIT {

    private static final TestRankings RANKINGS = new TestRankings(100, 50);
    private static final int PUBLISHES = 8;

    private static final String READ_QUERY = """
            SELECT r.run_id, r.window_start, s.category_rank, s.product_id, s.total_sold
            FROM %1$s_run r CROSS JOIN %1$s s
            WHERE s.category_id = ?
            ORDER BY s.category_rank""";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Ranking.class)
    void readersNeverSeeAMixedOrEmptyRanking(Ranking ranking) throws Exception {
        RankingPublisher publisher = new RankingPublisher(LocalStack.writer(), ranking);
        String table = RankingTables.of(ranking).live;
        Configuration conf = new Configuration();
        List<Path> dirs = new ArrayList<>();
        for (int g = 1; g <= PUBLISHES; g++) {
            dirs.add(RANKINGS.write(tmp, 300 + g, 3));
        }
        PublishedRun first = publisher.publish(TestRankings.hadoopPath(dirs.get(0)), conf, RANKINGS.facts(301));
        awaitOnReplica(table, first.runId());

        AtomicBoolean publishing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        Set<Long> generationsSeen = ConcurrentHashMap.newKeySet();
        AtomicLong reads = new AtomicLong();
        AtomicLong replicaReads = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean onReplica = i == 3;
            Thread reader = new Thread(() -> {
                try (Connection c = onReplica ? LocalStack.readerOnReplica() : LocalStack.readerOnPrimary();
                     PreparedStatement query = c.prepareStatement(READ_QUERY.formatted(table))) {
                    while (publishing.get()) {
                        int category = ThreadLocalRandom.current().nextInt(1, RANKINGS.categories + 1);
                        query.setInt(1, category);
                        String problem = check(query, category, generationsSeen);
                        if (problem != null) {
                            violations.add((onReplica ? "replica: " : "primary: ") + problem);
                        }
                        reads.incrementAndGet();
                        if (onReplica) {
                            replicaReads.incrementAndGet();
                        }
                    }
                } catch (SQLException e) {
                    violations.add("reader failed: " + e);
                }
            }, "reader-" + i);
            reader.start();
            readers.add(reader);
        }

        try {
            PublishedRun last = first;
            for (int g = 2; g <= PUBLISHES; g++) {
                last = publisher.publish(TestRankings.hadoopPath(dirs.get(g - 1)), conf, RANKINGS.facts(300 + g));
                // the readers read between two swaps too, not only while one runs
                long readsBefore = reads.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() >= readsBefore + 20);
            }
            // the replica's reader sees the last swaps too
            awaitOnReplica(table, last.runId());
            long replicaReadsBefore = replicaReads.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> replicaReads.get() >= replicaReadsBefore + 5);
        } finally {
            publishing.set(false);
            for (Thread reader : readers) {
                reader.join(30_000);
            }
        }

        assertThat(violations).isEmpty();
        assertThat(reads.get()).isGreaterThan(100);
        assertThat(generationsSeen).as("generations the readers saw").hasSizeGreaterThanOrEqualTo(PUBLISHES / 2);
    }

    private static String check(PreparedStatement query, int category, Set<Long> generationsSeen)
            throws SQLException {
        int rank = 0;
        long runId = -1;
        long generation = -1;
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rank++;
                if (rank == 1) {
                    runId = rs.getLong(1);
                    generation = TestRankings.generationOf(LiveRanking.utc(rs.getObject(2, LocalDateTime.class)));
                }
                long expectedSold = TestRankings.totalSold(generation, rank, RANKINGS.ranks);
                if (rs.getLong(1) != runId || rs.getInt(3) != rank
                        || rs.getLong(4) != TestRankings.productId(category, rank) || rs.getLong(5) != expectedSold) {
                    return "run " + runId + " (window of generation " + generation + ") category " + category
                            + " row " + rank + ": rank " + rs.getInt(3) + ", product " + rs.getLong(4)
                            + ", total_sold " + rs.getLong(5) + " (expected " + expectedSold + ")";
                }
            }
        }
        if (rank != RANKINGS.ranks) {
            return "category " + category + " had " + rank + " rows, expected " + RANKINGS.ranks
                    + " (run " + runId + ")";
        }
        generationsSeen.add(generation);
        return null;
    }

    @Test
    void theHeadAndTheFullRankingDrawRunIdsFromOneSequence() throws Exception {
        Configuration conf = new Configuration();
        PublishedRun full = new RankingPublisher(LocalStack.writer(), Ranking.FULL)
                .publish(TestRankings.hadoopPath(RANKINGS.write(tmp, 401, 3)), conf, RANKINGS.facts(401));
        PublishedRun head = new RankingPublisher(LocalStack.writer(), Ranking.HEAD)
                .publish(TestRankings.hadoopPath(RANKINGS.write(tmp, 402, 3)), conf, RANKINGS.facts(402));
        PublishedRun fullAgain = new RankingPublisher(LocalStack.writer(), Ranking.FULL)
                .publish(TestRankings.hadoopPath(RANKINGS.write(tmp, 403, 3)), conf, RANKINGS.facts(403));
        assertThat(head.runId()).isGreaterThan(full.runId());
        assertThat(fullAgain.runId()).isGreaterThan(head.runId());
        try (Connection c = LocalStack.readerOnPrimary();
             PreparedStatement q = c.prepareStatement("SELECT ranking FROM ranking_runs WHERE run_id = ?")) {
            q.setLong(1, head.runId());
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("head");
            }
        }
        // the ops view shows both rankings' freshness to the reader account
        try (Connection c = LocalStack.readerOnPrimary();
             PreparedStatement q = c.prepareStatement("SELECT ranking, run_id, target_minutes FROM ops_freshness ORDER BY ranking");
             ResultSet rs = q.executeQuery()) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getInt(3));
            }
            assertThat(rows).containsExactly("full " + fullAgain.runId() + " 60", "head " + head.runId() + " 10");
        }
    }

    private static void awaitOnReplica(String table, long runId) throws Exception {
        try (Connection replica = LocalStack.readerOnReplica();
             PreparedStatement q = replica.prepareStatement("SELECT MAX(run_id) FROM " + table + "_run")) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .alias("run " + runId + " on the replica")
                    .until(() -> {
                        try (ResultSet rs = q.executeQuery()) {
                            return rs.next() && rs.getLong(1) >= runId;
                        }
                    });
        }
    }
}
