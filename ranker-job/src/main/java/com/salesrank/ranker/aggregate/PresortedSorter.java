package com.salesrank.ranker.aggregate;

import org.apache.hadoop.util.IndexedSortable;
import org.apache.hadoop.util.IndexedSorter;
import org.apache.hadoop.util.Progressable;
import org.apache.hadoop.util.QuickSort;

/**
 * Stage 1's map-side sort ({@code map.sort.class}): one pass that checks whether a spill's records are
 * already in order (then nothing moves) or in reverse order (then they are reversed), and Hadoop's
 * {@link QuickSort} only when they are neither.
 *
 * <p>The in-mapper combining {@link SalesMapper} emits its sums in the order the spill wants, partition then
 * key, so every spill of such a map is already sorted, and quicksorting it again was the largest cost of
 * stage 1's map side in a profile. (Hadoop's spill buffer indexes its records in reverse order of
 * collection, so the sort sees them descending.) The check compares neighbours with the buffer's own comparator (the
 * partition, then the key's raw comparator), so a map that emits in any other order (the combiner mode, a
 * test) is still sorted correctly, at the price of one extra linear pass.
 */
public final class PresortedSorter implements IndexedSorter {

    private final QuickSort fallback = new QuickSort();

    @Override
    public void sort(IndexedSortable s, int l, int r) {
        sort(s, l, r, null);
    }

    @Override
    public void sort(IndexedSortable s, int l, int r, Progressable rep) {
        if (inOrder(s, l, r, 1)) {
            return;
        }
        if (inOrder(s, l, r, -1)) {
            for (int i = l, j = r - 1; i < j; i++, j--) {
                s.swap(i, j);
            }
            return;
        }
        fallback.sort(s, l, r, rep);
    }

    /** Whether {@code s[l, r)} never steps against {@code direction} (1: ascending, -1: descending). */
    private static boolean inOrder(IndexedSortable s, int l, int r, int direction) {
        for (int i = l + 1; i < r; i++) {
            if (Integer.signum(s.compare(i - 1, i)) == direction) {
                return false;
            }
        }
        return true;
    }
}
