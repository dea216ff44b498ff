package com.salesrank.api.ranking;

import java.util.ArrayList;
import java.util.List;

import com.salesrank.api.run.HeadRun;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.contract.Ranking;

/**
 * A product's neighbourhood in one category in both rankings, with both run rows, as ONE statement
 * read them; {@link #answer} picks the ranking by the same rule as a product's ranks
 * ({@link ProductRankRows#answer}). Either run is null when that ranking has never been published;
 * either side's {@code productRank} is null when the product is not ranked there.
 */
record NeighborRows(long productId, int categoryId, String categoryName, Side head, Side full) {

    /** One ranking's run, the product's rank in it (or null), the category's ranked count, and the rows read. */
    record Side(PublishedRun run, Integer productRank, int rankedInCategory, List<Row> rows) {
    }

    /** A row of the range around the product (the product's own row included). */
    record Row(int rank, long productId, String title, long totalSold) {
    }

    boolean headAnswers() {
        return head != null && new HeadRun(head.run(), 0).newerThan(full == null ? null : full.run());
    }

    /**
     * @param headK the head's K, read with {@link #head}'s run
     * @throws NoRankingPublishedException   when neither ranking has been published
     * @throws NotRankedInCategoryException when the answering ranking does not rank the product in the category
     */
    ProductNeighbors answer(int headK, int above, int below) {
        if (head == null && full == null) {
            throw new NoRankingPublishedException();
        }
        if (headAnswers()) {
            if (head.productRank() != null) {
                return from(Ranking.HEAD, head, above, below);
            }
            // a full rank within K that the newer head does not confirm is superseded, as in /rank
            if (full != null && full.productRank() != null && full.productRank() > headK) {
                return from(Ranking.FULL, full, above, below);
            }
            throw new NotRankedInCategoryException(productId, categoryId);
        }
        return fullOnly(above, below);
    }

    /** The full ranking alone (the head's K could not be matched to the head read). */
    ProductNeighbors fullOnly(int above, int below) {
        if (full == null) {
            throw new NoRankingPublishedException();
        }
        if (full.productRank() == null) {
            throw new NotRankedInCategoryException(productId, categoryId);
        }
        return from(Ranking.FULL, full, above, below);
    }

    private ProductNeighbors from(Ranking ranking, Side side, int above, int below) {
        int rank = side.productRank();
        List<ProductNeighbors.Neighbor> before = new ArrayList<>();
        List<ProductNeighbors.Neighbor> after = new ArrayList<>();
        Row self = null;
        for (Row row : side.rows()) {
            if (row.rank() == rank) {
                self = row;
            } else if (row.rank() < rank && row.rank() >= rank - above) {
                before.add(new ProductNeighbors.Neighbor(row.rank(), row.productId(), row.title(), row.totalSold()));
            } else if (row.rank() > rank && row.rank() <= rank + below) {
                after.add(new ProductNeighbors.Neighbor(row.rank(), row.productId(), row.title(), row.totalSold()));
            }
        }
        if (self == null) {
            throw new IllegalStateException("the product's own row is missing from the range read");
        }
        int ranked = Math.max(rank, side.rankedInCategory());
        PublishedRun run = side.run();
        return new ProductNeighbors(productId, self.title(), categoryId, categoryName, run.runId(), ranking,
                run.windowStart(), run.windowEnd(), run.publishedAt(), rank, ranked,
                ProductRanks.CategoryRank.percentile(rank, ranked), self.totalSold(), List.copyOf(before),
                List.copyOf(after));
    }
}
