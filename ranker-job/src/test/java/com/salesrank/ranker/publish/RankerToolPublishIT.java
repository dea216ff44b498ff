package com.salesrank.ranker.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.LocalMode;
import com.salesrank.ranker.RankerTool;
import com.salesrank.ranker.generate.SalesLogGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.util.ToolRunner;
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

    private RankerTool tool;

    @Test
    void publishesTheRankingItWroteAndAFailedRunLeavesItLive() throws Exception {
        Path logs = root.resolve("logs");
        generate(logs, 0.0);
        Path output = root.resolve("ranking");

        int exit = run("--input", logs.toString(), "--output", output.toString());

        assertThat(exit).isZero();
        PublishedRun published = tool.lastPublished();
        assertThat(published).as("published run").isNotNull();
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
        assertThat(tool.lastPublished()).isNull();
        try (Connection primary = LocalStack.readerOnPrimary()) {
            assertThat(LiveRanking.read(primary).runId()).isEqualTo(published.runId());
            assertThat(LiveRanking.lines(primary)).isEqualTo(files);
        }
    }

    private int run(String... args) throws Exception {
        LocalStack.writer(); // fails clearly without the stack's variables
        String[] withWindow = Stream.concat(Stream.of(args),
                Stream.of("--window-end", END.toString(), "--window-hours", Integer.toString(HOURS), "--reducers", "2"))
                .toArray(String[]::new);
        tool = new RankerTool(System.getenv());
        return ToolRunner.run(LocalMode.configuration(), tool, withWindow);
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
