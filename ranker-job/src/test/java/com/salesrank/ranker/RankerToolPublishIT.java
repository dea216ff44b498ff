package com.salesrank.ranker;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.generate.SalesLogGenerator;
import com.salesrank.ranker.publish.PublishedRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
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

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private RankerTool tool;

    @Test
    void publishesTheRankingItWroteAndAFailedRunLeavesItLive() throws Exception {
        Path logs = root.resolve("logs");
        generate(logs, 0.0);
        Path output = root.resolve("ranking");

        int exit = run("--input", logs.toString(), "--output", output.toString());

        assertThat(exit).as(err.toString()).isZero();
        PublishedRun published = tool.lastPublished();
        assertThat(published).as("published run; stdout: %s", out).isNotNull();
        assertThat(out.toString()).contains("published:        run " + published.runId());
        List<String> files = outputLines(output);
        assertThat(published.rows()).isEqualTo(files.size());
        try (Connection primary = connect("SALESRANK_DB_URL")) {
            assertThat(liveRunId(primary)).isEqualTo(published.runId());
            assertThat(liveWindow(primary)).containsExactly(END.minusSeconds(HOURS * 3600L), END);
            assertThat(liveLines(primary)).isEqualTo(files);
        }
        try (Connection replica = connect("SALESRANK_REPLICA_URLS")) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (liveRunId(replica) != published.runId() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(liveRunId(replica)).as("run reached the replica").isEqualTo(published.runId());
            assertThat(liveLines(replica)).isEqualTo(files);
        }

        // a run over bad input fails the malformed-line gate and publishes nothing
        Path badLogs = root.resolve("bad-logs");
        generate(badLogs, 0.2);
        int badExit = run("--input", badLogs.toString(), "--output", root.resolve("bad-ranking").toString());

        assertThat(badExit).isEqualTo(RankerTool.EXIT_TOO_MANY_MALFORMED);
        assertThat(tool.lastPublished()).isNull();
        try (Connection primary = connect("SALESRANK_DB_URL")) {
            assertThat(liveRunId(primary)).isEqualTo(published.runId());
            assertThat(liveLines(primary)).isEqualTo(files);
        }
    }

    private int run(String... args) throws Exception {
        out.reset();
        err.reset();
        String[] withWindow = Stream.concat(Stream.of(args),
                Stream.of("--window-end", END.toString(), "--window-hours", Integer.toString(HOURS), "--reducers", "2"))
                .toArray(String[]::new);
        tool = new RankerTool(Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stackEnvironment());
        return ToolRunner.run(localMode(), tool, withWindow);
    }

    private static Map<String, String> stackEnvironment() {
        for (String name : List.of("SALESRANK_DB_URL", "SALESRANK_DB_USER", "SALESRANK_DB_PASSWORD")) {
            required(name);
        }
        return System.getenv();
    }

    private static void generate(Path dir, double malformedRatio) throws Exception {
        new SalesLogGenerator(new SalesLogGenerator.Settings(dir, 20_000, END, HOURS, 2_000, 20, 1.1, 7, false,
                malformedRatio, false, 2)).generate();
    }

    private static Configuration localMode() {
        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        conf.setInt("mapreduce.local.map.tasks.maximum", 2);
        conf.setInt("mapreduce.local.reduce.tasks.maximum", 2);
        conf.setInt("mapreduce.task.io.sort.mb", 32);
        return conf;
    }

    /** The job's output, in the order the database returns it. */
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

    private static Connection connect(String urlVariable) throws SQLException {
        String url = required(urlVariable).split(",")[0].trim();
        return DriverManager.getConnection(url, required("SALESRANK_READER_USER"), required("SALESRANK_READER_PASSWORD"));
    }

    private static long liveRunId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT run_id FROM sales_rank_run")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static List<Instant> liveWindow(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT window_start, window_end FROM sales_rank_run")) {
            assertThat(rs.next()).isTrue();
            return List.of(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                    rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC));
        }
    }

    private static List<String> liveLines(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT category_id, category_rank, product_id, total_sold
                     FROM sales_rank ORDER BY category_id, category_rank""")) {
            while (rs.next()) {
                lines.add(rs.getInt(1) + "\t" + rs.getInt(2) + "\t" + rs.getLong(3) + "\t" + rs.getLong(4));
            }
        }
        return lines;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: this integration test needs the local stack."
                    + " Run `scripts/stack.sh up` and `eval \"$(scripts/stack.sh env)\"` first (or use scripts/test.sh)");
        }
        return value;
    }
}
