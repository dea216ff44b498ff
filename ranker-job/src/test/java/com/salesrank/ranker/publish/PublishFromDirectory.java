package com.salesrank.ranker.publish;

import java.time.Instant;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Publishes a ranking output directory with the settings from the environment ({@code SALESRANK_DB_*})
 * or -D style system properties. The child process of {@link PublisherKilledIT} and the publishing half of
 * scripts/bench-publish.sh.
 *
 * <pre>PublishFromDirectory RANKING_DIR WINDOW_START WINDOW_END EXPECTED_ROWS</pre>
 */
public final class PublishFromDirectory {

    private PublishFromDirectory() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: PublishFromDirectory RANKING_DIR WINDOW_START WINDOW_END EXPECTED_ROWS");
            System.exit(2);
        }
        Configuration conf = new Configuration();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("salesrank.")) {
                conf.set(name, System.getProperty(name));
            }
        }
        Map<String, String> env = System.getenv();
        DatabaseSettings settings = DatabaseSettings.from(conf, env)
                .orElseThrow(() -> new IllegalStateException("no database: set SALESRANK_DB_URL or -Dsalesrank.db.url"));
        long rows = Long.parseLong(args[3]);
        RunFacts facts = new RunFacts(Instant.parse(args[1]), Instant.parse(args[2]), rows, rows, 0, 0);
        System.out.println("publishing " + args[0]);
        System.out.flush();
        PublishedRun run = new RankingPublisher(settings).publish(new Path(args[0]), conf, facts);
        System.out.printf("published run %d: %d rows in %d ms (load %d ms, indexes and checks %d ms, swap %d ms, history %d ms)%n",
                run.runId(), run.rows(), run.totalMillis(), run.loadMillis(), run.indexMillis(), run.swapMillis(), run.historyMillis());
    }
}
