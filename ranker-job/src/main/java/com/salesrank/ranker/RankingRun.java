package com.salesrank.ranker;

import com.salesrank.ranker.aggregate.SalesCounter;
import com.salesrank.ranker.aggregate.SumStage;
import com.salesrank.ranker.failure.TaskFailures;
import com.salesrank.ranker.incremental.IncrementalRanker;
import com.salesrank.ranker.output.OutputReplacer;
import com.salesrank.ranker.output.S3ACommitterSettings;
import com.salesrank.ranker.progress.JobProgressReporter;
import com.salesrank.contract.Ranking;
import com.salesrank.ranker.publish.RankingMetadata;
import com.salesrank.ranker.rank.RankStage;
import com.salesrank.ranker.window.RankingWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;

/**
 * One ranking, from the raw logs to the files in {@code --output}: stage 1 ({@link SumStage}) sums a window
 * of sales per (category, product), stage 2 ({@link RankStage}) secondary-sorts them into a ranking per
 * category; or, with {@code --state}, the {@link IncrementalRanker}. The ranking then replaces the output.
 *
 * <p>Both stages write under a private work directory next to the output, so a failed run (a job failure
 * or too many malformed lines) leaves an existing output untouched; the work directory is removed whatever
 * happens.
 */
final class RankingRun {

    private final Configuration base;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final JobProgressReporter progress;

    RankingRun(Configuration base, Clock clock, PrintStream out, PrintStream err, JobProgressReporter progress) {
        this.base = base;
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.progress = progress;
    }

    RunSummary rank(RankerArguments arguments) throws Exception {
        LocalMetricsSystem.standbyInLocalMode(base);
        RankingWindow window = arguments.window();
        Path output = new Path(arguments.output());
        FileSystem outputFs = output.getFileSystem(base);
        output = outputFs.makeQualified(output);
        // before anything else: a run that died while replacing this output may have left the old
        // ranking only in its backup, and this run must not fail (or refuse) before putting it back
        String recovered = new OutputReplacer(outputFs, output).recover();
        if (recovered != null) {
            err.println("output: " + recovered);
        }
        if (outputFs.exists(output) && !arguments.overwrite()) {
            throw new OutputExistsException("output directory " + output + " already exists; pass --overwrite to replace it");
        }
        Path workDir = workDir(output);
        Configuration conf = S3ACommitterSettings.forOutput(base, workDir);
        try {
            if (arguments.state().isPresent()) {
                return rankIncrementally(conf, arguments, workDir, outputFs, output);
            }
            Path sums = new Path(workDir, "sums");
            Path ranking = new Path(workDir, "ranking");

            long started = System.nanoTime();
            SumStage.Planned planned = SumStage.job(conf, window, arguments.inputs(), sums, arguments.reducers(),
                    RankerTool.class);
            Job stage1 = planned.job();
            TaskFailures.configure(stage1, new Path(workDir, "_failures-stage1"));
            boolean stage1Ok = progress.waitForCompletion(stage1, "stage 1 (sum)", "lines", SalesCounter.LINES_READ);
            Duration stage1Time = Duration.ofNanos(System.nanoTime() - started);
            if (!stage1Ok) {
                throw new IOException("stage 1 (sum) failed: " + TaskFailures.describe(stage1));
            }
            RunSummary summary = RunSummary.ofStage1(window, stage1.getCounters(), stage1Time)
                    .withRawBytesRead(planned.inputBytes());
            if (summary.malformedRatio() > arguments.maxMalformedRatio()) {
                throw new TooManyMalformedLinesException(summary, arguments.maxMalformedRatio());
            }

            started = System.nanoTime();
            Job stage2 = RankStage.job(conf, sums, ranking, arguments.reducers(), arguments.top(), RankerTool.class);
            boolean stage2Ok = progress.waitForCompletion(stage2, "stage 2 (rank)", "rows");
            Duration stage2Time = Duration.ofNanos(System.nanoTime() - started);
            if (!stage2Ok) {
                throw new IOException("stage 2 (rank) failed: " + TaskFailures.describe(stage2));
            }
            long stage2Rows = stage2.getCounters().findCounter(TaskCounter.REDUCE_OUTPUT_RECORDS).getValue();
            requireRows(stage2Rows, window, output);

            RunSummary done = summary.withStage2(output.toString(), stage2Rows, stage2Time);
            metadata(done, arguments).write(outputFs, ranking); // moves in with the part files
            replaceOutput(outputFs, ranking, output);
            return done;
        } finally {
            workDir.getFileSystem(conf).delete(workDir, true);
        }
    }

