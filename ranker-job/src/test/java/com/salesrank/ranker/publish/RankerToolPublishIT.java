package com.salesrank.ranker.publish;

import com.salesrank.ranker.RankerConfigKeys;
import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.LocalMode;
import com.salesrank.ranker.RankerTool;
import com.salesrank.ranker.RankingRunResult;
import com.salesrank.generate.SalesLogGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as cron runs it: both stages in local mode, then published into the local
 * stack's primary, read back the way the API reads it and seen on the replica.
 */
class RankerToolPublishIT {

    private static final Instant END = Instant.parse("2026-11-20T13:00:00Z");
    private static final int HOURS = 4;

    @TempDir
    Path root;

    private RankingRunResult result;
    private final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

    /** Keeps stderr visible in the test's output while capturing it for the assertions. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }

    @Test
    void publishesTheRankingItWroteAndAFailedRunLeavesItLive() throws Exception {
        Path logs = root.resolve("logs");
        generate(logs, 0.0);
        Path output = root.resolve("ranking");

        int exit = run("--input", logs.toString(), "--output", output.toString());

        assertThat(exit).isZero();
        PublishedRun published = result.published().orElseThrow();
        List<String> files = outputLines(output);
        assertThat(published.rows()).isEqualTo(files.size());
        try (Connection primary = LocalStack.readerOnPrimary()) {
            assertThat(LiveRanking.read(primary).runId()).isEqualTo(published.runId());
            assertThat(liveWindow(primary)).containsExactly(END.minusSeconds(HOURS * 3600L), END);
            assertThat(LiveRanking.lines(primary)).isEqualTo(files);
        }
        try (Connection replica = LocalStack.readerOnReplica()) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (liveRunId(replica) != published.runId() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(liveRunId(replica)).as("run reached the replica").isEqualTo(published.runId());
            assertThat(LiveRanking.lines(replica)).isEqualTo(files);
        }

        // a run over bad input fails the malformed-line gate and publishes nothing
        Path badLogs = root.resolve("bad-logs");
        generate(badLogs, 0.2);
        int badExit = run("--input", badLogs.toString(), "--output", root.resolve("bad-ranking").toString());

        assertThat(badExit).isEqualTo(RankerTool.EXIT_TOO_MANY_MALFORMED);
        assertThat(result.published()).isEmpty();
        try (Connection primary = LocalStack.readerOnPrimary()) {
            assertThat(LiveRanking.read(primary).runId()).isEqualTo(published.runId());
            assertThat(LiveRanking.lines(primary)).isEqualTo(files);
        }
    }

    @Test
    void aRunWhoseHistoryRowIsRefusedSaysItIsLive() throws Exception {
        Path logs = root.resolve("logs");
        generate(logs, 0.0);
        // INSERT on ranking_runs is needed only after the swap: without it the run goes live, then fails
        revokeHistoryInsert(true);
        int exit;
        try {
            exit = run("--input", logs.toString(), "--output", root.resolve("ranking").toString());
        } finally {
            revokeHistoryInsert(false);
        }

        assertThat(exit).isEqualTo(RankerTool.EXIT_JOB_FAILED);
        String stderr = err.toString();
        assertThat(stderr).contains("publish failed AFTER the swap", "IS live (published)")
                .doesNotContain("nothing published", "NOT published");
        long runId = Long.parseLong(stderr.replaceAll("(?s).*AFTER the swap: run (\\d+) IS live.*", "$1"));
        try (Connection primary = LocalStack.readerOnPrimary()) {
            assertThat(LiveRanking.read(primary).runId()).isEqualTo(runId);
            assertThat(LiveRanking.lines(primary)).isEqualTo(outputLines(root.resolve("ranking")));
            try (Statement s = primary.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ranking_runs WHERE run_id = " + runId)) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void aRunThatCannotGetThePublishLockSaysTheOldRankingStaysLive() throws Exception {
        Path logs = root.resolve("logs");
        generate(logs, 0.0);
        assertThat(run("--input", logs.toString(), "--output", root.resolve("first").toString())).isZero();
        long live = result.published().orElseThrow().runId();

        int exit;
        try (Connection other = LocalStack.writerConnection(); Statement s = other.createStatement()) {
            // another publisher holds the lock for longer than this run waits
            try (ResultSet rs = s.executeQuery("SELECT GET_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'), 5)")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            exit = run("-D", RankerConfigKeys.PUBLISH_LOCK_TIMEOUT_SECONDS + "=1", "--input", logs.toString(),
                    "--output", root.resolve("second").toString());
        }

        assertThat(exit).isEqualTo(RankerTool.EXIT_JOB_FAILED);
        assertThat(err.toString()).contains("publish failed, NOT published, the previous ranking stays live",
                root.resolve("second").toString());
        try (Connection primary = LocalStack.readerOnPrimary()) {
            assertThat(LiveRanking.read(primary).runId()).isEqualTo(live);
        }
    }

    /** As the stack's admin: takes the writer's INSERT on ranking_runs away, or gives it back. */
    private static void revokeHistoryInsert(boolean revoke) throws SQLException {
        String url = System.getenv("SALESRANK_DB_URL");
        String database = url.replaceAll("^jdbc:mysql://[^/]*/([^?]*).*$", "$1");
        String writer = System.getenv("SALESRANK_DB_USER");
        try (Connection admin = DriverManager.getConnection(System.getenv("SALESRANK_ADMIN_URL"),
                System.getenv("SALESRANK_ADMIN_USER"), System.getenv("SALESRANK_ADMIN_PASSWORD"));
             Statement s = admin.createStatement()) {
            s.execute((revoke ? "REVOKE" : "GRANT") + " INSERT ON `" + database + "`.ranking_runs "
                    + (revoke ? "FROM" : "TO") + " '" + writer + "'@'%'");
        }
    }

