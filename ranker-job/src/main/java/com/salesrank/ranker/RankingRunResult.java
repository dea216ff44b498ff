package com.salesrank.ranker;

import com.salesrank.ranker.publish.PublishedRun;
import java.util.Optional;

/**
 * What one run of {@link RankerTool} (or {@link PublishTool}) came to: its exit status, the summary of a
 * ranking run that got as far as stage 1's counters, and the run it published.
 *
 * @param exitCode  the process exit status ({@link RankerTool#EXIT_OK} etc.)
 * @param summary   empty when the run stopped before stage 1's counters, or for {@link PublishTool}
 * @param published empty when nothing was published (files only, or a failure)
 */
public record RankingRunResult(int exitCode, Optional<RunSummary> summary, Optional<PublishedRun> published) {

    static RankingRunResult exit(int exitCode) {
        return new RankingRunResult(exitCode, Optional.empty(), Optional.empty());
    }
}
