package com.salesrank.ranker.incremental;

import com.salesrank.ranker.state.StateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The top K of one category in a new window, from the old window's ranking of that category (read in rank
 * order, only as far as needed) and the net change of every product whose total changed.
 *
 * <p>Why reading a prefix is enough: a product without a change keeps its old total, and the old ranking
 * lists those in their new relative order already. Products above the K-th can lose expired sales, so
 * products from below the old K-th can enter; we keep reading while an unread product could still beat the
 * K-th best known new total. Every unread product has an old total of at most the next row's total T; an
 * unread product with a change c has a new total of at most T + c. So we stop once
 * {@code T + max(0, largest unresolved c) < K-th best new total}, strictly, because an equal total can
 * still win on the lower product id.
 */
final class HeadSelector {

    /** The old ranking of one category, in rank order. */
    interface OldRows {
        /** Moves to the next row; false at the end of the category. */
        boolean next() throws IOException;

        long product();

        long total();
    }

    private HeadSelector() {
    }

    /** @return up to {@code k} rows {product, total} of the new window, best first */
    static List<long[]> select(int k, OldRows old, Map<Long, Long> changes) throws IOException {
        Map<Long, Long> pending = new HashMap<>(changes);
        TreeMap<Long, Integer> pendingChanges = new TreeMap<>();
        pending.values().forEach(c -> pendingChanges.merge(c, 1, Integer::sum));
        TreeSet<long[]> best = new TreeSet<>(HeadSelector::byRank);
        boolean more = old.next();
        while (more) {
            long total = old.total();
            if (best.size() == k) {
                long largestChange = pendingChanges.isEmpty() ? 0 : Math.max(0, pendingChanges.lastKey());
                if (Math.addExact(total, largestChange) < best.last()[1]) {
                    return new ArrayList<>(best);
                }
            }
            long product = old.product();
            Long change = pending.remove(product);
            if (change != null) {
                pendingChanges.compute(change, (c, n) -> n == 1 ? null : n - 1);
            }
            offer(best, k, product, Math.addExact(total, change == null ? 0 : change));
            more = old.next();
        }
        // the whole old ranking is read: a product still pending had no sales in the old window
        for (Map.Entry<Long, Long> e : pending.entrySet()) {
            offer(best, k, e.getKey(), e.getValue());
        }
        return new ArrayList<>(best);
    }

    private static void offer(TreeSet<long[]> best, int k, long product, long total) throws StateException {
        if (total < 0) {
            throw new StateException("state totals and slices do not add up: product " + product
                    + " would have a total of " + total);
        }
        if (total == 0) {
            return;
        }
        best.add(new long[] {product, total});
        if (best.size() > k) {
            best.pollLast();
        }
    }

    /** Total sold descending, then product ascending. */
    static int byRank(long[] a, long[] b) {
        int c = Long.compare(b[1], a[1]);
        return c != 0 ? c : Long.compare(a[0], b[0]);
    }
}
