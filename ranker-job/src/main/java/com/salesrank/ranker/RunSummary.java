package com.salesrank.ranker;

import com.salesrank.ranker.aggregate.SalesCounter;
import com.salesrank.ranker.parse.MalformedReason;
import com.salesrank.ranker.window.RankingWindow;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;

/**
 * What one run did: the window, the line counts from stage 1's counters, the rows
 * each stage wrote and how long each took. The publisher takes the window and the
 * output directory from here.
 *
 * @param output      the ranking directory, fully qualified; null if the run stopped before stage 2
 * @param stage2Rows  -1 if stage 2 did not run
 * @param stage2Time  {@link Duration#ZERO} if stage 2 did not run
 * @param rawBytesRead bytes of raw logs the run read (an incremental run reads only the logs new to it)
 * @param incremental  a --state run: its jobs are not the two stages, and stage1Time is the whole ranking's time
 */
public record RunSummary(
        RankingWindow window,
        String output,
        long linesRead,
        long valid,
        long outsideWindow,
        long headersSkipped,
        long emptySkipped,
        Map<MalformedReason, Long> malformedByReason,
        long stage1Rows,
        long stage2Rows,
        Duration stage1Time,
        Duration stage2Time,
        long rawBytesRead,
        boolean incremental) {

    public RunSummary {
        malformedByReason = Map.copyOf(malformedByReason);
    }

    public long malformed() {
        return malformedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sales counted in the ranking: valid and inside the window. */
    public long ranked() {
        return valid - outsideWindow;
    }

    public double malformedRatio() {
        return linesRead == 0 ? 0 : (double) malformed() / linesRead;
    }

    /** The counts stage 1 (or an incremental run's raw-log job) left in its counters; stage 2 not run yet. */
    static RunSummary ofStage1(RankingWindow window, Counters counters, Duration time) {
        Map<MalformedReason, Long> malformed = new EnumMap<>(MalformedReason.class);
        for (MalformedReason reason : MalformedReason.values()) {
            long count = counters.findCounter(reason).getValue();
            if (count > 0) {
                malformed.put(reason, count);
            }
        }
        return new RunSummary(window, null,
                counters.findCounter(SalesCounter.LINES_READ).getValue(),
                counters.findCounter(SalesCounter.VALID).getValue(),
                counters.findCounter(SalesCounter.OUTSIDE_WINDOW).getValue(),
                counters.findCounter(SalesCounter.HEADER_SKIPPED).getValue(),
                counters.findCounter(SalesCounter.EMPTY_SKIPPED).getValue(),
                malformed,
                counters.findCounter(TaskCounter.REDUCE_OUTPUT_RECORDS).getValue(),
                -1, time, Duration.ZERO,
                counters.findCounter(FileInputFormatCounter.BYTES_READ).getValue(),
                false);
    }

    RunSummary withStage2(String rankingOutput, long rows, Duration time) {
        return new RunSummary(window, rankingOutput, linesRead, valid, outsideWindow, headersSkipped, emptySkipped,
                malformedByReason, stage1Rows, rows, stage1Time, time, rawBytesRead, incremental);
    }

    RunSummary withRawBytesRead(long bytes) {
        return new RunSummary(window, output, linesRead, valid, outsideWindow, headersSkipped, emptySkipped,
                malformedByReason, stage1Rows, stage2Rows, stage1Time, stage2Time, bytes, incremental);
    }

    /** Human-readable, one fact per line, for the end of a run. */
    public String format() {
        StringBuilder s = new StringBuilder();
        s.append("window:           ").append(window).append(" (").append(window.hours()).append(" h)\n");
        s.append(String.format(Locale.ROOT, "lines read:       %,d (%,d bytes of raw logs)%n", linesRead, rawBytesRead));
        s.append(String.format(Locale.ROOT, "valid sales:      %,d (in window %,d, outside window %,d)%n",
                valid, ranked(), outsideWindow));
        s.append(String.format(Locale.ROOT, "skipped:          %,d header, %,d empty%n", headersSkipped, emptySkipped));
        s.append(String.format(Locale.ROOT, "malformed:        %,d (%.4f%% of lines read)%n", malformed(), 100 * malformedRatio()));
        for (MalformedReason reason : MalformedReason.values()) {
            long count = malformedByReason.getOrDefault(reason, 0L);
            if (count > 0) {
                s.append(String.format(Locale.ROOT, "  %-24s %,d%n", reason, count));
            }
        }
        if (incremental) {
            s.append(String.format(Locale.ROOT, "ranked:           %,d rows in %s (incremental, see above)%n", stage2Rows,
                    seconds(stage1Time)));
            s.append("output:           ").append(output).append('\n');
            return s.toString();
        }
        s.append(String.format(Locale.ROOT, "stage 1 (sum):    %,d (category, product) rows in %s%n", stage1Rows, seconds(stage1Time)));
        if (stage2Rows >= 0) {
            s.append(String.format(Locale.ROOT, "stage 2 (rank):   %,d ranked rows in %s%n", stage2Rows, seconds(stage2Time)));
            s.append("output:           ").append(output).append('\n');
        } else {
            s.append("stage 2 (rank):   not run\n");
        }
        return s.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }
}
