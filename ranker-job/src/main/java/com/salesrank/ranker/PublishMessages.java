package com.salesrank.ranker;

import com.salesrank.ranker.publish.PublishException;
import com.salesrank.ranker.publish.PublishedRun;
import java.util.Locale;

/** The console lines that say how a publish ended, shared by {@link RankerTool} and {@link PublishTool}. */
final class PublishMessages {

    private PublishMessages() {
    }

    /** One line per outcome, each worded differently so that logs and alerts can tell them apart. */
    static String failure(PublishException e, String output) {
        return switch (e.outcome()) {
            case NOT_PUBLISHED -> "error: publish failed, NOT published, the previous ranking stays live (the ranking"
                    + " files are in " + output + "): " + e.getMessage();
            case PUBLISHED -> "error: publish failed AFTER the swap: run " + e.runId() + " IS live (published),"
                    + " but the publish did not finish: " + e.getMessage();
            case UNKNOWN -> "error: publish failed, outcome UNKNOWN: run " + e.runId() + " may or may not be live;"
                    + " check the live run id in sales_rank_run / sales_rank_head_run: " + e.getMessage();
        };
    }

    static String published(PublishedRun run) {
        return String.format(Locale.ROOT,
                "published:        run %d, %,d rows, live since %s (load %.2f s, index %.2f s, swap %.3f s, total %.2f s)",
                run.runId(), run.rows(), run.publishedAt(), run.loadMillis() / 1000.0, run.indexMillis() / 1000.0,
                run.swapMillis() / 1000.0, run.totalMillis() / 1000.0);
    }
}
