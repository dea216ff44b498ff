package com.salesrank.api.run;

/** sales_rank_run is empty: the ranking job has not published anything yet. */
public class NoRankingPublishedException extends RuntimeException {

    public NoRankingPublishedException() {
        super("no ranking has been published yet");
    }
}
