package com.salesrank.ranker.cron;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a cron entry of scripts/ the way cron does (its own process, local mode, files only), with every
 * path it writes (outputs, logs, locks, state) inside a test's temporary folder.
 */
final class CronScripts {

    static final Path RUN_HOURLY = Path.of("..", "scripts", "run-hourly.sh").toAbsolutePath().normalize();
    static final Path RUN_HEAD = Path.of("..", "scripts", "run-head.sh").toAbsolutePath().normalize();

    record Result(int exit, String stderr) {
    }

    private CronScripts() {
    }

    /** @param settings added to, and winning over, the test folder's defaults; a null value removes the name */
    static Result run(Path script, Path tmp, Path input, Map<String, String> settings)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SALESRANK_DB_")); // files only, no publishing
        env.remove("SALESRANK_NOW");
        env.put("SALESRANK_INPUT", input.toString());
        env.put("SALESRANK_OUTPUT_ROOT", tmp.resolve("out").toString());
        env.put("SALESRANK_HEAD_OUTPUT_ROOT", tmp.resolve("head").toString());
        env.put("SALESRANK_LOG_DIR", tmp.resolve("log").toString());
        env.put("SALESRANK_LOCK_FILE", tmp.resolve("lock").toString());
        env.put("SALESRANK_STATE", tmp.resolve("state").toString());
        env.put("SALESRANK_STATE_LOCK_FILE", tmp.resolve("state.lock").toString());
        env.put("SALESRANK_MODE", "local");
        env.put("RANKER_HEAP", "512m");
        settings.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        Path stderr = tmp.resolve("stderr-" + System.nanoTime());
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(script.getFileName() + " did not finish in 5 minutes");
        }
        return new Result(process.exitValue(), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /** Waits until another process holds the flock on {@code lock}. */
    static void awaitLocked(Path lock) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(lock) && new ProcessBuilder("flock", "-n", lock.toString(), "true").start().waitFor() != 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the test's flock holder never took " + lock);
    }
}
