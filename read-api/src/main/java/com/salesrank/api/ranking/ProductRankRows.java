package com.salesrank.api.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.salesrank.api.run.HeadRun;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.contract.Ranking;

/**
 * A product's rows in both rankings, with both run rows, as ONE statement read them; {@link #answer}
 * picks what the client sees. Either run is null when that ranking has never been published.
 */
record ProductRankRows(long productId, PublishedRun full, List<ProductRanks.CategoryRank> fullRanks,
        PublishedRun head, List<ProductRanks.CategoryRank> headRanks) {

    private static final Comparator<ProductRanks.CategoryRank> BEST_PLACING_FIRST =
            Comparator.comparingInt(ProductRanks.CategoryRank::rank)
                    .thenComparingInt(ProductRanks.CategoryRank::categoryId);

    boolean headAnswers() {
        return head != null && new HeadRun(head, 0).newerThan(full);
    }

    /**
     * The answer, given the head's K (which must belong to {@link #head}'s run). When the head is
     * not newer, the full ranking alone answers. When it is, the same rule as for pages applies to
     * each rank: ranks 1..K of every category come from the head, deeper ones from the full ranking.
     * So a category the head lists the product in shows the head's rank, and a category it does not
     * list it in shows the full ranking's rank only if that is deeper than K: a full rank within K
     * is superseded, since the newer head's ranks 1..K of that category do not include the product
     * (the same page of /popular would not show it), and its newer rank is not known until the next
     * full ranking.
     *
     * @return null when neither ranking has been published
     */
    ProductRanks answer(int headK) {
        if (!headAnswers()) {
            return full == null ? null : ProductRanks.of(productId, Ranking.FULL, full, sorted(fullRanks));
        }
        if (full == null) {
            return ProductRanks.of(productId, Ranking.HEAD, head, sorted(headRanks));
        }
        Set<Integer> inHead = new HashSet<>();
        List<ProductRanks.CategoryRank> ranks = new ArrayList<>(headRanks);
        headRanks.forEach(rank -> inHead.add(rank.categoryId()));
        for (ProductRanks.CategoryRank rank : fullRanks) {
            if (!inHead.contains(rank.categoryId()) && rank.rank() > headK) {
                ranks.add(rank);
            }
        }
        return new ProductRanks(productId, head.runId(), Ranking.HEAD, head.windowStart(), head.windowEnd(),
                head.publishedAt(),
                List.of(ProductRanks.Run.of(Ranking.HEAD, head), ProductRanks.Run.of(Ranking.FULL, full)),
                sorted(ranks));
    }

    // best placing first, as the full-ranking-only statement orders them
    private static List<ProductRanks.CategoryRank> sorted(List<ProductRanks.CategoryRank> ranks) {
        return ranks.stream().sorted(BEST_PLACING_FIRST).toList();
    }
}