    private RunSummary rankIncrementally(Configuration conf, RankerArguments arguments, Path workDir, FileSystem outputFs,
            Path output) throws Exception {
        RankingWindow window = arguments.window();
        long started = System.nanoTime();
        IncrementalRanker.Settings settings = new IncrementalRanker.Settings(arguments.inputs(), window,
                (int) window.hours(), new Path(arguments.state().get()), arguments.top(), arguments.reducers(),
                Duration.ofSeconds(conf.getLong(RankerConfigKeys.STATE_LOCK_WAIT_SECONDS,
                        RankerConfigKeys.STATE_LOCK_WAIT_SECONDS_DEFAULT)));
        IncrementalRanker.Result result = new IncrementalRanker(conf, settings, err, RankerTool.class, progress, counters -> {
            RunSummary read = RunSummary.ofStage1(window, counters, Duration.ofNanos(System.nanoTime() - started));
            if (read.malformedRatio() > arguments.maxMalformedRatio()) {
                throw new TooManyMalformedLinesException(read, arguments.maxMalformedRatio());
            }
        }).run(new Path(workDir, "incremental"));
        Duration time = Duration.ofNanos(System.nanoTime() - started);
        requireRows(result.rows(), window, output);
        RunSummary read = RunSummary.ofStage1(window, result.rawCounters(), time);
        RunSummary done = new RunSummary(window, output.toString(), read.linesRead(), read.valid(), read.outsideWindow(),
                read.headersSkipped(), read.emptySkipped(), read.malformedByReason(), result.rows(), result.rows(), time,
                Duration.ZERO, result.rawBytes(), true);
        metadata(done, arguments).write(outputFs, result.ranking());
        replaceOutput(outputFs, result.ranking(), output);
        out.println("incremental:      " + result.report());
        return done;
    }

    /** What scripts/publish.sh needs to publish this output later, exactly as this run would have. */
    static RankingMetadata metadata(RunSummary summary, RankerArguments arguments) {
        return new RankingMetadata(arguments.top().isPresent() ? Ranking.HEAD : Ranking.FULL, summary.window().start(),
                summary.window().end(), summary.stage2Rows(), summary.linesRead(), summary.malformed(),
                summary.stage1Time().plus(summary.stage2Time()).toMillis());
    }

    /**
     * An empty ranking (an empty input directory, zero-byte logs, a window with no sales) is a failure, and
     * is refused before the output is touched: it used to replace the output, complete with _SUCCESS, and
     * only then fail at the publisher's own refusal to publish an empty ranking.
     */
    private static void requireRows(long rows, RankingWindow window, Path output) throws IOException {
        if (rows <= 0) {
            throw new IOException("the job produced no ranking rows for window " + window + " (no sales in it: an"
                    + " empty input?); " + output + " left as it was");
        }
    }

    /** See {@link OutputReplacer}: a crash at any point leaves the old ranking or the new one (or its backup). */
    private static void replaceOutput(FileSystem outputFs, Path ranking, Path output) throws IOException {
        new OutputReplacer(outputFs, output).replaceWith(ranking);
    }

    private Path workDir(Path output) throws IOException {
        String configured = base.get(RankerConfigKeys.WORK_DIR);
        Path parent = configured != null ? new Path(configured) : output.getParent();
        if (parent == null) {
            throw new IOException("output " + output + " has no parent directory; set -D " + RankerConfigKeys.WORK_DIR);
        }
        String runId = clock.instant().getEpochSecond() + "-" + UUID.randomUUID().toString().substring(0, 8);
        // leading underscore: FileInputFormat ignores it, should anyone list the parent as input
        return new Path(parent, "_" + output.getName() + ".work-" + runId);
    }
}
