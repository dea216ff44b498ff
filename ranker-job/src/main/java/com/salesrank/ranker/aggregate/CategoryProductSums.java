package com.salesrank.ranker.aggregate;

/**
 * A primitive open-addressing hash map (category, product) -> running total, for
 * in-mapper combining: no boxing and no per-sale allocation. A zero total marks an
 * empty slot, which is safe because every quantity added is at least 1.
 */
public final class CategoryProductSums {

    @FunctionalInterface
    public interface EntryConsumer {
        void accept(int categoryId, long productId, long total);
    }

    private int[] categories;
    private long[] products;
    private long[] totals;
    private int mask;
    private int size;

    public CategoryProductSums(int expectedEntries) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedEntries * 2 - 1)) << 1; // load factor <= 0.5
        categories = new int[capacity];
        products = new long[capacity];
        totals = new long[capacity];
        mask = capacity - 1;
    }

    public void add(int categoryId, long productId, long quantity) {
        int slot = slot(categoryId, productId);
        while (totals[slot] != 0) {
            if (categories[slot] == categoryId && products[slot] == productId) {
                totals[slot] += quantity;
                return;
            }
            slot = (slot + 1) & mask;
        }
        categories[slot] = categoryId;
        products[slot] = productId;
        totals[slot] = quantity;
        if (++size * 2 > totals.length) {
            grow();
        }
    }

    public int size() {
        return size;
    }

    public void forEach(EntryConsumer consumer) {
        for (int i = 0; i < totals.length; i++) {
            if (totals[i] != 0) {
                consumer.accept(categories[i], products[i], totals[i]);
            }
        }
    }

    public void clear() {
        java.util.Arrays.fill(totals, 0L);
        size = 0;
    }

    private int slot(int categoryId, long productId) {
        long h = (productId ^ ((long) categoryId << 40) ^ categoryId) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private void grow() {
        int[] oldCategories = categories;
        long[] oldProducts = products;
        long[] oldTotals = totals;
        int capacity = oldTotals.length * 2;
        categories = new int[capacity];
        products = new long[capacity];
        totals = new long[capacity];
        mask = capacity - 1;
        size = 0;
        for (int i = 0; i < oldTotals.length; i++) {
            if (oldTotals[i] != 0) {
                add(oldCategories[i], oldProducts[i], oldTotals[i]);
            }
        }
    }
}
