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
                // a wrapped total would rank a product that sold the most as if it sold the least:
                // fail the task loudly instead (ArithmeticException), as SalesSumCombiner does
                totals[slot] = Math.addExact(totals[slot], quantity);
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

    /**
     * Like {@link #forEach} but in key order, category then product (the order of
     * {@link CategoryProductKey}). The map-side sort of Hadoop then gets its input
     * already in order, so its quicksort scans memory sequentially instead of
     * jumping around a 100 MB buffer: measured, the spill of a stage-1 map task got
     * several times faster. Sorting here is cheap: one primitive sort of
     * (category, slot) and one small primitive sort of products per category.
     */
    public void forEachInKeyOrder(EntryConsumer consumer) {
        for (int slot : slotsInKeyOrder()) {
            consumer.accept(categories[slot], products[slot], totals[slot]);
        }
    }

    /**
     * Like {@link #forEachInKeyOrder} but partition first, then key: exactly the order of Hadoop's map-side
     * sort (partition, then key), so a spill of what this emits is already sorted (see PresortedSorter).
     * A stable counting sort of the key-ordered entries by partition.
     */
    public void forEachInPartitionThenKeyOrder(int partitions, PartitionOf partitionOf, EntryConsumer consumer) {
        int[] inKeyOrder = slotsInKeyOrder();
        int[] slots = inKeyOrder;
        if (partitions > 1) {
            int[] partitionOfEntry = new int[inKeyOrder.length];
            int[] next = new int[partitions + 1];
            for (int k = 0; k < inKeyOrder.length; k++) {
                int slot = inKeyOrder[k];
                int partition = partitionOf.partition(categories[slot], products[slot]);
                partitionOfEntry[k] = partition;
                next[partition + 1]++;
            }
            for (int p = 0; p < partitions; p++) {
                next[p + 1] += next[p];
            }
            slots = new int[inKeyOrder.length];
            for (int k = 0; k < inKeyOrder.length; k++) {
                slots[next[partitionOfEntry[k]]++] = inKeyOrder[k];
            }
        }
        for (int slot : slots) {
            consumer.accept(categories[slot], products[slot], totals[slot]);
        }
    }

    /** The partition (0 .. partitions-1) an entry goes to. */
    @FunctionalInterface
    public interface PartitionOf {
        int partition(int categoryId, long productId);
    }

    /**
     * The occupied slots in key order. Cheap: one primitive sort of (category, slot) and one small
     * primitive sort of products per category.
     */
    private int[] slotsInKeyOrder() {
        long[] bySlot = new long[size];
        int n = 0;
        for (int i = 0; i < totals.length; i++) {
            if (totals[i] != 0) {
                bySlot[n++] = ((long) categories[i] << 32) | i; // signed category order, as CategoryProductKey
            }
        }
        java.util.Arrays.sort(bySlot);
        int[] slots = new int[n];
        long[] products = new long[16];
        int from = 0;
        while (from < n) {
            int categoryId = categories[(int) bySlot[from]];
            int to = from + 1;
            while (to < n && categories[(int) bySlot[to]] == categoryId) {
                to++;
            }
            int count = to - from;
            if (products.length < count) {
                products = new long[Math.max(count, products.length * 2)];
            }
            for (int k = 0; k < count; k++) {
                products[k] = this.products[(int) bySlot[from + k]];
            }
            java.util.Arrays.sort(products, 0, count);
            for (int k = 0; k < count; k++) {
                slots[from + k] = find(categoryId, products[k]);
            }
            from = to;
        }
        return slots;
    }

    public void clear() {
        java.util.Arrays.fill(totals, 0L);
        size = 0;
    }

    private int find(int categoryId, long productId) {
        int slot = slot(categoryId, productId);
        while (totals[slot] == 0 || categories[slot] != categoryId || products[slot] != productId) {
            slot = (slot + 1) & mask;
        }
        return slot;
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
