package com.salesrank.ranker.publish;

/** Which ranking a run publishes: the whole ranking, or the head (ranks 1..K) refreshed between hourly runs. */
public enum Ranking {
    FULL("full"),
    HEAD("head");

    private final String label;

    Ranking(String label) {
        this.label = label;
    }

    /** As recorded in {@code ranking_runs.ranking}. */
    public String label() {
        return label;
    }
}
