package com.salesrank.ranker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules every progress line keeps, fed what a job reported when it wrote the lines of issue 23 at 250M
 * lines (a log, no tty): whole-file splits that each count their bytes at once, a counters update that
 * arrives behind the one before it, a reduce that ends first and reports 100% for the job.
 *
 * <pre>
 * rebuild: window totals: map 100% reduce   0% | 17,857,144 lines read, 945,072 lines/s | 19 s, ETA 19 s
 * rebuild: window totals: map  22% reduce   0% | 56,547,622 lines read, 1,450,385 lines/s | 39 s, ETA 5m15s
 * </pre>
 */
class ProgressRulesTest {

    private static final Pattern LINE = Pattern.compile(
            "rebuild: window totals: map +(\\d+)% reduce +(\\d+)% \\| ([\\d,]+) lines read, [\\d,]+ lines/s \\| "
                    + "(?:(\\S+(?: s)?), (maps )?ETA (\\S+(?: s)?)|done in .*)");

    private static final int LOGS = 168;
    private static final long LOG_BYTES = 82_737_000L;
    private static final long LOG_LINES = 250_000_000L / LOGS;

    private final FakeClock clock = new FakeClock();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** A job scripted by the second: the snapshot at each, complete at {@code endSecond}. */
    private final class ScriptedJob implements JobProgressReporter.RunningJob {
        private final LongFunction<JobSnapshot> atSecond;
        private final long endSecond;

        ScriptedJob(LongFunction<JobSnapshot> atSecond, long endSecond) {
            this.atSecond = atSecond;
            this.endSecond = endSecond;
        }

        @Override
        public void submit() {
        }

        @Override
        public boolean isComplete() {
            return clock.elapsed().toSeconds() >= endSecond;
        }

        @Override
        public boolean isSuccessful() {
            return true;
        }

        @Override
        public JobSnapshot snapshot() {
            return atSecond.apply(clock.elapsed().toSeconds());
        }
    }

    /** Logs read by second {@code s}: none for 5 s (set-up), then the 168 logs in 140 s, each counted whole when read. */
    private static long logsRead(long s) {
        return s < 5 ? 0 : Math.min(LOGS, (s - 5) * LOGS / 140);
    }

    /**
     * The rebuild's window totals at 250M lines: its maps read for 140 s, then write for 2 s more before the
     * reduces start; at 39 s the job's counters are those of 10 s earlier; the reduces run from 147 s to 160 s,
     * and one of them ends at 155 s, when Hadoop reports the reduces 100% done.
     */
    private static JobSnapshot windowTotals(long s) {
        long logs = logsRead(s == 39 ? 29 : s);
        float reduce = s < 147 ? 0 : s == 155 ? 1f : (s - 147) * 0.9f / 13;
        return new JobSnapshot(logs * LOG_BYTES, LOGS * LOG_BYTES, reduce, true, logs * LOG_LINES);
    }

    private List<String> log(ScriptedJob job) throws Exception {
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressPrinter printer = new ProgressPrinter(out, ProgressMode.LOG, Duration.ofSeconds(10), clock);
        JobProgressReporter reporter = new JobProgressReporter(printer, millis -> clock.advance(Duration.ofMillis(millis)));
        assertThat(reporter.waitFor(job, "rebuild: window totals", "lines", 1000)).isTrue();
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void percentagesAndLinesReadNeverGoDownAndAnEtaIsNeverTheElapsedTime() throws Exception {
        List<String> lines = log(new ScriptedJob(ProgressRulesTest::windowTotals, 160));

        assertThat(lines).hasSize(16); // 10 s .. 150 s, then the closing line at 160 s
        int map = 0;
        int reduce = 0;
        long read = 0;
        List<String> etas = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as(line).isGreaterThanOrEqualTo(map);
            assertThat(Integer.parseInt(m.group(2))).as(line).isGreaterThanOrEqualTo(reduce);
            assertThat(Long.parseLong(m.group(3).replace(",", ""))).as(line).isGreaterThanOrEqualTo(read);
            map = Integer.parseInt(m.group(1));
            reduce = Integer.parseInt(m.group(2));
            read = Long.parseLong(m.group(3).replace(",", ""));
            if (m.group(6) != null) {
                assertThat(m.group(6)).as(line).isNotEqualTo(m.group(4));
                etas.add(m.group(6));
            }
            if (map == 100 && !line.contains("done in")) {
                assertThat(reduce).as("the maps are done only once the reduces have started: " + line).isPositive();
            }
        }
        assertThat(etas).hasSize(15).doesNotContain("0 s");
    }

    @Test
    void theLinesReadAsThePercentageAndEtaOfTheBytesReadAtTheirRate() throws Exception {
        List<String> lines = log(new ScriptedJob(ProgressRulesTest::windowTotals, 160));

        assertThat(lines).contains(
                // 20 s: 18 logs read; the first seen at 6 s; 17 logs in 14 s, 150 left: 2m04s
                "rebuild: window totals: map  10% reduce   0% | 26,785,710 lines read, 1,339,285 lines/s | 20 s, maps ETA 2m04s",
                // 40 s: the counters of 30 s came at 39 s; now 42 logs, 41 in 34 s, 126 left: 1m44s
                "rebuild: window totals: map  25% reduce   0% | 62,499,990 lines read, 1,562,499 lines/s | 40 s, maps ETA 1m44s",
                // 140 s: 162 logs read, 161 in 134 s: 6 left, 5 s
                "rebuild: window totals: map  96% reduce   0% | 241,071,390 lines read, 1,721,938 lines/s | 2m20s, maps ETA 5 s",
                // 150 s: all read, the maps seen ended at 148 s (the reduces started, at 6.9%); 13.8% more in the
                // 2 s since, 79.2% left: 11 s
                "rebuild: window totals: map 100% reduce  20% | 249,999,960 lines read, 1,666,666 lines/s | 2m30s, ETA 11 s",
                // 160 s: the 100% that one ended reduce reported at 155 s was not taken for the job's
                "rebuild: window totals: map 100% reduce 100% | 249,999,960 lines read, 1,562,499 lines/s | done in 160.0 s");
        assertThat(lines).filteredOn(l -> l.contains("| 2m10s,")).singleElement().asString()
                .contains("map  89% reduce   0%"); // 150 of 168 logs
    }
}
