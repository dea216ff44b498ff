package com.salesrank.ranker.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.ExpectedRanking;
import com.salesrank.ranker.RankerTool;
import com.salesrank.ranker.RankingRunResult;
import com.salesrank.ranker.RankingParts;
import com.salesrank.ranker.RunSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ranker end to end on S3: logs in the sales API's yyyy/MM/dd/HH/ layout in a bucket of a real
 * S3-compatible server, read through S3A with {@code --input s3a://bucket/prefix/}, ranking written
 * back to the bucket through the S3A directory committer.
 *
 * <p>Hour folders outside the window and its one hour of slack hold nothing but malformed lines,
 * enough to fail the run (--max-malformed-ratio) if the job read any of them: the run succeeding
 * proves they were pruned, and the lines-read counter must match the kept folders exactly.
 */
class S3InputIT {

    private static final String BUCKET = "salesrank";
    private static final Instant WINDOW_END = Instant.parse("2026-11-20T12:00:00Z");
    private static final int WINDOW_HOURS = 24;
    private static final Instant WINDOW_START = WINDOW_END.minusSeconds(3600L * WINDOW_HOURS);
    private static final DateTimeFormatter HOUR_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_INSTANT;

    private static S3ProxyServer s3;
    private static Configuration conf;
    private static FileSystem fs;

    /** (category, product) -> quantity, over lines inside the window: computed while writing, independently of the job. */
    private static final ExpectedRanking expected = new ExpectedRanking();
    private static long linesInKeptFolders;

    @BeforeAll
    static void startS3AndUploadLogs() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "s3-it"));
        deleteRecursively(dir);
        s3 = S3ProxyServer.start(java.nio.file.Files.createDirectories(dir), BUCKET);
        conf = new Configuration();
        s3.configure(conf);
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        fs = new Path("s3a://" + BUCKET + "/").getFileSystem(conf);

        Random random = new Random(42);
        Path logs = new Path("s3a://" + BUCKET + "/logs/");
        for (int h = 0; h < WINDOW_HOURS; h++) {
            Instant hour = WINDOW_START.plusSeconds(3600L * h);
            writeSales(logs, hour, hour, 150, random);
        }
        // the slack folders: lines of their own hour (outside the window) and a few early or late ones inside it
        writeSales(logs, WINDOW_START.minusSeconds(3600), WINDOW_START.minusSeconds(3600), 40, random);
        writeSales(logs, WINDOW_START.minusSeconds(3600), WINDOW_START, 5, random);
        writeSales(logs, WINDOW_END, WINDOW_END, 40, random);
        writeSales(logs, WINDOW_END, WINDOW_END.minusSeconds(3600), 5, random);
        // beyond the slack, near and far: junk that would fail the run if it were read
        for (Instant outside : List.of(WINDOW_START.minusSeconds(2 * 3600), WINDOW_END.plusSeconds(3600),
                WINDOW_START.minusSeconds(3 * 86400), WINDOW_END.plusSeconds(40 * 86400), Instant.parse("2025-01-01T00:00:00Z"))) {
            writeJunk(logs, outside, 2000);
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (fs != null) {
            fs.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void ranksAWindowOfS3LogsReadingOnlyItsHourFolders() throws Exception {
        Path output = new Path("s3a://" + BUCKET + "/rankings/run-1");
        RankerTool tool = filesOnly();

        RankingRunResult result = tool.execute(new Configuration(conf),
                "--input", "s3a://" + BUCKET + "/logs/",
                "--output", output.toString(),
                "--window-end", WINDOW_END.toString(),
                "--window-hours", Integer.toString(WINDOW_HOURS),
                "--reducers", "2");

        assertThat(result.exitCode()).as("exit status (3 would mean junk outside the window was read)").isZero();
        RunSummary summary = result.summary().orElseThrow();
        assertThat(summary.linesRead()).as("lines read: exactly those of the window's and slack hours' folders")
                .isEqualTo(linesInKeptFolders);
        assertThat(summary.malformed()).isZero();
        assertThat(RankingParts.read(fs, output)).containsExactlyElementsOf(expected.rows());

        FileStatus success = fs.getFileStatus(new Path(output, "_SUCCESS"));
        assertThat(success.getLen()).as("an S3A committer writes a JSON _SUCCESS manifest; the classic one an empty file")
                .isPositive();
        try (var in = fs.open(success.getPath())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"committer\":\"directory\"");
        }
    }

    @Test
    void ranksIncrementallyWithItsStateOnS3() throws Exception {
        // logs of their own, so the late file below does not change what the other test expects
        Path logs = new Path("s3a://" + BUCKET + "/inc-logs/");
        ExpectedRanking incremental = new ExpectedRanking();
        Random random = new Random(7);
        for (int h = 0; h < WINDOW_HOURS; h++) {
            writeSalesTo(logs, WINDOW_START.plusSeconds(3600L * h), 60, random, incremental);
        }
        String state = "s3a://" + BUCKET + "/state/";
        String[] args = {"--input", logs.toString(), "--output", "s3a://" + BUCKET + "/inc-rankings/run",
            "--window-end", WINDOW_END.toString(), "--window-hours", Integer.toString(WINDOW_HOURS), "--reducers", "2",
            "--state", state, "--overwrite"};

        assertThat(ToolRunner.run(new Configuration(conf), filesOnly(), args)).as("builds the state").isZero();
        assertThat(RankingParts.read(fs, new Path("s3a://" + BUCKET + "/inc-rankings/run")))
                .containsExactlyElementsOf(incremental.rows());
        assertThat(fs.globStatus(new Path(state, "MANIFEST-*"))).hasSize(1);

        // a late log in an old hour: the next run reads it alone, from the state kept on S3
        writeSalesTo(logs, WINDOW_START.plusSeconds(3600L * 5), 30, random, incremental);
        RankingRunResult late = filesOnly().execute(new Configuration(conf), args);
        assertThat(late.exitCode()).isZero();
        assertThat(late.summary().orElseThrow().linesRead()).as("only the late log is read").isEqualTo(30);
        assertThat(RankingParts.read(fs, new Path("s3a://" + BUCKET + "/inc-rankings/run")))
                .containsExactlyElementsOf(incremental.rows());
        assertThat(fs.globStatus(new Path(state, "MANIFEST-*"))).as("older manifests are removed").hasSize(1);
        assertThat(fs.exists(new Path(state, "_lock"))).as("the lock is released").isFalse();
    }

    private static void writeSalesTo(Path logs, Instant hour, int lines, Random random, ExpectedRanking expected)
            throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            long product = 1 + random.nextInt(40);
            long category = 1 + product % 3;
            int qty = 1 + random.nextInt(4);
            text.append(TIMESTAMP.format(hour.plusSeconds(random.nextInt(3600)))).append('\t').append(product)
                    .append('\t').append(category).append('\t').append(qty).append("\t9.99\t1\t2\n");
            expected.add(category, product, qty);
        }
        write(new Path(logs, HOUR_FOLDER.format(hour) + "/sales-" + random.nextInt(1_000_000) + ".log"), text);
    }

    /**
     * The ranker without its publish step: scripts/test.sh exports the stack's SALESRANK_DB_* for every test,
     * and this test is about the files, not about replacing the stack's live ranking (the publisher has its own ITs).
     */
    private static RankerTool filesOnly() {
        return new RankerTool(Map.of());
    }

    private static void writeSales(Path logs, Instant folderHour, Instant salesHour, int lines, Random random) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            Instant at = salesHour.plusSeconds(random.nextInt(3600));
            long product = 1 + (long) Math.floor(Math.pow(random.nextDouble(), 3) * 60); // skewed: low ids sell most
            long category = 1 + product % 4 + (product % 7 == 0 ? 10 : 0);
            int qty = 1 + random.nextInt(4);
            text.append(TIMESTAMP.format(at)).append('\t').append(product).append('\t').append(category).append('\t')
                    .append(qty).append("\t9.99\t1\t2\n");
            if (!at.isBefore(WINDOW_START) && at.isBefore(WINDOW_END)) {
                expected.add(category, product, qty);
            }
        }
        linesInKeptFolders += lines;
        write(new Path(logs, HOUR_FOLDER.format(folderHour) + "/sales-" + salesHour.getEpochSecond() + ".log"), text);
    }

    private static void writeJunk(Path logs, Instant hour, int lines) throws IOException {
        write(new Path(logs, HOUR_FOLDER.format(hour) + "/sales-0.log"), new StringBuilder("not a sale\n".repeat(lines)));
    }

    private static void write(Path path, CharSequence text) throws IOException {
        try (OutputStream out = fs.create(path, true)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void deleteRecursively(java.nio.file.Path dir) throws IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (var paths = java.nio.file.Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
