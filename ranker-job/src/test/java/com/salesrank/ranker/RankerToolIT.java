package com.salesrank.ranker;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.generate.SalesLogGenerator;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both stages end to end in Hadoop's local mode, on generated logs plus hand-written edge cases. */
class RankerToolIT {

    private static final Instant END = Instant.parse("2026-11-20T13:00:00Z");
    private static final int HOURS = 6;
    private static final Instant START = END.minusSeconds(HOURS * 3600L);

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private RankingRunResult result;

    private int run(String... args) throws Exception {
        RankerTool tool = new RankerTool(Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()); // files only: publishing has its own IT
        result = tool.execute(LocalMode.configuration(), args);
        return result.exitCode();
    }

    private static void generate(Path dir, long lines, Instant end, int hours, long seed, boolean gzip, double malformed)
            throws Exception {
        new SalesLogGenerator(new SalesLogGenerator.Settings(dir, lines, end, hours, 3_000, 25, 1.1, seed, gzip,
                malformed, true, 2)).generate();
    }

    private static void write(Path file, boolean gzip, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream o = gzip ? new GZIPOutputStream(raw) : raw) {
            o.write(String.join("\r\n", lines).concat("\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void ranksGeneratedAndEdgeCaseLogsExactlyLikeAPlainJavaRanking() throws Exception {
        Path input = root.resolve("in");
        // generated: plain files from one hour before the window to one hour after it, and gzipped files inside it
        generate(input.resolve("plain"), 30_000, END.plusSeconds(3600), HOURS + 2, 1, false, 0.001);
        generate(input.resolve("gz"), 20_000, END, HOURS, 2, true, 0.001);
        // hand-written, nested, CRLF: window edges, one product in several categories, ties, a total above 2^31
        write(input.resolve("edge/2026/11/20/12/edges.log"), false,
                "timestamp\tproduct_id\tcategory_id\tqty\ttotal_price\tseller_id\tbuyer_id",
                "2026-11-20T07:00:00Z\t900001\t901\t5\t1.00\t1\t1",            // = start: inside
                "2026-11-20T09:00:00+02:00\t900001\t901\t7\t1.00\t1\t1",       // = start via an offset: inside
                "2026-11-20T06:59:59.999999999Z\t900001\t901\t1000\t1.00\t1\t1", // just before start: outside
                "2026-11-20T12:59:59.999Z\t900002\t901\t12\t1.00\t1\t1",        // just before end: inside
                "2026-11-20T13:00:00Z\t900002\t901\t1000\t1.00\t1\t1",           // = end: outside
                "",
                "2026-11-20T10:00:00Z\t900003\t902\t4\t1.00\t1\t1",            // product 900003 in three categories
                "2026-11-20T10:00:00Z\t900003\t903\t9\t1.00\t1\t1",
                "2026-11-20T10:00:00Z\t900003\t901\t1\t1.00\t1\t1",
                "2026-11-20T10:00:00Z\t900012\t902\t4\t1.00\t1\t1",            // ties with 900003 in 902
                "2026-11-20T10:00:00Z\t900011\t902\t4\t1.00\t1\t1",
                "2026-11-20T10:00:00.5Z\t900004\t904\t2147483647\t1.00\t1\t1",
                "2026-11-20 10:00:00\t900004\t904\t5\t1.00\t1\t1",               // malformed
                "2026-11-20T10:00:00Z\t+900004\t904\t5\t1.00\t1\t1");           // malformed
        write(input.resolve("edge/2026/11/20/11/more.log.gz"), true,
                "2026-11-20T11:30:00Z\t900004\t904\t2147483647\t1.00\t1\t1",
                "2026-11-20T11:30:00Z\t900004\t904\t10\t1.00\t1\t1");
        Path output = root.resolve("out/ranking");

        int exit = run("--input", input.resolve("plain").toString(), input.resolve("gz") + "," + input.resolve("edge"),
                "--output", output.toString(), "--window-end", END.toString(), "--window-hours", Integer.toString(HOURS),
                "--reducers", "2");

        assertThat(exit).as(err.toString()).isZero();
        Expected expected = rankIndependently(input);
        List<List<String>> parts = readParts(output);
        assertThat(parts).hasSize(2);
        assertThat(Files.exists(output.resolve("_SUCCESS"))).isTrue();
        List<String> all = new ArrayList<>();
        Set<String> categoriesSeen = new HashSet<>();
        for (List<String> part : parts) {
            Set<String> here = new HashSet<>();
            for (String row : part) {
                here.add(row.split("\t")[0]);
            }
            assertThat(categoriesSeen).as("a category in two part files").doesNotContainAnyElementsOf(here);
            categoriesSeen.addAll(here);
            assertThat(part).as("rank order within a part file").isSortedAccordingTo(
                    Comparator.comparing((String r) -> Integer.parseInt(r.split("\t")[0])).thenComparing(r -> Integer.parseInt(r.split("\t")[1])));
            all.addAll(part);
        }
        all.sort(Comparator.comparing((String r) -> Integer.parseInt(r.split("\t")[0]))
                .thenComparing(r -> Integer.parseInt(r.split("\t")[1])));
        assertThat(all).isEqualTo(expected.rows);

        // the edge cases, spelled out
        assertThat(all).contains("901\t1\t900001\t12", "901\t2\t900002\t12", "901\t3\t900003\t1",
                "902\t1\t900003\t4", "902\t2\t900011\t4", "902\t3\t900012\t4", "903\t1\t900003\t9",
                "904\t1\t900004\t4294967304");
        RunSummary summary = result.summary().orElseThrow();
        assertThat(summary.linesRead()).isEqualTo(expected.lines);
        assertThat(summary.malformed()).isEqualTo(expected.malformed).isGreaterThan(2);
        assertThat(summary.outsideWindow()).isEqualTo(expected.outside).isGreaterThan(3);
        assertThat(summary.stage2Rows()).isEqualTo(expected.rows.size());
        assertThat(out.toString()).contains("lines read:", "malformed:", "stage 2 (rank):");
        assertThat(workDirsLeftIn(root.resolve("out"))).isEmpty();
        // progress on stderr, as in a log (a test JVM has no console): each stage's closing line at least
        assertThat(err.toString()).contains(String.format(java.util.Locale.ROOT,
                "stage 1 (sum): map 100%% reduce 100%% | %,d lines read, ", expected.lines), String.format(
                java.util.Locale.ROOT, "stage 2 (rank): map 100%% reduce 100%% | %,d rows read, ", expected.rows.size()))
                .containsPattern("(?m)^stage 2 \\(rank\\): .* \\| done in \\d+\\.\\d s$")
                .doesNotContain("metrics system already initialized");
    }

    @Test
    void tooManyMalformedLinesExitsNonZeroAndLeavesThePreviousOutputAlone() throws Exception {
        Path input = root.resolve("in");
        generate(input, 5_000, END, HOURS, 3, false, 0.05);
        Path output = root.resolve("out/ranking");
        Files.createDirectories(output);
        Files.writeString(output.resolve("previous"), "the last good ranking");

        int exit = run("--input", input.toString(), "--output", output.toString(), "--window-end", END.toString(),
                "--window-hours", Integer.toString(HOURS), "--overwrite");

        assertThat(exit).isEqualTo(RankerTool.EXIT_TOO_MANY_MALFORMED);
        assertThat(err.toString()).contains("malformed", "above --max-malformed-ratio 0.01", "nothing was published");
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("previous");
        }
        assertThat(workDirsLeftIn(root.resolve("out"))).isEmpty();
    }

    @Test
    void anExistingOutputIsRefusedWithoutOverwrite() throws Exception {
        Path output = Files.createDirectories(root.resolve("out/ranking"));
        int exit = run("--input", root.toString(), "--output", output.toString());
        assertThat(exit).isEqualTo(RankerTool.EXIT_USAGE);
        assertThat(err.toString()).contains("already exists; pass --overwrite");
    }

    @Test
    void aMissingInputFailsTheJobWithExitOne() throws Exception {
        int exit = run("--input", root.resolve("nothing-here").toString(), "--output", root.resolve("out/r").toString());
        assertThat(exit).isEqualTo(RankerTool.EXIT_JOB_FAILED);
        assertThat(err.toString()).contains("nothing published");
        assertThat(Files.exists(root.resolve("out/r"))).isFalse();
    }

    @Test
    void aTruncatedGzipFailsWithTheFileAndTheCauseOnOneLine() throws Exception {
        Path input = root.resolve("in");
        generate(input, 2_000, END, HOURS, 4, true, 0);
        Path truncated = input.resolve("2026/11/20/10/truncated.log.gz");
        String[] lines = new String[500];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "2026-11-20T10:" + String.format("%02d", i % 60) + ":00Z\t" + (i + 1) + "\t3\t1\t1.00\t1\t1";
        }
        write(truncated, true, lines);
        byte[] whole = Files.readAllBytes(truncated);
        // half of it: the deflate stream ends early and the trailer is missing, as after an interrupted upload
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertFailsNaming(input, truncated);
    }

