package com.salesrank.ranker.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/run-hourly.sh as cron runs it (local mode, no database settings): the week ending at the top of
 * the current UTC hour lands in a per-run directory, incrementally (the first run builds the state, the
 * next reads only the new hour), a dated log is written, a second run while one holds the lock refuses to
 * start, and a failure exits non-zero with a line on stderr.
 */
class RunHourlyScriptIT {

    private static final DateTimeFormatter HOUR_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void ranksTheWeekEndingThisHourIntoAPerRunDirectoryAndLogsToADatedFile() throws Exception {
        // two hours before the current hour: inside the window even if the hour turns during the test
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
        Path logs = tmp.resolve("logs");
        Path folder = Files.createDirectories(logs.resolve(HOUR_FOLDER.format(hour)));
        Files.write(folder.resolve("sales.log"), List.of(
                line(hour.plusSeconds(10), 10, 1, 5),
                line(hour.plusSeconds(20), 11, 1, 7),
                line(hour.plusSeconds(30), 10, 1, 3),
                line(hour.plusSeconds(40), 12, 2, 1)));

        CronScripts.Result result = run(logs);

        assertThat(result.exit()).as("exit status; stderr: %s", result.stderr()).isZero();
        List<Path> runs = list(tmp.resolve("out"));
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).getFileName().toString()).matches("\\d{8}T\\d{2}00Z");
        List<String> rows = new ArrayList<>();
        for (Path part : list(runs.get(0))) {
            if (part.getFileName().toString().startsWith("part-")) {
                rows.addAll(Files.readAllLines(part));
            }
        }
        assertThat(rows).containsExactlyInAnyOrder("1\t1\t10\t8", "1\t2\t11\t7", "2\t1\t12\t1");
        List<Path> logFiles = list(tmp.resolve("log"));
        assertThat(logFiles).singleElement().satisfies(log -> {
            assertThat(log.getFileName().toString()).matches("run-hourly-\\d{8}\\.log");
            assertThat(Files.readString(log)).contains("start: mode=local", "done in",
                    "state: no state in", "incremental:      state generation 1 rebuilt");
            // the jobs' progress, a line per job at least (no tty: log lines), and none of Hadoop's harmless
            // warnings about its metrics system being initialized once per job and reduce task in one JVM
            assertThat(Files.readString(log))
                    .containsPattern("(?m)^rebuild: window totals: map 100% reduce 100% \\| 4 lines read, \\d+ lines/s"
                            + " \\| done in \\d+\\.\\d s$")
                    .containsPattern("(?m)^rebuild: stage 2 \\(rank\\): map 100% reduce 100% \\| 3 rows read, ")
                    .doesNotContain("metrics system already initialized");
        });
    }

    @Test
    void theNextHourReadsOnlyTheNewLogsAndHonoursSalesrankNow() throws Exception {
        Instant hour = Instant.parse("2026-11-20T10:00:00Z");
        Path logs = tmp.resolve("logs");
        Path first = Files.createDirectories(logs.resolve(HOUR_FOLDER.format(hour)));
        Files.write(first.resolve("sales.log"), List.of(line(hour.plusSeconds(10), 10, 1, 5),
                line(hour.plusSeconds(20), 11, 1, 7)));
        assertThat(run(logs, "2026-11-20T11:05:00Z").exit()).isZero();

        Path second = Files.createDirectories(logs.resolve(HOUR_FOLDER.format(hour.plusSeconds(3600))));
        Files.write(second.resolve("sales.log"), List.of(line(hour.plusSeconds(3700), 10, 1, 4)));
        CronScripts.Result result = run(logs, "2026-11-20T12:05:00Z");

        assertThat(result.exit()).as("stderr: %s", result.stderr()).isZero();
        assertThat(rows(tmp.resolve("out/20261120T1200Z"))).containsExactlyInAnyOrder("1\t1\t10\t9", "1\t2\t11\t7");
        String log = Files.readString(list(tmp.resolve("log")).get(0));
        assertThat(log).contains("state generation 2: read 1 new or changed logs");
    }

    @Test
    void doesNotStartWhileAnotherRunHoldsTheLock() throws Exception {
        Path lock = tmp.resolve("lock");
        Process holder = new ProcessBuilder("flock", lock.toString(), "sleep", "60").start();
        try {
            CronScripts.awaitLocked(lock);

            CronScripts.Result result = run(tmp.resolve("logs-not-needed"));

            assertThat(result.exit()).isEqualTo(75);
            assertThat(result.stderr()).contains("another run holds");
            assertThat(tmp.resolve("out")).doesNotExist();
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailedRunExitsNonZeroAndSaysWhereItsLogIs() throws Exception {
        CronScripts.Result result = run(tmp.resolve("no-such-input"));

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("failed", tmp.resolve("log").toString());
        // the job's own reason, which says what reached the database, not just "see the log"
        assertThat(result.stderr()).contains("error: ranking failed, nothing published");
    }

    private CronScripts.Result run(Path input) throws IOException, InterruptedException {
        return run(input, null);
    }

    private CronScripts.Result run(Path input, String now) throws IOException, InterruptedException {
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("SALESRANK_NOW", now);
        return CronScripts.run(CronScripts.RUN_HOURLY, tmp, input, settings);
    }

    private static String line(Instant at, long product, long category, int qty) {
        return at + "\t" + product + "\t" + category + "\t" + qty + "\t1.00\t1\t1";
    }

    static List<String> rows(Path output) throws IOException {
        List<String> rows = new ArrayList<>();
        for (Path part : list(output)) {
            if (part.getFileName().toString().startsWith("part-")) {
                rows.addAll(Files.readAllLines(part));
            }
        }
        return rows;
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.sorted().toList();
        }
    }

}
