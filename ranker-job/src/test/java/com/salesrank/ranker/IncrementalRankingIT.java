package com.salesrank.ranker;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.generate.SalesLogGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental runs ({@code --state}) over a sequence of windows, each compared with a full recompute of
 * the same input and window: hourly and minute-aligned ends, a catch-up after skipped hours, a late log in
 * an old hour, a log appended to, head refreshes ({@code --top}), a deleted, a corrupted and an
 * incompatible state, a held lock, and the malformed-line gate on the lines a run read.
 */
class IncrementalRankingIT {

    private static final Instant T = Instant.parse("2026-11-20T00:00:00Z");
    private static final int HOURS = 6;

    @TempDir
    Path root;

    private Path logs;
    private Path state;
    private String lastErr;
    private int runs;

    @BeforeEach
    void logs() throws Exception {
        logs = root.resolve("logs");
        state = root.resolve("state");
        // one generated log per hour folder, 00:00 to 14:00
        new SalesLogGenerator(new SalesLogGenerator.Settings(logs, 42_000, T.plusSeconds(14 * 3600), 14, 2_000, 12, 1.1,
                7, false, 0.001, true, 2)).generate();
        // sales stamped outside their folder's hour (within the slack), zone offsets, CRLF, malformed lines
        write("2026/11/20/07/edge.log",
                "timestamp\tproduct_id\tcategory_id\tqty\ttotal_price\tseller_id\tbuyer_id",
                "2026-11-20T06:59:30Z\t900001\t901\t5\t1.00\t1\t1",
                "2026-11-20T08:00:10+01:00\t900001\t901\t7\t1.00\t1\t1",
                "2026-11-20T08:30:00Z\t900002\t901\t9\t1.00\t1\t1",
                "2026-11-20 07:10:00\t900002\t901\t9\t1.00\t1\t1",
                "2026-11-20T07:20:00Z\t900004\t904\t2147483647\t1.00\t1\t1");
        write("2026/11/20/09/big.log", "2026-11-20T09:10:00Z\t900004\t904\t2147483647\t1.00\t1\t1");
        // category 777: products 1 and 2 lead on sales that expire at 02:10, so 3 and 4 (ranked 3rd and 4th) enter
        // its top 2 only because the two above them lose sales
        write("2026/11/20/02/expiring.log",
                "2026-11-20T02:10:00Z\t1\t777\t100\t1.00\t1\t1",
                "2026-11-20T02:10:30Z\t2\t777\t100\t1.00\t1\t1");
        write("2026/11/20/05/steady.log",
                "2026-11-20T05:00:00Z\t3\t777\t50\t1.00\t1\t1",
                "2026-11-20T05:30:00Z\t4\t777\t10\t1.00\t1\t1",
                "2026-11-20T05:40:00Z\t5\t777\t9\t1.00\t1\t1");
    }

