package com.salesrank.api.products;

import java.time.Instant;
import java.util.List;

/**
 * What a product's page shows: per category it is ranked in, "#12 in Kitchen & Dining" of how many,
 * its percentile, the products ranked just around it and its rank history.
 *
 * @param name the catalog's title, or "Product 123" where the catalog lacks it
 */
record ProductPage(long productId, String name, Instant windowEnd, String windowEndShown, Instant publishedAt,
        String publishedAtShown, List<Placing> placings) {

    /**
     * @param neighbors  the products ranked just above, the product itself, then just below, best first
     * @param pointsJson the history as [[epoch second, rank], ...] for the chart
     * @param daily      the last point of each day, for the page without script
     */
    record Placing(int categoryId, String categoryName, int rank, int rankedInCategory, double percentile,
            long totalSold, List<Neighbor> neighbors, String pointsJson, List<Day> daily) {
    }

    record Neighbor(int rank, long productId, String title, long totalSold) {
    }

    record Day(String day, int rank) {
    }
}
