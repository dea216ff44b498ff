package com.salesrank.ranker;

import com.salesrank.ranker.progress.JobProgressReporter;
import com.salesrank.ranker.progress.ProgressPrinter;
import com.salesrank.ranker.progress.PublishProgressReporter;
import com.salesrank.ranker.publish.DatabaseSettings;
import com.salesrank.ranker.publish.PublishException;
import com.salesrank.ranker.publish.PublishProgress;
import com.salesrank.ranker.publish.PublishedRun;
import com.salesrank.contract.Ranking;
import com.salesrank.ranker.publish.RankingPublisher;
import com.salesrank.ranker.state.StateLockedException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * The job's entry point ({@code hadoop jar ranker-job.jar}): parses the arguments, has a {@link RankingRun}
 * write the ranking into {@code --output}, publishes it when a database is configured, and says on the
 * console what happened, with an exit status per outcome.
 */
public class RankerTool extends Configured implements Tool {

    public static final int EXIT_OK = 0;
    public static final int EXIT_JOB_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_TOO_MANY_MALFORMED = 3;
    /** EX_TEMPFAIL: another run holds the {@code --state}; nothing was done, try later. */
    public static final int EXIT_STATE_LOCKED = 75;

    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

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
        return execute(args).exitCode();
    }

    /** {@link ToolRunner#run}, returning what the run came to rather than only its exit status. */
    public RankingRunResult execute(Configuration conf, String... args) throws IOException {
        GenericOptionsParser parser = new GenericOptionsParser(conf, args);
        setConf(conf);
        return execute(parser.getRemainingArgs());
    }

    /** A run with the generic options already applied to {@link #getConf()}. */
    public RankingRunResult execute(String[] args) {
        RankerArguments arguments;
        try {
            arguments = RankerArguments.parse(args, clock);
        } catch (ArgumentException e) {
            return usageError(e.getMessage());
        }
        if (arguments.help()) {
            out.println(RankerArguments.USAGE);
            return RankingRunResult.exit(EXIT_OK);
        }
        ProgressPrinter progress;
        try {
            progress = ProgressPrinter.of(getConf(), err);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        RunSummary summary = null;
        try {
            summary = new RankingRun(getConf(), clock, out, err, new JobProgressReporter(progress)).rank(arguments);
            out.print(summary.format());
            Optional<PublishedRun> published = publishIfConfigured(summary, arguments,
                    new PublishProgressReporter(progress));
            out.println(published.map(PublishMessages::published)
                    .orElse("published:        no (no database configured: set SALESRANK_DB_URL or -D "
                            + RankerConfigKeys.DB_URL + "); files only"));
            return new RankingRunResult(EXIT_OK, Optional.of(summary), published);
        } catch (OutputExistsException e) {
            return usageError(e.getMessage());
        } catch (StateLockedException e) {
            err.println("error: " + e.getMessage());
            return RankingRunResult.exit(EXIT_STATE_LOCKED);
        } catch (TooManyMalformedLinesException e) {
            out.print(e.summary().format());
            err.println("error: " + e.getMessage());
            return new RankingRunResult(EXIT_TOO_MANY_MALFORMED, Optional.of(e.summary()), Optional.empty());
        } catch (PublishException e) {
            // the ranking was computed and written; what the failure did to the live ranking is the
            // publisher's to say, and operators act differently on each (retry, fix history, check)
            err.println(PublishMessages.failure(e, arguments.output()));
            return new RankingRunResult(EXIT_JOB_FAILED, Optional.ofNullable(summary), Optional.empty());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // everything else fails before the publisher is called: nothing reached the database
            err.println("error: ranking failed, nothing published: " + e);
            return new RankingRunResult(EXIT_JOB_FAILED, Optional.ofNullable(summary), Optional.empty());
        }
    }

    /**
     * Publishes the complete ranking in {@code summary.output()} into MySQL ({@code sales_rank}, or
     * {@code sales_rank_head} for a {@code --top} run) when a
     * database is configured; without one the job writes files only. A failure
     * throws a {@link PublishException} whose outcome says whether the run went live.
     */
    private Optional<PublishedRun> publishIfConfigured(RunSummary summary, RankerArguments arguments,
            PublishProgress progress) throws Exception {
        Optional<DatabaseSettings> database = DatabaseSettings.from(getConf(), env);
        if (database.isEmpty()) {
            return Optional.empty();
        }
        Ranking ranking = arguments.top().isPresent() ? Ranking.HEAD : Ranking.FULL;
        return Optional.of(new RankingPublisher(database.get(), ranking, progress).publish(new Path(summary.output()),
                getConf(), RankingRun.metadata(summary, arguments).facts()));
    }

    private RankingRunResult usageError(String reason) {
        err.println("error: " + reason);
        err.println(RankerArguments.USAGE);
        return RankingRunResult.exit(EXIT_USAGE);
    }
}