    @Test
    void everyIncrementalAndHeadRankingEqualsAFullRecompute() throws Exception {
        // 1. no state yet: built from the raw logs by the same run
        assertThat(incremental("08:00")).isZero();
        assertThat(lastErr).contains("state: no state in").contains("rebuilding it from the raw logs");
        assertEqualsFull("08:00");

        // 2. head of 2, twenty minutes on: 777's first two lose their sales, 3 and 4 move up
        assertThat(head("08:20", 2)).isZero();
        assertThat(lastErr).doesNotContain("rebuilding");
        assertHeadEqualsFull("08:20", 2);
        assertThat(rows(out("08:20-head-2"))).contains("777\t1\t3\t50", "777\t2\t4\t10");

        // 3. hourly, then 4. minute-aligned ends
        assertThat(incremental("09:00")).isZero();
        assertEqualsFull("09:00");
        assertThat(incremental("09:30")).isZero();
        assertEqualsFull("09:30");
        assertThat(incremental("09:41")).isZero();
        assertEqualsFull("09:41");

        // 5. skipped hours: one run catches up
        assertThat(incremental("12:00")).isZero();
        assertEqualsFull("12:00");

        // 6. a late log in an old hour folder, same window end
        write("2026/11/20/08/late.log", "2026-11-20T08:15:00Z\t9\t777\t1000\t1.00\t1\t1");
        assertThat(incremental("12:00", "late")).isZero();
        assertEqualsFull("12:00", "late");
        assertThat(rows(out("12:00-late"))).contains("777\t1\t9\t1000");

        // 7. a log appended to after it was read
        Path hour10 = onlyGeneratedLog("2026/11/20/10");
        Files.writeString(hour10, "2026-11-20T10:59:00Z\t900010\t910\t77\t1.00\t1\t1\n", StandardOpenOption.APPEND);
        assertThat(incremental("13:00")).isZero();
        assertEqualsFull("13:00");
        assertThat(rows(out("13:00"))).contains("910\t1\t900010\t77");

        // 8. a burst in the open hour, seen by a head refresh ten minutes in
        write("2026/11/20/13/burst.log", "2026-11-20T13:05:00Z\t424242\t5\t100000\t1.00\t1\t1");
        assertThat(head("13:10", 3)).isZero();
        assertHeadEqualsFull("13:10", 3);
        assertThat(rows(out("13:10-head-3"))).contains("5\t1\t424242\t100000");

        // 9. the state deleted
        deleteRecursively(state);
        assertThat(incremental("14:00")).isZero();
        assertThat(lastErr).contains("no state in").contains("rebuilding");
        assertEqualsFull("14:00");

        // 10. a totals file corrupted without changing its length
        Path totals = find(state, "part-r-00000");
        byte[] bytes = Files.readAllBytes(totals);
        int digit = indexOfDigitAfterTab(bytes, 3);
        bytes[digit] = (byte) (bytes[digit] == '9' ? '8' : bytes[digit] + 1);
        Files.write(totals, bytes);
        assertThat(incremental("14:10")).isZero();
        assertThat(lastErr).contains("fail their line count or CRC-32").contains("rebuilding");
        assertEqualsFull("14:10");

        // 10b. every slice corrupted without changing its length: the slices this window re-reads fail their CRC-32
        try (Stream<Path> files = Files.walk(state)) {
            for (Path slice : files.filter(p -> p.getFileName().toString().matches("s-\\d+")).toList()) {
                byte[] sliceBytes = Files.readAllBytes(slice);
                if (sliceBytes.length > 0) {
                    int quantity = indexOfDigitAfterTab(sliceBytes, 3);
                    sliceBytes[quantity] = (byte) (sliceBytes[quantity] == '9' ? '8' : sliceBytes[quantity] + 1);
                    Files.write(slice, sliceBytes);
                }
            }
        }
        assertThat(incremental("14:15")).isZero();
        assertThat(lastErr).contains("fail their line count or CRC-32").contains("rebuilding");
        assertEqualsFull("14:15");

        // 11. a torn manifest
        Path manifest = find(state, "MANIFEST-");
        byte[] whole = Files.readAllBytes(manifest);
        Files.write(manifest, Arrays.copyOf(whole, whole.length / 2));
        assertThat(incremental("14:20")).isZero();
        assertThat(lastErr).contains("MANIFEST-").contains("rebuilding");
        assertEqualsFull("14:20");

        // 12. another window length: the state is for 6 h
        assertThat(run("14:30", "5h", "--state", state.toString(), "--window-hours", "5")).isZero();
        assertThat(lastErr).contains("was made for --window-hours 6, this run ranks 5");
        assertThat(rows(out("14:30-5h"))).isEqualTo(full("14:30", 5, null));
    }

    @Test
    void aSecondRunOnAStateInUseIsRefusedWith75AndChangesNothing() throws Exception {
        assertThat(incremental("08:00")).isZero();
        Path manifest = find(state, "MANIFEST-");
        String before = Files.readString(manifest);
        Files.writeString(state.resolve("_lock"), "pid " + ProcessHandle.current().pid() + " on "
                + java.net.InetAddress.getLocalHost().getHostName() + " since now");

        assertThat(incremental("09:00")).isEqualTo(75);
        assertThat(lastErr).contains("is in use by another run");
        assertThat(Files.exists(out("09:00"))).isFalse();
        assertThat(Files.readString(find(state, "MANIFEST-"))).isEqualTo(before);

        // a lock left by a process that is gone does not block the next run
        Files.writeString(state.resolve("_lock"), "pid 999999999 on " + java.net.InetAddress.getLocalHost().getHostName()
                + " since then");
        assertThat(incremental("09:00")).isZero();
        assertEqualsFull("09:00");
    }

    @Test
    void aHeadRefreshWithoutAStateBuildsOneAndCutsItsRanking() throws Exception {
        assertThat(head("08:00", 3)).isZero();
        assertThat(lastErr).contains("no state in").contains("rebuilding");
        assertHeadEqualsFull("08:00", 3);
        assertThat(find(state, "MANIFEST-")).exists();
        // the state it built serves the next hourly run
        assertThat(incremental("09:00")).isZero();
        assertThat(lastErr).doesNotContain("rebuilding");
        assertEqualsFull("09:00");
    }

