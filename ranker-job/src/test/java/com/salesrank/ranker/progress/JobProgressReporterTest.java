package com.salesrank.ranker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobProgressReporterTest {

    private final FakeClock clock = new FakeClock();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /**
     * A job whose maps run 20 s reading 1,000 lines and 100,000 bytes of their 2,000,000 a second, then its
     * reduces 15 s; it is done at 35 s. Its progress follows the fake clock, which moves only while the
     * reporter sleeps between polls.
     */
    private final class TimedJob implements JobProgressReporter.RunningJob {
        boolean submitted;
        boolean succeeds = true;

        private long seconds() {
            return clock.elapsed().toSeconds();
        }

        @Override
        public void submit() {
            submitted = true;
        }

        @Override
        public boolean isComplete() {
            return seconds() >= 35;
        }

        @Override
        public boolean isSuccessful() {
            return succeeds;
        }

        @Override
        public JobSnapshot snapshot() {
            long s = seconds();
            float reduce = s <= 20 ? 0 : Math.min(1, (s - 20) / 15f);
            return new JobSnapshot(Math.min(s, 20) * 100_000, 2_000_000, reduce, true, Math.min(s, 20) * 1000);
        }
    }

    private String run(ProgressMode mode, TimedJob job) throws Exception {
        ProgressPrinter printer = new ProgressPrinter(out, mode, Duration.ofSeconds(10), clock);
        JobProgressReporter reporter = new JobProgressReporter(printer, millis -> clock.advance(Duration.ofMillis(millis)));
        boolean ok = reporter.waitFor(job, "stage 1 (sum)", "lines", 1000);
        assertThat(ok).isEqualTo(job.succeeds);
        assertThat(job.submitted).isTrue();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inALogWritesALineEveryIntervalWithRateAndEtaThenOneWhenDone() throws Exception {
        String log = run(ProgressMode.LOG, new TimedJob());

        assertThat(log.split("\n")).containsExactly(
                // 10 s: half the bytes read, 900,000 of them in the 9 s since the first were seen: 10 s to go
                "stage 1 (sum): map  50% reduce   0% | 10,000 lines read, 1,000 lines/s | 10 s, maps ETA 10 s",
                // 20 s: every byte read, but no reduce has started: the maps may still be writing, no time known
                "stage 1 (sum): map  99% reduce   0% | 20,000 lines read, 1,000 lines/s | 20 s, maps ETA ?",
                // 30 s: reduces 2/3 done (66.7%, shown rounded down), 0.6 of it in the 9 s since they were
                // seen started at 21 s: a third left, 5 s
                "stage 1 (sum): map 100% reduce  66% | 20,000 lines read, 666 lines/s | 30 s, ETA 5 s",
                "stage 1 (sum): map 100% reduce 100% | 20,000 lines read, 571 lines/s | done in 35.0 s");
    }

    @Test
    void aFailedJobSaysSoInItsLastLine() throws Exception {
        TimedJob job = new TimedJob();
        job.succeeds = false;

        String log = run(ProgressMode.LOG, job);

        assertThat(log).endsWith("| FAILED after 35.0 s\n");
    }

    @Test
    void onATerminalRewritesOneLineEverySecondAndEndsItWhenDone() throws Exception {
        String screen = run(ProgressMode.TERMINAL, new TimedJob());

        // updates at 1 s .. 34 s, then the closing line: each starts with a carriage return, one newline at the end
        assertThat(screen.chars().filter(c -> c == '\r').count()).isEqualTo(35);
        assertThat(screen.indexOf('\n')).isEqualTo(screen.length() - 1);
        // 1 s: 5% of the bytes read, first seen now: no rate yet
        assertThat(screen).contains("\rstage 1 (sum): map   5% reduce   0% | 1,000 lines read, 1,000 lines/s | 1 s, maps ETA ?")
                // 3 s: 200,000 bytes more in the 2 s since: 100,000 a second, 1,700,000 left
                .contains("\rstage 1 (sum): map  15% reduce   0% | 3,000 lines read, 1,000 lines/s | 3 s, maps ETA 17 s")
                .endsWith("\rstage 1 (sum): map 100% reduce 100% | 20,000 lines read, 571 lines/s | done in 35.0 s\n");
    }

    @Test
    void offPrintsNothingButStillWaitsForTheJob() throws Exception {
        assertThat(run(ProgressMode.OFF, new TimedJob())).isEmpty();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(35));
    }
}
