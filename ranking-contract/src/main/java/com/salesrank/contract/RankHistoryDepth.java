package com.salesrank.contract;

/**
 * How deep the rank history goes: the publisher keeps ranks 1..{@value #TOP_RANKS} of every category of
 * every full run in {@code sales_rank_history}, and the API compares movers within the same ranks.
 */
public final class RankHistoryDepth {

    public static final int TOP_RANKS = 100;

    private RankHistoryDepth() {
    }
}