    @Test
    void theMalformedGateCountsTheLinesThisRunReadAndKeepsTheState() throws Exception {
        assertThat(incremental("08:00")).isZero();
        String before = Files.readString(find(state, "MANIFEST-"));
        // 100 malformed lines: about 3 % of the lines this run reads (the new hour), under 1 % of the week
        write("2026/11/20/08/bad.log", java.util.Collections.nCopies(100, "garbage").toArray(String[]::new));
        assertThat(incremental("09:00")).isEqualTo(RankerTool.EXIT_TOO_MANY_MALFORMED);
        assertThat(Files.readString(find(state, "MANIFEST-"))).isEqualTo(before);
        assertThat(Files.exists(out("09:00"))).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    @Test
    void aTruncatedGzipInAnIncrementalRunFailsWithTheFileAndTheCause() throws Exception {
        assertThat(incremental("08:00")).isZero();
        Path truncated = logs.resolve("2026/11/20/08/late.log.gz");
        try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(truncated))) {
            for (int i = 0; i < 500; i++) {
                gz.write(String.format("2026-11-20T08:%02d:00Z\t%d\t3\t1\t1.00\t1\t1%n", i % 60, i + 1)
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2)); // an interrupted upload

        assertThat(incremental("09:00")).isEqualTo(RankerTool.EXIT_JOB_FAILED);

        String errorLine = lastErr.lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
        assertThat(errorLine).contains("failed: cannot read ", "late.log.gz", "Exception").doesNotContain(": NA");
    }

    private int incremental(String end, String... tag) throws Exception {
        return run(end, tag.length == 0 ? "" : tag[0], "--state", state.toString());
    }

    private int head(String end, int k) throws Exception {
        return run(end, "head-" + k, "--state", state.toString(), "--top", Integer.toString(k));
    }

    private int run(String end, String tag, String... extra) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RankerTool tool = new RankerTool(Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        List<String> args = new ArrayList<>(List.of("--input", logs.toString(), "--output", out(end, tag).toString(),
                "--window-end", at(end).toString(), "--window-hours", Integer.toString(HOURS), "--reducers", "2"));
        args.addAll(List.of(extra));
        int exit = ToolRunner.run(LocalMode.configuration(), tool, args.toArray(String[]::new));
        lastErr = err.toString(StandardCharsets.UTF_8);
        runs++;
        return exit;
    }

    private List<String> full(String end, int hours, Integer top) throws Exception {
        Path output = root.resolve("full/" + end.replace(':', '-') + "-" + hours + "-" + top + "-" + runs);
        List<String> args = new ArrayList<>(List.of("--input", logs.toString(), "--output", output.toString(),
                "--window-end", at(end).toString(), "--window-hours", Integer.toString(hours), "--reducers", "2"));
        if (top != null) {
            args.addAll(List.of("--top", top.toString()));
        }
        RankerTool tool = new RankerTool(Map.of());
        assertThat(ToolRunner.run(LocalMode.configuration(), tool, args.toArray(String[]::new))).isZero();
        return rows(output);
    }

    private void assertEqualsFull(String end, String... tag) throws Exception {
        List<String> full = full(end, HOURS, null);
        assertThat(full).hasSizeGreaterThan(1_000);
        List<String> actual = rows(out(end, tag));
        List<String> missing = new ArrayList<>(full);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(full);
        assertThat(extra).as("rows only in the incremental ranking for %s (missing: %s)", end,
                missing.subList(0, Math.min(20, missing.size()))).isEmpty();
        assertThat(missing).as("rows missing from the incremental ranking for %s", end).isEmpty();
        assertThat(actual).as("incremental ranking for the window ending %s", end).isEqualTo(full);
    }

    private void assertHeadEqualsFull(String end, int k) throws Exception {
        List<String> fullTop = full(end, HOURS, k);
        List<String> fullCut = full(end, HOURS, null).stream()
                .filter(r -> Integer.parseInt(r.split("\t")[1]) <= k).toList();
        assertThat(fullTop).isEqualTo(fullCut).isNotEmpty();
        assertThat(rows(out(end + "-head-" + k))).as("head of %d for the window ending %s", k, end).isEqualTo(fullTop);
    }

    private Path out(String end, String... tag) {
        String suffix = tag.length == 0 || tag[0].isEmpty() ? "" : "-" + tag[0];
        return root.resolve("out/" + end.replace(':', '-') + suffix.replace(':', '-'));
    }

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-20T" + hhmm + ":00Z");
    }

    private static List<String> rows(Path output) throws IOException {
        FileSystem fs = FileSystem.getLocal(LocalMode.configuration());
        return RankingParts.read(fs, new org.apache.hadoop.fs.Path(output.toUri()));
    }

    private void write(String relative, String... lines) throws IOException {
        Path file = logs.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\r\n", lines) + "\r\n");
    }

    private Path onlyGeneratedLog(String hourFolder) throws IOException {
        try (Stream<Path> files = Files.list(logs.resolve(hourFolder))) {
            return files.filter(p -> p.getFileName().toString().startsWith("sales-")).findFirst().orElseThrow();
        }
    }

    private static Path find(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && !p.toString().endsWith(".crc"))
                    .findFirst().orElseThrow();
        }
    }

    /** The first digit of the {@code field}-th field (0-based) of the first line. */
    private static int indexOfDigitAfterTab(byte[] bytes, int field) {
        int tabs = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\t' && ++tabs == field) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no field " + field);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
