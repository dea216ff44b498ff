package com.salesrank.api.bestsellers;

import java.time.Instant;
import java.util.List;

import com.salesrank.api.history.MoverSelection;
import com.salesrank.api.run.PublishedRun;

/**
 * What the best sellers page shows for one page of a category: its rows as /api/v1/popular serves
 * them ({@code served}: the head's run where the head is fresher for those ranks, else the full
 * one's), each with its 24 h change and its rank over the last 7 days (from the full rankings'
 * history up to the live full run, {@code run}).
 *
 * @param categoryName the catalogue's name for the category, or null when the catalogue does not know it
 * @param comparedWith the window end of the ranking the change is taken against (as in /api/v1/movers),
 *                     or null when no published full ranking ends 24 h or more before the live one
 * @param ranked       how many products the category has in the top {@link MoverSelection#TOP}
 * @param windows      the window ends of the full rankings of the last 7 days, oldest first: the
 *                     sparklines' x axis (a product outside a ranking's top 100 has a gap there)
 */
record BestSellers(int categoryId, String categoryName, PublishedRun served, PublishedRun run, Instant comparedWith, int page,
        int pageSize, int ranked, List<Instant> windows, List<Row> rows) {

    /** The page the best sellers page links to, shown to a browser and a crawler alike. */
    public int pages() {
        return (ranked + pageSize - 1) / pageSize;
    }

    /**
     * @param title   the catalogue's title, or null when the catalogue does not know the product
     * @param change  against the compared ranking
     * @param ranks   the product's rank at each of {@link BestSellers#windows}, null where it was not in the top 100
     */
    record Row(int rank, long productId, String title, long totalSold, Change change, List<Integer> ranks) {
    }

    enum Direction { UP, DOWN, SAME, NEW, NOT_COMPARED }

    /** The 24 h change of one row: its direction, and the ranks climbed (negative: fallen) as movers count them. */
    record Change(Direction direction, Integer previousRank, int amount) {

        static Change of(Instant comparedWith, Integer previousRank, int rank) {
            if (comparedWith == null) {
                return new Change(Direction.NOT_COMPARED, null, 0);
            }
            int amount = MoverSelection.change(previousRank, rank);
            Direction direction = previousRank == null ? Direction.NEW
                    : amount > 0 ? Direction.UP : amount < 0 ? Direction.DOWN : Direction.SAME;
            return new Change(direction, previousRank, amount);
        }
    }
}
