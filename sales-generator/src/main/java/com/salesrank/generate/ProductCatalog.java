package com.salesrank.generate;

/**
 * The generated world's fixed facts, all derived from the product id by hashing so
 * nothing is stored: a product's 1 to 3 categories, its unit price and its seller.
 * Popularity rank k maps to a scattered product id, so best-sellers are not ids 1, 2, 3.
 */
final class ProductCatalog {

    /** A prime, so multiplying by it permutes 0..products-1 whenever products is not a multiple of it. */
    private static final long SCATTER = 2_654_435_761L;

    private final int products;
    private final int categories;

    ProductCatalog(int products, int categories) {
        if (products < 1 || products % SCATTER == 0 || categories < 1) {
            throw new IllegalArgumentException("bad catalogue size: " + products + " products, " + categories + " categories");
        }
        this.products = products;
        this.categories = categories;
    }

    long productOfRank(int rank) {
        return (rank - 1L) * SCATTER % products + 1;
    }

    int categoryCount(long productId) {
        return categories < 3 ? 1 + (int) (mix(productId, 0) % categories) : 1 + (int) (mix(productId, 0) % 3);
    }

    /** The {@code index}-th (0-based, below {@link #categoryCount}) category of a product; distinct per index. */
    int category(long productId, int index) {
        int first = (int) (mix(productId, 1) % categories);
        // consecutive distinct offsets keep the 1..3 categories different without a retry loop
        long step = 1 + mix(productId, 2) % Math.max(1, (categories - 1) / 2);
        return (int) ((first + index * step) % categories) + 1;
    }

    long unitPriceCents(long productId) {
        return 99 + mix(productId, 3) % 50_000;
    }

    long seller(long productId) {
        return 1 + mix(productId, 4) % 20_000;
    }

    int products() {
        return products;
    }

    /** SplitMix64 finalizer of (id, salt), non-negative. */
    static long mix(long id, int salt) {
        long z = id * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