    private int run(String... args) throws Exception {
        LocalStack.writer(); // fails clearly without the stack's variables
        // generic options (-D) first, as GenericOptionsParser expects them
        String[] withWindow = Stream.concat(Stream.of(args),
                Stream.of("--window-end", END.toString(), "--window-hours", Integer.toString(HOURS), "--reducers", "2"))
                .toArray(String[]::new);
        err.reset();
        RankerTool tool = new RankerTool(java.time.Clock.systemUTC(), System.out,
                new java.io.PrintStream(new TeeStream(err, System.err), true, java.nio.charset.StandardCharsets.UTF_8),
                System.getenv());
        result = tool.execute(LocalMode.configuration(), withWindow);
        return result.exitCode();
    }

    private static void generate(Path dir, double malformedRatio) throws Exception {
        new SalesLogGenerator(new SalesLogGenerator.Settings(dir, 20_000, END, HOURS, 2_000, 20, 1.1, 7, false,
                malformedRatio, false, 2)).generate();
    }

    /** The job's output, in the order {@link LiveRanking#lines} returns the live rows. */
    private static List<String> outputLines(Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                lines.addAll(Files.readAllLines(part));
            }
        }
        lines.sort(Comparator.comparing((String r) -> Integer.parseInt(r.split("\t")[0]))
                .thenComparing(r -> Integer.parseInt(r.split("\t")[1])));
        return lines;
    }

    private static long liveRunId(Connection connection) throws SQLException {
        LiveRanking live = LiveRanking.read(connection);
        return live == null ? -1 : live.runId();
    }

    private static List<Instant> liveWindow(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT window_start, window_end FROM sales_rank_run")) {
            assertThat(rs.next()).isTrue();
            return List.of(LiveRanking.utc(rs.getObject(1, LocalDateTime.class)),
                    LiveRanking.utc(rs.getObject(2, LocalDateTime.class)));
        }
    }
}