    @Test
    void aFileNamedGzThatIsNotGzipFailsWithTheFileAndTheCauseOnOneLine() throws Exception {
        Path input = root.resolve("in");
        generate(input, 2_000, END, HOURS, 5, false, 0);
        Path notGzip = input.resolve("2026/11/20/10/plain-text.log.gz");
        write(notGzip, false, "2026-11-20T10:00:00Z\t1\t1\t1\t1.00\t1\t1");

        assertFailsNaming(input, notGzip);
    }

    private void assertFailsNaming(Path input, Path badFile) throws Exception {
        Path output = root.resolve("out/ranking");
        Files.createDirectories(output);
        Files.writeString(output.resolve("previous"), "the last good ranking");

        int exit = run("--input", input.toString(), "--output", output.toString(), "--window-end", END.toString(),
                "--window-hours", Integer.toString(HOURS), "--overwrite");

        assertThat(exit).isEqualTo(RankerTool.EXIT_JOB_FAILED);
        String errorLine = err.toString().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
        assertThat(errorLine).contains("stage 1 (sum) failed: cannot read ", badFile.getFileName().toString(),
                "Exception").doesNotContain("failed: NA");
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("previous");
        }
        assertThat(workDirsLeftIn(root.resolve("out"))).isEmpty();
    }

    @Test
    void anEmptyInputDirectoryFailsAndLeavesThePreviousOutputAlone() throws Exception {
        Path input = Files.createDirectories(root.resolve("in/empty"));
        assertEmptyInputFails(input);
    }

    @Test
    void aZeroByteInputFileFailsAndLeavesThePreviousOutputAlone() throws Exception {
        Path file = root.resolve("in/2026/11/20/10/empty.log");
        Files.createDirectories(file.getParent());
        Files.createFile(file);
        assertEmptyInputFails(root.resolve("in"));
    }

    private void assertEmptyInputFails(Path input) throws Exception {
        Path output = root.resolve("out/ranking");
        Files.createDirectories(output);
        Files.writeString(output.resolve("previous"), "the last good ranking");

        int exit = run("--input", input.toString(), "--output", output.toString(), "--window-end", END.toString(),
                "--window-hours", Integer.toString(HOURS), "--overwrite");

        assertThat(exit).as(err.toString()).isEqualTo(RankerTool.EXIT_JOB_FAILED);
        assertThat(err.toString()).contains("no ranking rows", "nothing published");
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("previous");
        }
        assertThat(workDirsLeftIn(root.resolve("out"))).isEmpty();
    }

    @Test
    void aRunThatFindsTheBackupOfACrashedReplacementPutsItBackFirst() throws Exception {
        Path input = root.resolve("in");
        generate(input, 2_000, END, HOURS, 6, false, 0);
        Path output = root.resolve("out/ranking");
        // what a run that died between moving the old ranking aside and moving the new one in leaves
        Path backup = root.resolve("out/_ranking.previous");
        Files.createDirectories(backup);
        Files.writeString(backup.resolve("part-r-00000"), "1\t1\t1\t1\n");
        Files.createFile(backup.resolve("_SUCCESS"));

        // without --overwrite: the old ranking is put back, then the run refuses to replace it
        int refused = run("--input", input.toString(), "--output", output.toString(), "--window-end", END.toString(),
                "--window-hours", Integer.toString(HOURS));

        assertThat(refused).isEqualTo(RankerTool.EXIT_USAGE);
        assertThat(err.toString()).contains("put the previous ranking back", "already exists");
        assertThat(Files.readString(output.resolve("part-r-00000"))).isEqualTo("1\t1\t1\t1\n");
        assertThat(Files.exists(backup)).isFalse();

        int replaced = run("--input", input.toString(), "--output", output.toString(), "--window-end", END.toString(),
                "--window-hours", Integer.toString(HOURS), "--overwrite");

        assertThat(replaced).as(err.toString()).isZero();
        assertThat(readParts(output).stream().mapToInt(List::size).sum()).isEqualTo((int) result.summary().orElseThrow().stage2Rows());
        assertThat(Files.exists(output.resolve("_SUCCESS"))).isTrue();
        try (Stream<Path> files = Files.list(root.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ranking");
        }
    }

    private static List<String> workDirsLeftIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".work-")).toList();
        }
    }

    private static List<List<String>> readParts(Path output) throws IOException {
        List<List<String>> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                parts.add(Files.readAllLines(part));
            }
        }
        return parts;
    }

    private record Expected(List<String> rows, long lines, long malformed, long outside) {
    }

    /** The same ranking, computed the obvious way: split, java.time, BigInteger, a HashMap and a sort. */
    private static Expected rankIndependently(Path input) throws IOException {
        Pattern id = Pattern.compile("[1-9][0-9]*");
        BigInteger intMax = BigInteger.valueOf(Integer.MAX_VALUE);
        BigInteger longMax = BigInteger.valueOf(Long.MAX_VALUE);
        Map<List<Long>, Long> totals = new HashMap<>();
        long lines = 0;
        long malformed = 0;
        long outside = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(input)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                 BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) { // strips \r\n and \n
                    lines++;
                    String[] f = line.split("\t", -1);
                    if (line.isEmpty() || f[0].equals("timestamp")) {
                        continue;
                    }
                    Instant at;
                    try {
                        at = OffsetDateTime.parse(f[0]).toInstant();
                    } catch (RuntimeException e) {
                        malformed++;
                        continue;
                    }
                    if (f.length != 7 || Stream.of(f).anyMatch(String::isEmpty)
                            || !id.matcher(f[1]).matches() || new BigInteger(f[1]).compareTo(longMax) > 0
                            || !id.matcher(f[2]).matches() || new BigInteger(f[2]).compareTo(intMax) > 0
                            || !id.matcher(f[3]).matches() || new BigInteger(f[3]).compareTo(intMax) > 0) {
                        malformed++;
                    } else if (at.isBefore(START) || !at.isBefore(END)) {
                        outside++;
                    } else {
                        totals.merge(List.of(Long.parseLong(f[2]), Long.parseLong(f[1])), Long.parseLong(f[3]), Long::sum);
                    }
                }
            }
        }
        List<Map.Entry<List<Long>, Long>> sorted = new ArrayList<>(totals.entrySet());
        sorted.sort(Comparator.comparing((Map.Entry<List<Long>, Long> e) -> e.getKey().get(0))
                .thenComparing(Map.Entry::getValue, Comparator.reverseOrder())
                .thenComparing(e -> e.getKey().get(1)));
        List<String> rows = new ArrayList<>();
        long category = -1;
        int rank = 0;
        for (Map.Entry<List<Long>, Long> e : sorted) {
            rank = e.getKey().get(0) == category ? rank + 1 : 1;
            category = e.getKey().get(0);
            rows.add(category + "\t" + rank + "\t" + e.getKey().get(1) + "\t" + e.getValue());
        }
        return new Expected(rows, lines, malformed, outside);
    }
}
