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

    private static final Path HOURLY = Path.of("..", "scripts", "run-hourly.sh").toAbsolutePath().normalize();
    private static final Path HEAD = Path.of("..", "scripts", "run-head.sh").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void refreshesTheHeadForTheLastWholeTenMinutesFromTheStateAndTheNewLogs() throws Exception {
        Path logs = tmp.resolve("logs");
        write(logs.resolve("2026/11/20/10/sales.log"), line("2026-11-20T10:00:10Z", 10, 1, 5),
                line("2026-11-20T10:00:20Z", 11, 1, 7), line("2026-11-20T10:00:30Z", 12, 1, 6),
                line("2026-11-20T10:00:40Z", 20, 2, 1));
        assertThat(run(HOURLY, logs, "2026-11-20T11:05:00Z").exit).isZero();
        // a burst in the open hour lifts product 10 to the top of category 1
        write(logs.resolve("2026/11/20/11/sales.log"), line("2026-11-20T11:03:00Z", 10, 1, 9),
                line("2026-11-20T11:12:00Z", 12, 1, 50)); // after the head's window end: not counted

        Result result = run(HEAD, logs, "2026-11-20T11:19:59Z");

        assertThat(result.exit).as("stderr: %s", result.stderr).isZero();
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
            for (int i = 0; i < 100 && !(Files.exists(lock)
                    && new ProcessBuilder("flock", "-n", lock.toString(), "true").start().waitFor() != 0); i++) {
                Thread.sleep(50);
            }
            Result result = run(HEAD, tmp.resolve("logs"), "2026-11-20T11:19:59Z");
            assertThat(result.exit).isEqualTo(75);
            assertThat(result.stderr).contains("skipping this run");
            assertThat(tmp.resolve("head")).doesNotExist();
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Result run(Path script, Path input, String now) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SALESRANK_DB_")); // files only, no publishing
        env.put("SALESRANK_INPUT", input.toString());
        env.put("SALESRANK_OUTPUT_ROOT", tmp.resolve("out").toString());
        env.put("SALESRANK_HEAD_OUTPUT_ROOT", tmp.resolve("head").toString());
        env.put("SALESRANK_HEAD_TOP", "2");
        env.put("SALESRANK_HEAD_LOCK_WAIT", "1");
        env.put("SALESRANK_WINDOW_HOURS", "24");
        env.put("SALESRANK_LOG_DIR", tmp.resolve("log").toString());
        env.put("SALESRANK_LOCK_FILE", tmp.resolve("lock").toString());
        env.put("SALESRANK_STATE", tmp.resolve("state").toString());
        env.put("SALESRANK_STATE_LOCK_FILE", tmp.resolve("state.lock").toString());
        env.put("SALESRANK_NOW", now);
        env.put("SALESRANK_MODE", "local");
        env.put("RANKER_HEAP", "512m");
        Path stderr = tmp.resolve("stderr-" + System.nanoTime());
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish in 5 minutes");
        }
        return new Result(process.exitValue(), Files.readString(stderr, StandardCharsets.UTF_8));
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

    private record Result(int exit, String stderr) {
    }
}
