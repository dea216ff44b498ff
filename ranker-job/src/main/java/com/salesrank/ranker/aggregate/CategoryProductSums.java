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

    /**
     * Slot i is {@code table[3i, 3i+3)}: category, product, total. One array, so that a probe costs one cache
     * miss, not one per field: with millions of keys nearly every probe misses, and adding was the largest
     * cost of stage 1's map in a profile when the three fields sat in three arrays.
     */
    private long[] table;
    private int mask;
    private int size;

    public CategoryProductSums(int expectedEntries) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedEntries * 2 - 1)) << 1; // load factor <= 0.5
        table = new long[3 * capacity];
        mask = capacity - 1;
    }

    private int categoryAt(int slot) {
        return (int) table[3 * slot];
    }

    private long productAt(int slot) {
        return table[3 * slot + 1];
    }

    private long totalAt(int slot) {
        return table[3 * slot + 2];
    }

    private int capacity() {
        return mask + 1;
    }

    public void add(int categoryId, long productId, long quantity) {
        int slot = slot(categoryId, productId);
        while (table[3 * slot + 2] != 0) {
            if (table[3 * slot + 1] == productId && (int) table[3 * slot] == categoryId) {
                // a wrapped total would rank a product that sold the most as if it sold the least:
                // fail the task loudly instead (ArithmeticException), as SalesSumCombiner does
                table[3 * slot + 2] = Math.addExact(table[3 * slot + 2], quantity);
                return;
            }
            slot = (slot + 1) & mask;
        }
        table[3 * slot] = categoryId;
        table[3 * slot + 1] = productId;
        table[3 * slot + 2] = quantity;
        if (++size * 2 > capacity()) {
            grow();
        }
    }

    public int size() {
        return size;
    }

    public void forEach(EntryConsumer consumer) {
        for (int i = 0; i < capacity(); i++) {
            if (totalAt(i) != 0) {
                consumer.accept(categoryAt(i), productAt(i), totalAt(i));
            }
        }
    }

    /**
     * Like {@link #forEach} but in key order, category then product (the order of
     * {@link CategoryProductKey}). The map-side sort of Hadoop then gets its input
     * already in order, so its quicksort scans memory sequentially instead of
     * jumping around a 100 MB buffer, which makes the spill of a stage-1 map task
     * much cheaper. Sorting here is cheap: one primitive sort of
     * (category, slot) and one small primitive sort of products per category.
     */
    public void forEachInKeyOrder(EntryConsumer consumer) {
        for (int slot : slotsInKeyOrder()) {
            consumer.accept(categoryAt(slot), productAt(slot), totalAt(slot));
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
                int partition = partitionOf.partition(categoryAt(slot), productAt(slot));
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
            consumer.accept(categoryAt(slot), productAt(slot), totalAt(slot));
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
        for (int i = 0; i < capacity(); i++) {
            if (totalAt(i) != 0) {
                bySlot[n++] = ((long) categoryAt(i) << 32) | i; // signed category order, as CategoryProductKey
            }
        }
        java.util.Arrays.sort(bySlot);
        int[] slots = new int[n];
        long[] products = new long[16];
        int from = 0;
        while (from < n) {
            int categoryId = categoryAt((int) bySlot[from]);
            int to = from + 1;
            while (to < n && categoryAt((int) bySlot[to]) == categoryId) {
                to++;
            }
            int count = to - from;
            if (products.length < count) {
                products = new long[Math.max(count, products.length * 2)];
            }
            for (int k = 0; k < count; k++) {
                products[k] = productAt((int) bySlot[from + k]);
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
        java.util.Arrays.fill(table, 0L);
        size = 0;
    }

    private int find(int categoryId, long productId) {
        int slot = slot(categoryId, productId);
        while (totalAt(slot) == 0 || categoryAt(slot) != categoryId || productAt(slot) != productId) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private int slot(int categoryId, long productId) {
        long h = (productId ^ ((long) categoryId << 40) ^ categoryId) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private void grow() {
        long[] old = table;
        int capacity = 2 * capacity();
        table = new long[3 * capacity];
        mask = capacity - 1;
        size = 0;
        for (int i = 0; i < old.length; i += 3) {
            if (old[i + 2] != 0) {
                add((int) old[i], old[i + 1], old[i + 2]);
            }
        }
    }
}
