package com.salesrank.api.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which products of the live top 100 climbed most: the rule of /api/v1/movers, apart from the SQL so
 * that its ordering and ties are tested on their own.
 */
final class MoverSelection {

    /** The history and the comparison cover ranks 1..TOP. */
    static final int TOP = 100;

    /** A product's rank in the live ranking. */
    record Ranked(long productId, int rank) {
    }

    private static final Comparator<Movers.Item> BIGGEST_CLIMB_FIRST =
            Comparator.comparingInt(Movers.Item::change).reversed().thenComparingInt(Movers.Item::rank);

    private MoverSelection() {
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
            // a newcomer is counted as if it had been just below the top: rank TOP + 1
            int change = (before == null ? TOP + 1 : before) - now.rank();
            if (change > 0) {
                climbed.add(new Movers.Item(now.productId(), now.rank(), before, change));
            }
        }
        climbed.sort(BIGGEST_CLIMB_FIRST);
        return List.copyOf(climbed.subList(0, Math.min(limit, climbed.size())));
    }
}
