package com.salesrank.ranker;

import com.salesrank.ranker.output.OutputReplacer;
import com.salesrank.ranker.progress.ProgressPrinter;
import com.salesrank.ranker.progress.PublishProgressReporter;
import com.salesrank.ranker.publish.SqlDateTimes;
import com.salesrank.ranker.publish.DatabaseSettings;
import com.salesrank.ranker.publish.PublishException;
import com.salesrank.ranker.publish.PublishedRun;
import com.salesrank.contract.Ranking;
import com.salesrank.ranker.publish.RankingMetadata;
import com.salesrank.ranker.publish.RankingPublisher;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code scripts/publish.sh OUTPUT_DIR}: publishes a ranking the job already wrote, without recomputing
 * it, through the same {@link RankingPublisher} (same checks, same staging and one RENAME, same history
 * row). The window and the counts come from the {@value RankingMetadata#FILE} file the job wrote next to
 * the part files. An output that was already published is refused unless {@code --force}: "already" means
 * the history ({@code ranking_runs}) has a run of the same ranking with the same window and row count, or
 * the live run of that ranking has the same window (a run that went live but lost its history row).
 */
public class PublishTool extends Configured implements Tool {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    /** The output was published before; nothing was done. */
    public static final int EXIT_ALREADY_PUBLISHED = 4;

    static final String USAGE = String.join("\n",
            "PublishTool [generic Hadoop options] OUTPUT_DIR [--force]",
            "  OUTPUT_DIR  a ranking the job wrote (--output): part files, _SUCCESS and _RANKING",
            "  --force     publish it even if the same ranking, window and row count was published before",
            "Database: SALESRANK_DB_URL, SALESRANK_DB_USER, SALESRANK_DB_PASSWORD (or -D salesrank.db.*).",
            "Exit status: 0 published, 1 publish failed (the error line says whether anything went live),",
            "             2 bad arguments, no database, or not a complete ranking, 4 already published (nothing done).");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public PublishTool() {
        this(System.out, System.err, System.getenv());
    }

    public PublishTool(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new Configuration(), new PublishTool(), args));
    }

    @Override
    public int run(String[] args) {
        return execute(args).exitCode();
    }

    /** {@link ToolRunner#run}, returning what the run came to rather than only its exit status. */
    public RankingRunResult execute(Configuration conf, String... args) throws java.io.IOException {
        GenericOptionsParser parser = new GenericOptionsParser(conf, args);
        setConf(conf);
        return execute(parser.getRemainingArgs());
    }

    /** A run with the generic options already applied to {@link #getConf()}; its summary is always empty. */
    public RankingRunResult execute(String[] args) {
        String dirArg = null;
        boolean force = false;
        for (String arg : args) {
            switch (arg) {
                case "--force" -> force = true;
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return RankingRunResult.exit(EXIT_OK);
                }
                default -> {
                    if (arg.startsWith("--") || dirArg != null) {
                        return usage("unexpected argument " + arg);
                    }
                    dirArg = arg;
                }
            }
        }
        if (dirArg == null) {
            return usage("OUTPUT_DIR is required");
        }
        Optional<DatabaseSettings> database = DatabaseSettings.from(getConf(), env);
        if (database.isEmpty()) {
            return usage("no database configured: set SALESRANK_DB_URL (and _USER, _PASSWORD) or -D "
                    + RankerConfigKeys.DB_URL);
        }
        ProgressPrinter progress;
        try {
            progress = ProgressPrinter.of(getConf(), err);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        Path dir = new Path(dirArg);
        RankingMetadata metadata;
        try {
            FileSystem fs = dir.getFileSystem(getConf());
            dir = fs.makeQualified(dir);
            // a run that died while replacing this output may have left the whole ranking in its backup
            String recovered = new OutputReplacer(fs, dir).recover();
            if (recovered != null) {
                err.println("output: " + recovered);
            }
            if (!fs.exists(new Path(dir, "_SUCCESS"))) {
                return usage(dir + " is not a complete ranking: it has no _SUCCESS");
            }
            metadata = RankingMetadata.read(fs, dir);
        } catch (java.io.IOException e) {
            return usage("cannot read " + dir + ": " + e.getMessage());
        }
        try {
            if (!force) {
                OptionalLong before = publishedBefore(database.get(), metadata);
                if (before.isPresent()) {
                    err.println("error: already published as run " + before.getAsLong() + " (" + metadata.ranking().label()
                            + " ranking, window " + metadata.windowStart() + " .. " + metadata.windowEnd() + ", "
                            + metadata.rows() + " rows); nothing done. Pass --force to publish it again");
                    return RankingRunResult.exit(EXIT_ALREADY_PUBLISHED);
                }
            }
            PublishedRun run = new RankingPublisher(database.get(), metadata.ranking(),
                    new PublishProgressReporter(progress)).publish(dir, getConf(),
                    metadata.facts());
            out.println(PublishMessages.published(run));
            return new RankingRunResult(EXIT_OK, Optional.empty(), Optional.of(run));
        } catch (PublishException e) {
            err.println(PublishMessages.failure(e, dir.toString()));
            return RankingRunResult.exit(EXIT_FAILED);
        } catch (SQLException e) {
            err.println("error: publish failed, nothing published (checking whether it was published before failed): "
                    + e.getMessage());
            return RankingRunResult.exit(EXIT_FAILED);
        }
    }

    /** The run that already published this output, by the rule in the class comment. */
    static OptionalLong publishedBefore(DatabaseSettings settings, RankingMetadata metadata) throws SQLException {
        String liveRun = metadata.ranking().runTable();
        try (Connection connection = connect(settings)) {
            try (PreparedStatement history = connection.prepareStatement("SELECT MAX(run_id) FROM ranking_runs"
                    + " WHERE ranking = ? AND window_start = ? AND window_end = ? AND rows_published = ?")) {
                history.setString(1, metadata.ranking().label());
                history.setString(2, SqlDateTimes.seconds(metadata.windowStart()));
                history.setString(3, SqlDateTimes.seconds(metadata.windowEnd()));
                history.setLong(4, metadata.rows());
                OptionalLong found = first(history);
                if (found.isPresent()) {
                    return found;
                }
            }
            try (PreparedStatement live = connection.prepareStatement("SELECT MAX(run_id) FROM " + liveRun
                    + " WHERE window_start = ? AND window_end = ?")) {
                live.setString(1, SqlDateTimes.seconds(metadata.windowStart()));
                live.setString(2, SqlDateTimes.seconds(metadata.windowEnd()));
                return first(live);
            }
        }
    }

    private static OptionalLong first(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            long id = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
        }
    }

    private static Connection connect(DatabaseSettings settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("connectTimeout", "10000");
        // the driver directly, as RankingPublisher does: under `hadoop jar` DriverManager may not see it
        Connection connection = new com.mysql.cj.jdbc.Driver().connect(settings.url(), properties);
        if (connection == null) {
            throw new SQLException("not a MySQL JDBC URL: " + settings.url());
        }
        return connection;
    }


    private RankingRunResult usage(String reason) {
        err.println("error: " + reason);
        err.println(USAGE);
        return RankingRunResult.exit(EXIT_USAGE);
    }
}
