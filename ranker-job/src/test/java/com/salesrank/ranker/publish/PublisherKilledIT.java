package com.salesrank.ranker.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher killed with SIGKILL in the middle of its LOAD DATA: the live ranking is untouched,
 * the staging table it left behind is dropped by the next run, which publishes normally.
 */
class PublisherKilledIT {

    private static final TestRankings SMALL = new TestRankings(40, 10);
    // big enough that the load runs for seconds
    private static final TestRankings BIG = new TestRankings(1000, 3000);

    @TempDir
    Path tmp;

    @Test
    void aPublisherKilledMidLoadLeavesTheLiveRankingAndTheNextRunCleansUp() throws Exception {
        RankingPublisher publisher = new RankingPublisher(LocalStack.writer());
        publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 401, 2)), new Configuration(), SMALL.facts(401));
        Path big = BIG.write(tmp, 402, 4);

        try (Connection db = LocalStack.writerConnection()) {
            LiveRanking before = LiveRanking.read(db);
            RunFacts facts = BIG.facts(402);
            Process child = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    PublishFromDirectory.class.getName(), big.toString(), facts.windowStart().toString(),
                    facts.windowEnd().toString(), Long.toString(facts.expectedRows()))
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child.log").toFile())
                    .start();
            try {
                awaitLoadRunning(db, child);
                Thread.sleep(300);
                assertThat(child.isAlive()).as("the child is still loading when killed").isTrue();
            } finally {
                child.destroyForcibly(); // SIGKILL: no finally blocks, no cleanup
                child.waitFor(30, TimeUnit.SECONDS);
            }

            assertThat(LiveRanking.read(db)).isEqualTo(before);
            assertThat(LiveRanking.tablesNamed(db, "sales\\_rank%")).contains("sales_rank_staging");

            PublishedRun next = publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 403, 2)), new Configuration(),
                    SMALL.facts(403));

            assertThat(LiveRanking.read(db).runId()).isEqualTo(next.runId());
            assertThat(LiveRanking.lines(db)).containsExactlyElementsOf(RankingPublisherIT.expectedLines(SMALL, 403));
            assertThat(LiveRanking.tablesNamed(db, "sales\\_rank%")).containsExactly("sales_rank", "sales_rank_head", "sales_rank_head_run", "sales_rank_history", "sales_rank_run");
        }
    }

    /** Waits until the child's connection (same user, so visible to us) is running the LOAD DATA. */
    private static void awaitLoadRunning(Connection db, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the child publisher ended before its load started, exit " + child.exitValue());
            }
            if (loadRunning(db)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the child publisher did not start loading within 60 s");
    }

    private static boolean loadRunning(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.processlist"
                     + " WHERE info LIKE 'LOAD DATA LOCAL INFILE%sales_rank_staging%'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static String javaExecutable() {
        return String.join(File.separator, List.of(System.getProperty("java.home"), "bin", "java"));
    }
}
