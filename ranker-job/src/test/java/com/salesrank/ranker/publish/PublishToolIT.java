package com.salesrank.ranker.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.LocalMode;
import com.salesrank.ranker.PublishTool;
import com.salesrank.ranker.RankerTool;
import com.salesrank.ranker.RankingRunResult;
import com.salesrank.ranker.RunSummary;
import com.salesrank.generate.SalesLogGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/publish.sh's tool on the real stack: the job writes files only, the tool publishes them later
 * from the job's _RANKING metadata, refuses to publish the same output twice unless --force.
 */
class PublishToolIT {

    private static final int HOURS = 3;

    @TempDir
    Path root;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private RankingRunResult lastPublish;

    @Test
    void publishesAWrittenRankingOnceAndAgainOnlyWithForce() throws Exception {
        // a window no earlier run on this stack published, so that "already published" is this test's doing
        Instant end = unpublishedWindowEnd();
        Path logs = root.resolve("logs");
        new SalesLogGenerator(new SalesLogGenerator.Settings(logs, 8_000, end, HOURS, 1_500, 15, 1.1, 11, false, 0.002,
                false, 2)).generate();
        Path output = root.resolve("ranking");
        RankerTool job = new RankerTool(Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), System.err, Map.of()); // files only
        RankingRunResult ranked = job.execute(LocalMode.configuration(), "--input", logs.toString(), "--output",
                output.toString(), "--window-end", end.toString(), "--window-hours", Integer.toString(HOURS),
                "--reducers", "2");
        assertThat(ranked.exitCode()).isZero();
        RunSummary summary = ranked.summary().orElseThrow();
        String metadata = Files.readString(output.resolve("_RANKING"));
        assertThat(metadata).contains("ranking=full", "window.start=" + end.minusSeconds(HOURS * 3600L),
                "window.end=" + end, "rows=" + summary.stage2Rows(), "lines.read=" + summary.linesRead(),
                "malformed=" + summary.malformed());
        long liveBefore = liveRunId();

        int first = publish(output.toString());

        assertThat(first).as(err.toString()).isZero();
        PublishedRun run = lastPublish.published().orElseThrow();
        assertThat(run.rows()).isEqualTo(summary.stage2Rows());
        assertThat(run.runId()).isNotEqualTo(liveBefore);
        try (Connection primary = LocalStack.readerOnPrimary()) {
            assertThat(LiveRanking.read(primary).runId()).isEqualTo(run.runId());
            assertThat(LiveRanking.lines(primary)).isEqualTo(outputLines(output));
            try (Statement s = primary.createStatement(); ResultSet rs = s.executeQuery("SELECT lines_read,"
                    + " malformed_lines, rows_published, ranking FROM ranking_runs WHERE run_id = " + run.runId())) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(summary.linesRead());
                assertThat(rs.getLong(2)).isEqualTo(summary.malformed()).isPositive();
                assertThat(rs.getLong(3)).isEqualTo(summary.stage2Rows());
                assertThat(rs.getString(4)).isEqualTo("full");
            }
        }

        // the same output again: refused, nothing changes
        int again = publish(output.toString());

        assertThat(again).isEqualTo(PublishTool.EXIT_ALREADY_PUBLISHED);
        assertThat(err.toString()).contains("already published as run " + run.runId(), "--force");
        assertThat(liveRunId()).isEqualTo(run.runId());

        // ... and through the script, with its exit status
        Process script = new ProcessBuilder("bash", Path.of("..", "scripts", "publish.sh").toAbsolutePath().normalize()
                .toString(), output.toString()).redirectErrorStream(true).redirectOutput(root.resolve("script.log").toFile())
                .start();
        assertThat(script.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(script.exitValue()).as(Files.readString(root.resolve("script.log"))).isEqualTo(4);

        // --force publishes it as a new run
        int forced = publish(output.toString(), "--force");

        assertThat(forced).as(err.toString()).isZero();
        assertThat(lastPublish.published().orElseThrow().runId()).isGreaterThan(run.runId());
        assertThat(liveRunId()).isEqualTo(lastPublish.published().orElseThrow().runId());
    }

    @Test
    void refusesADirectoryThatIsNotACompleteRankingOfTheJob() throws Exception {
        Path dir = Files.createDirectories(root.resolve("not-a-ranking"));
        Files.writeString(dir.resolve("part-r-00000"), "1\t1\t1\t1\n");
        long liveBefore = liveRunId();

        assertThat(publish(dir.toString())).isEqualTo(PublishTool.EXIT_USAGE);
        assertThat(err.toString()).contains("no _SUCCESS");

        Files.createFile(dir.resolve("_SUCCESS"));
        assertThat(publish(dir.toString())).isEqualTo(PublishTool.EXIT_USAGE);
        assertThat(err.toString()).contains("no _RANKING");
        assertThat(liveRunId()).isEqualTo(liveBefore);
    }

    private int publish(String... args) throws Exception {
        err.reset();
        LocalStack.writer(); // fails clearly without the stack's variables
        PublishTool publishTool = new PublishTool(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), System.getenv());
        lastPublish = publishTool.execute(LocalMode.configuration(), args);
        return lastPublish.exitCode();
    }

    private static Instant unpublishedWindowEnd() throws Exception {
        try (Connection primary = LocalStack.readerOnPrimary(); Statement s = primary.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(window_end) FROM ranking_runs")) {
            rs.next();
            java.time.LocalDateTime last = rs.getObject(1, java.time.LocalDateTime.class);
            Instant floor = Instant.parse("2026-11-21T05:00:00Z");
            if (last == null) {
                return floor;
            }
            Instant next = LiveRanking.utc(last).plusSeconds(24 * 3600L).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            return next.isAfter(floor) ? next : floor;
        }
    }

    private static long liveRunId() throws Exception {
        try (Connection primary = LocalStack.readerOnPrimary()) {
            LiveRanking live = LiveRanking.read(primary);
            return live == null ? -1 : live.runId();
        }
    }

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
}
