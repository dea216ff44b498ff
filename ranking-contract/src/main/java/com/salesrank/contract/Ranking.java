package com.salesrank.contract;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The two published rankings: the hourly FULL ranking of every category, and the HEAD (ranks 1..K of
 * every category, refreshed every 10 minutes between hourly runs). Each lives in a table with a one-row
 * run table beside it, and is recorded in {@code ranking_runs.ranking} (schema migration V2) and
 * answered in the API's {@code ranking} field by its label.
 */
public enum Ranking {
    FULL("full", "sales_rank"),
    HEAD("head", "sales_rank_head");

    private final String label;
    private final String table;

    Ranking(String label, String table) {
        this.label = label;
        this.table = table;
    }

    /** As recorded in {@code ranking_runs.ranking} and answered by the API: {@code "full"} or {@code "head"}. */
    @JsonValue
    public String label() {
        return label;
    }

    /** The live table of its rows. */
    public String table() {
        return table;
    }

    /** The one-row table of its live run, swapped with {@link #table()} in one RENAME. */
    public String runTable() {
        return table + "_run";
    }

    /** @throws IllegalArgumentException when {@code label} names no ranking */
    public static Ranking ofLabel(String label) {
        for (Ranking ranking : values()) {
            if (ranking.label.equals(label)) {
                return ranking;
            }
        }
        throw new IllegalArgumentException("no ranking is labelled " + label);
    }
}
