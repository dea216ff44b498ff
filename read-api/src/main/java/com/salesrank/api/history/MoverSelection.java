package com.salesrank.api.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.salesrank.contract.RankHistoryDepth;

/**
 * Which products of the live top 100 climbed most: the rule of /api/v1/movers, apart from the SQL so
 * that its ordering and ties are tested on their own.
 */
public final class MoverSelection {

    /** The history and the comparison cover ranks 1..TOP. */
    public static final int TOP = RankHistoryDepth.TOP_RANKS;

    /** The rank a newcomer (outside the compared top 100) is counted from. */
    public static final int JUST_BELOW_TOP = TOP + 1;

    /** A product's rank in the live ranking, with its catalog title (null when the catalog lacks it). */
    record Ranked(long productId, int rank, String title) {

        Ranked(long productId, int rank) {
            this(productId, rank, null);
        }
    }

    private static final Comparator<Movers.Item> BIGGEST_CLIMB_FIRST =
            Comparator.comparingInt(Movers.Item::change).reversed().thenComparingInt(Movers.Item::rank);

    private MoverSelection() {
    }

    /**
     * A product's climb: {@code previousRank - rank}; a newcomer ({@code previousRank} null, outside the
     * compared top 100) is counted as if it had been just below the top, at rank TOP + 1.
     */
    public static int change(Integer previousRank, int rank) {
        return (previousRank == null ? JUST_BELOW_TOP : previousRank) - rank;
    }

    /**
     * @param current  the live top 100 of the category (any order)
     * @param previous product id to rank in the compared ranking's top 100 of the category
     * @param limit    how many movers at most
     * @return products whose rank improved ({@code change > 0}), biggest change first, then best rank
     */
    static List<Movers.Item> select(List<Ranked> current, Map<Long, Integer> previous, int limit) {
        List<Movers.Item> climbed = new ArrayList<>();
        for (Ranked now : current) {
            if (now.rank() > TOP) {
                continue;
            }
            Integer before = previous.get(now.productId());
            int change = change(before, now.rank());
            if (change > 0) {
                climbed.add(new Movers.Item(now.productId(), now.title(), now.rank(), before, change));
            }
        }
        climbed.sort(BIGGEST_CLIMB_FIRST);
        return List.copyOf(climbed.subList(0, Math.min(limit, climbed.size())));
    }
}
