package com.salesrank.ranker;

import com.salesrank.ranker.aggregate.CategoryProductKey;
import com.salesrank.ranker.aggregate.SalesCounter;
import com.salesrank.ranker.aggregate.SalesMapper;
import com.salesrank.ranker.aggregate.SalesSumCombiner;
import com.salesrank.ranker.aggregate.SalesSumReducer;
import com.salesrank.ranker.failure.TaskFailures;
import com.salesrank.ranker.incremental.IncrementalRanker;
import com.salesrank.ranker.input.HourFolderInputs;
import com.salesrank.ranker.output.OutputReplacer;
import com.salesrank.ranker.output.S3ACommitterSettings;
import com.salesrank.ranker.parse.MalformedReason;
import com.salesrank.ranker.publish.DatabaseSettings;
import com.salesrank.ranker.publish.PublishException;
import com.salesrank.ranker.publish.PublishedRun;
import com.salesrank.ranker.publish.Ranking;
import com.salesrank.ranker.publish.RankingMetadata;
import com.salesrank.ranker.publish.RankingPublisher;
import com.salesrank.ranker.publish.RunFacts;
import com.salesrank.ranker.rank.RankKey;
import com.salesrank.ranker.rank.RankReducer;
import com.salesrank.ranker.rank.RankStage;
import com.salesrank.ranker.state.StateLockedException;
import com.salesrank.ranker.window.RankingWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * The ranker: stage 1 sums a window of sales per (category, product), stage 2
 * secondary-sorts them into a ranking per category, then the ranking is moved into
 * {@code --output} and handed to {@link #publishIfConfigured}.
 *
 * <p>Both stages write under a private work directory next to the output, so a
 * failed run (a job failure or too many malformed lines) leaves an existing output
 * untouched; the work directory is removed whatever happens.
 */
public class RankerTool extends Configured implements Tool {

    public static final int EXIT_OK = 0;
    public static final int EXIT_JOB_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_TOO_MANY_MALFORMED = 3;
    /** EX_TEMPFAIL: another run holds the {@code --state}; nothing was done, try later. */
    public static final int EXIT_STATE_LOCKED = 75;
    /** How long a run waits for another run to release its {@code --state}; default 0 (refuse at once). */
    public static final String STATE_LOCK_WAIT_SECONDS = "salesrank.state.lock-wait-seconds";

    /** Parent of the per-run work directory; default: the output directory's parent (same file system, so the final rename is cheap). */
    public static final String WORK_DIR = "salesrank.work.dir";
    /** Whether stage 1 also runs {@link SalesSumCombiner}; default: only when in-mapper combining is off. */
    public static final String USE_COMBINER = "salesrank.stage1.combiner";
    static final long DEFAULT_MAX_SPLIT_BYTES = 256L << 20;
    static final long MIN_LOCAL_SPLIT_BYTES = 32L << 20;
    static final long MAX_LOCAL_SPLIT_BYTES = 1L << 30;

    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private RunSummary lastSummary;
    private long lastInputBytes;
    private PublishedRun lastPublished;

    public RankerTool() {
        this(System.getenv());
    }

    /**
     * @param env where the SALESRANK_DB_* settings are looked up; an empty map writes files
     *            only, unless -D salesrank.db.url is given
     */
    public RankerTool(Map<String, String> env) {
        this(Clock.systemUTC(), System.out, System.err, env);
    }

    /** @param env where the SALESRANK_DB_* settings are looked up (-D salesrank.db.* overrides them) */
    public RankerTool(Clock clock, PrintStream out, PrintStream err, Map<String, String> env) {
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new Configuration(), new RankerTool(), args));
    }

    @Override
    public int run(String[] args) {
        RankerArguments arguments;
        try {
            arguments = RankerArguments.parse(args, clock);
        } catch (ArgumentException e) {
            return usageError(e.getMessage());
        }
        if (arguments.help()) {
            out.println(RankerArguments.USAGE);
            return EXIT_OK;
        }
        try {
            RunSummary summary = rank(arguments);
            lastSummary = summary;
            out.print(summary.format());
            Optional<PublishedRun> published = publishIfConfigured(summary,
                    arguments.top().isPresent() ? Ranking.HEAD : Ranking.FULL);
            lastPublished = published.orElse(null);
            out.println(published.map(RankerTool::describe)
                    .orElse("published:        no (no database configured: set SALESRANK_DB_URL or -D "
                            + DatabaseSettings.URL_PROPERTY + "); files only"));
            return EXIT_OK;
        } catch (OutputExistsException e) {
            return usageError(e.getMessage());
        } catch (StateLockedException e) {
            err.println("error: " + e.getMessage());
            return EXIT_STATE_LOCKED;
        } catch (TooManyMalformedLinesException e) {
            lastSummary = e.summary;
            out.print(e.summary.format());
            err.println("error: " + e.getMessage());
            return EXIT_TOO_MANY_MALFORMED;
        } catch (PublishException e) {
            // the ranking was computed and written; what the failure did to the live ranking is the
            // publisher's to say, and operators act differently on each (retry, fix history, check)
            err.println(describe(e, arguments.output()));
            return EXIT_JOB_FAILED;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // everything else fails before the publisher is called: nothing reached the database
            err.println("error: ranking failed, nothing published: " + e);
            return EXIT_JOB_FAILED;
        }
    }

    /** The summary of the last run that got as far as stage 1's counters, or null. */
    public RunSummary lastSummary() {
        return lastSummary;
    }

    /** The run the last successful {@link #run} published, or null when it wrote files only. */
    public PublishedRun lastPublished() {
        return lastPublished;
    }

    /**
     * Publishes the complete ranking in {@code summary.output()} into MySQL ({@code sales_rank}, or
     * {@code sales_rank_head} for a {@code --top} run) when a
     * database is configured; without one the job writes files only. A failure
     * throws a {@link PublishException} whose outcome says whether the run went live.
     */
    Optional<PublishedRun> publishIfConfigured(RunSummary summary, Ranking ranking) throws Exception {
        Optional<DatabaseSettings> database = DatabaseSettings.from(getConf(), env);
        if (database.isEmpty()) {
            return Optional.empty();
        }
        RunFacts facts = new RankingMetadata(ranking, summary.window().start(), summary.window().end(),
                summary.stage2Rows(), summary.linesRead(), summary.malformed(),
                summary.stage1Time().plus(summary.stage2Time()).toMillis()).facts();
        return Optional.of(new RankingPublisher(database.get(), ranking).publish(new Path(summary.output()), getConf(), facts));
    }

    /** One line per outcome, each worded differently so that logs and alerts can tell them apart. */
    static String describe(PublishException e, String output) {
        return switch (e.outcome()) {
            case NOT_PUBLISHED -> "error: publish failed, NOT published, the previous ranking stays live (the ranking"
                    + " files are in " + output + "): " + e.getMessage();
            case PUBLISHED -> "error: publish failed AFTER the swap: run " + e.runId() + " IS live (published),"
                    + " but the publish did not finish: " + e.getMessage();
            case UNKNOWN -> "error: publish failed, outcome UNKNOWN: run " + e.runId() + " may or may not be live;"
                    + " check the live run id in sales_rank_run / sales_rank_head_run: " + e.getMessage();
        };
    }

    static String describe(PublishedRun run) {
        return String.format(java.util.Locale.ROOT,
                "published:        run %d, %,d rows, live since %s (load %.2f s, index %.2f s, swap %.3f s, total %.2f s)",
                run.runId(), run.rows(), run.publishedAt(), run.loadMillis() / 1000.0, run.indexMillis() / 1000.0,
                run.swapMillis() / 1000.0, run.totalMillis() / 1000.0);
    }

    RunSummary rank(RankerArguments arguments) throws Exception {
        Configuration base = getConf();
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
        Path workDir = workDir(base, output);
        Configuration conf = S3ACommitterSettings.forOutput(base, workDir);
        try {
            if (arguments.state().isPresent()) {
                return rankIncrementally(conf, arguments, workDir, outputFs, output);
            }
            Path sums = new Path(workDir, "sums");
            Path ranking = new Path(workDir, "ranking");

            long started = System.nanoTime();
            Job stage1 = stage1(conf, arguments, sums);
            TaskFailures.configure(stage1, new Path(workDir, "_failures-stage1"));
            boolean stage1Ok = stage1.waitForCompletion(false);
            Duration stage1Time = Duration.ofNanos(System.nanoTime() - started);
            if (!stage1Ok) {
                throw new IOException("stage 1 (sum) failed: " + TaskFailures.describe(stage1));
            }
            RunSummary summary = stage1Summary(window, stage1.getCounters(), stage1Time).withRawBytesRead(lastInputBytes);
            if (summary.malformedRatio() > arguments.maxMalformedRatio()) {
                throw new TooManyMalformedLinesException(summary, arguments.maxMalformedRatio());
            }

            started = System.nanoTime();
            Job stage2 = stage2(conf, arguments, sums, ranking);
            boolean stage2Ok = stage2.waitForCompletion(false);
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
                Duration.ofSeconds(conf.getLong(STATE_LOCK_WAIT_SECONDS, 0)));
        IncrementalRanker.Result result = new IncrementalRanker(conf, settings, err, RankerTool.class, counters -> {
            RunSummary read = stage1Summary(window, counters, Duration.ofNanos(System.nanoTime() - started));
            if (read.malformedRatio() > arguments.maxMalformedRatio()) {
                throw new TooManyMalformedLinesException(read, arguments.maxMalformedRatio());
            }
        }).run(new Path(workDir, "incremental"));
        Duration time = Duration.ofNanos(System.nanoTime() - started);
        requireRows(result.rows(), window, output);
        RunSummary read = stage1Summary(window, result.rawCounters(), time);
        RunSummary done = new RunSummary(window, output.toString(), read.linesRead(), read.valid(), read.outsideWindow(),
                read.headersSkipped(), read.emptySkipped(), read.malformedByReason(), result.rows(), result.rows(), time,
                Duration.ZERO, result.rawBytes(), true);
        metadata(done, arguments).write(outputFs, result.ranking());
        replaceOutput(outputFs, result.ranking(), output);
        out.println("incremental:      " + result.report());
        return done;
    }

    /** What scripts/publish.sh needs to publish this output later, exactly as this run would have. */
    private static RankingMetadata metadata(RunSummary summary, RankerArguments arguments) {
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

    private Job stage1(Configuration base, RankerArguments arguments, Path sums) throws IOException {
        Configuration conf = new Configuration(base);
        arguments.window().writeTo(conf::set);
        // a yyyy/MM/dd/HH/ root is narrowed to the window's hour folders, not listed whole
        java.util.List<Path> roots = arguments.inputs().stream().map(Path::new).toList();
        java.util.List<Path> inputs = new HourFolderInputs(conf).forWindow(roots, arguments.window().start(),
                arguments.window().end());
        long inputBytes = inputBytes(conf, inputs);
        lastInputBytes = inputBytes;
        if (conf.get(FileInputFormat.SPLIT_MAXSIZE) == null) {
            // without a maximum, CombineTextInputFormat would put a whole node's input in one split
            conf.setLong(FileInputFormat.SPLIT_MAXSIZE, splitBytes(conf, inputBytes));
        }
        Job job = Job.getInstance(conf, "salesrank stage 1: sum sales per (category, product) in " + arguments.window());
        job.setJarByClass(RankerTool.class);

        // many small hourly files: pack them into few splits instead of one map task per file
        job.setInputFormatClass(CombineTextInputFormat.class);
        FileInputFormat.setInputDirRecursive(job, true);
        for (Path input : inputs) {
            FileInputFormat.addInputPath(job, input);
        }
        job.setMapperClass(SalesMapper.class);
        boolean inMapperCombining = conf.getBoolean(SalesMapper.IN_MAPPER_COMBINING, true);
        if (conf.getBoolean(USE_COMBINER, !inMapperCombining)) {
            job.setCombinerClass(SalesSumCombiner.class);
        }
        job.setMapOutputKeyClass(CategoryProductKey.class);
        job.setMapOutputValueClass(LongWritable.class);
        job.setReducerClass(SalesSumReducer.class);
        job.setOutputKeyClass(RankKey.class);
        job.setOutputValueClass(NullWritable.class);
        job.setOutputFormatClass(SequenceFileOutputFormat.class);
        FileOutputFormat.setOutputPath(job, sums);
        arguments.reducers().ifPresent(job::setNumReduceTasks);
        return job;
    }

    private Job stage2(Configuration base, RankerArguments arguments, Path sums, Path ranking) throws IOException {
        Job job = RankStage.job(base, sums, ranking, arguments.reducers(), RankerTool.class);
        arguments.top().ifPresent(k -> job.getConfiguration().setLong(RankReducer.TOP, k));
        return job;
    }

    /**
     * Split size when none is configured. In local mode: one split per map slot, so
     * each in-mapper combining map sees as large a share of the input as possible
     * (each key emitted once per core, not once per wave) and there is one round of
     * task set-up. Measured on the 20M-line benchmark (2 cores): stage 1 7.7 s with
     * one split per slot vs 8.3 s with two. On a cluster:
     * {@link #DEFAULT_MAX_SPLIT_BYTES}.
     */
    static long splitBytes(Configuration conf, long total) {
        if (!"local".equals(conf.get("mapreduce.framework.name", "local"))) {
            return DEFAULT_MAX_SPLIT_BYTES;
        }
        int slots = Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1));
        long perSplit = (total + slots - 1) / slots;
        return Math.min(Math.max(perSplit + 1, MIN_LOCAL_SPLIT_BYTES), MAX_LOCAL_SPLIT_BYTES);
    }

    /** Bytes under the window's input paths (after hour-folder pruning): what stage 1 reads. */
    private static long inputBytes(Configuration conf, java.util.List<Path> inputs) throws IOException {
        long total = 0;
        for (Path path : inputs) {
            FileSystem fs = path.getFileSystem(conf);
            org.apache.hadoop.fs.FileStatus[] matches = fs.globStatus(path);
            if (matches != null) {
                for (org.apache.hadoop.fs.FileStatus match : matches) {
                    total += fs.getContentSummary(match.getPath()).getLength();
                }
            }
        }
        return total;
    }

    private static RunSummary stage1Summary(RankingWindow window, Counters counters, Duration time) {
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
                counters.findCounter(org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter.BYTES_READ).getValue(),
                false);
    }

    private Path workDir(Configuration conf, Path output) throws IOException {
        String configured = conf.get(WORK_DIR);
        Path parent = configured != null ? new Path(configured) : output.getParent();
        if (parent == null) {
            throw new IOException("output " + output + " has no parent directory; set -D " + WORK_DIR);
        }
        String runId = clock.instant().getEpochSecond() + "-" + UUID.randomUUID().toString().substring(0, 8);
        // leading underscore: FileInputFormat ignores it, should anyone list the parent as input
        return new Path(parent, "_" + output.getName() + ".work-" + runId);
    }

    private int usageError(String reason) {
        err.println("error: " + reason);
        err.println(RankerArguments.USAGE);
        return EXIT_USAGE;
    }

    static final class OutputExistsException extends IOException {
        OutputExistsException(String message) {
            super(message);
        }
    }

    static final class TooManyMalformedLinesException extends Exception {
        final transient RunSummary summary;

        TooManyMalformedLinesException(RunSummary summary, double maxRatio) {
            super(String.format(java.util.Locale.ROOT,
                    "%,d of %,d lines (%.4f%%) are malformed, above --max-malformed-ratio %s; nothing was published",
                    summary.malformed(), summary.linesRead(), 100 * summary.malformedRatio(), maxRatio));
            this.summary = summary;
        }
    }
}
