package com.salesrank.ranker.incremental;

/**
 * A primitive open-addressing map (category, product) -> net change, for combining a delta task's output
 * in the mapper: a slice cell per minute collapses into one record per (category, product), and a log's
 * and a slice's records never go through Hadoop's sort one by one. Unlike stage 1's
 * {@link com.salesrank.ranker.aggregate.CategoryProductSums}, a change may be negative and may sum to
 * zero, so occupancy is kept apart from the value.
 */
final class ChangeSums {

    @FunctionalInterface
    interface EntryConsumer {
        void accept(int categoryId, long productId, long change) throws java.io.IOException, InterruptedException;
    }

    private int[] categories;
    private long[] products;
    private long[] changes;
    private boolean[] used;
    private int mask;
    private int size;

    ChangeSums(int expectedEntries) {
        allocate(Integer.highestOneBit(Math.max(16, expectedEntries * 2 - 1)) << 1);
    }

    private void allocate(int capacity) {
        categories = new int[capacity];
        products = new long[capacity];
        changes = new long[capacity];
        used = new boolean[capacity];
        mask = capacity - 1;
        size = 0;
    }

    void add(int categoryId, long productId, long change) {
        int slot = slot(categoryId, productId);
        while (used[slot]) {
            if (categories[slot] == categoryId && products[slot] == productId) {
                changes[slot] = Math.addExact(changes[slot], change);
                return;
            }
            slot = (slot + 1) & mask;
        }
        used[slot] = true;
        categories[slot] = categoryId;
        products[slot] = productId;
        changes[slot] = change;
        if (++size * 2 > used.length) {
            grow();
        }
    }

    int size() {
        return size;
    }

    /** Every entry whose net change is not zero, in no particular order. */
    void forEachNonZero(EntryConsumer consumer) throws java.io.IOException, InterruptedException {
        for (int i = 0; i < used.length; i++) {
            if (used[i] && changes[i] != 0) {
                consumer.accept(categories[i], products[i], changes[i]);
            }
        }
    }

    void clear() {
        java.util.Arrays.fill(used, false);
        size = 0;
    }

    private int slot(int categoryId, long productId) {
        long h = (productId ^ ((long) categoryId << 40) ^ categoryId) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private void grow() {
        int[] oldCategories = categories;
        long[] oldProducts = products;
        long[] oldChanges = changes;
        boolean[] oldUsed = used;
        allocate(oldUsed.length * 2);
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                add(oldCategories[i], oldProducts[i], oldChanges[i]);
            }
        }
    }
}
