package com.salesrank.ranker.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/run-head.sh as cron runs it every 10 minutes: the head of each category for the window ending at
 * the last whole 10 minutes, from the hourly run's state plus the logs since; and a refresh that finds
 * the state busy waits briefly, then skips with 75.
 */
class RunHeadScriptIT {

    private static final Path HOURLY = CronScripts.RUN_HOURLY;
    private static final Path HEAD = CronScripts.RUN_HEAD;

    @TempDir
    Path tmp;

    @Test
    void refreshesTheHeadForTheLastWholeTenMinutesFromTheStateAndTheNewLogs() throws Exception {
        Path logs = tmp.resolve("logs");
        write(logs.resolve("2026/11/20/10/sales.log"), line("2026-11-20T10:00:10Z", 10, 1, 5),
                line("2026-11-20T10:00:20Z", 11, 1, 7), line("2026-11-20T10:00:30Z", 12, 1, 6),
                line("2026-11-20T10:00:40Z", 20, 2, 1));
        assertThat(run(HOURLY, logs, "2026-11-20T11:05:00Z").exit()).isZero();
        // a burst in the open hour lifts product 10 to the top of category 1
        write(logs.resolve("2026/11/20/11/sales.log"), line("2026-11-20T11:03:00Z", 10, 1, 9),
                line("2026-11-20T11:12:00Z", 12, 1, 50)); // after the head's window end: not counted

        CronScripts.Result result = run(HEAD, logs, "2026-11-20T11:19:59Z");

        assertThat(result.exit()).as("stderr: %s", result.stderr()).isZero();
        assertThat(RunHourlyScriptIT.rows(tmp.resolve("head/20261120T1110Z")))
                .containsExactlyInAnyOrder("1\t1\t10\t14", "1\t2\t11\t7", "2\t1\t20\t1");
        assertThat(Files.readString(tmp.resolve("log/run-head-" + today() + ".log")))
                .contains("head of 2,", "state unchanged", "done in");
    }

    @Test
    void skipsWith75WhenAnotherJobKeepsTheStateBusy() throws Exception {
        Path lock = tmp.resolve("state.lock");
        Process holder = new ProcessBuilder("flock", lock.toString(), "sleep", "60").start();
        try {
            CronScripts.awaitLocked(lock);
            CronScripts.Result result = run(HEAD, tmp.resolve("logs"), "2026-11-20T11:19:59Z");
            assertThat(result.exit()).isEqualTo(75);
            assertThat(result.stderr()).contains("skipping this run");
            assertThat(tmp.resolve("head")).doesNotExist();
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private CronScripts.Result run(Path script, Path input, String now) throws IOException, InterruptedException {
        return CronScripts.run(script, tmp, input, Map.of("SALESRANK_NOW", now, "SALESRANK_HEAD_TOP", "2",
                "SALESRANK_HEAD_LOCK_WAIT", "1", "SALESRANK_WINDOW_HOURS", "24"));
    }

    private static String today() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd").withZone(java.time.ZoneOffset.UTC).format(Instant.now());
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines));
    }

    private static String line(String at, long product, long category, int qty) {
        return at + "\t" + product + "\t" + category + "\t" + qty + "\t1.00\t1\t1";
    }

}
