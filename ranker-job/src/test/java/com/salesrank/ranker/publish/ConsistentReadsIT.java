package com.salesrank.ranker.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers run the read API's query (the run and a category's rows in one statement) nonstop while
 * the ranking is published again and again. Each publish's rows encode its generation, and so does
 * its window, so every single result can be checked on its own: all rows from one run, the window
 * of that same run, the whole category, never nothing.
 */
class ConsistentReadsIT {

    private static final TestRankings RANKINGS = new TestRankings(100, 50);
    private static final int PUBLISHES = 8;

    private static final String READ_QUERY = """
            SELECT r.run_id, r.window_start, s.category_rank, s.product_id, s.total_sold
            FROM sales_rank_run r CROSS JOIN sales_rank s
            WHERE s.category_id = ?
            ORDER BY s.category_rank""";

    @TempDir
    Path tmp;

    @Test
    void readersNeverSeeAMixedOrEmptyRanking() throws Exception {
        RankingPublisher publisher = new RankingPublisher(LocalStack.writer());
        Configuration conf = new Configuration();
        List<Path> dirs = new ArrayList<>();
        for (int g = 1; g <= PUBLISHES; g++) {
            dirs.add(RANKINGS.write(tmp, 300 + g, 3));
        }
        PublishedRun first = publisher.publish(TestRankings.hadoopPath(dirs.get(0)), conf, RANKINGS.facts(301));
        awaitOnReplica(first.runId());

        AtomicBoolean publishing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        Set<Long> generationsSeen = ConcurrentHashMap.newKeySet();
        AtomicLong reads = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean onReplica = i == 3;
            Thread reader = new Thread(() -> {
                try (Connection c = onReplica ? LocalStack.readerOnReplica() : LocalStack.readerOnPrimary();
                     PreparedStatement query = c.prepareStatement(READ_QUERY)) {
                    while (publishing.get()) {
                        int category = ThreadLocalRandom.current().nextInt(1, RANKINGS.categories + 1);
                        query.setInt(1, category);
                        String problem = check(query, category, generationsSeen);
                        if (problem != null) {
                            violations.add((onReplica ? "replica: " : "primary: ") + problem);
                        }
                        reads.incrementAndGet();
                    }
                } catch (SQLException e) {
                    violations.add("reader failed: " + e);
                }
            }, "reader-" + i);
            reader.start();
            readers.add(reader);
        }

        try {
            for (int g = 2; g <= PUBLISHES; g++) {
                publisher.publish(TestRankings.hadoopPath(dirs.get(g - 1)), conf, RANKINGS.facts(300 + g));
                Thread.sleep(100);
            }
            Thread.sleep(1000); // let the replica's readers see the last swaps too
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

    private static void awaitOnReplica(long runId) throws Exception {
        try (Connection replica = LocalStack.readerOnReplica()) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                LiveRanking live = LiveRanking.read(replica);
                if (live != null && live.runId() >= runId) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("run " + runId + " did not reach the replica within 30 s");
    }
}
