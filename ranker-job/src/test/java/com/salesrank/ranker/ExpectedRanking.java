package com.salesrank.ranker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ranking computed in plain Java, independently of the job, from the sales a
 * test writes: per category, total sold descending, ties by product id ascending.
 */
public final class ExpectedRanking {

    private final Map<Long, Map<Long, Long>> sums = new TreeMap<>();

    /** Counts one sale inside the window. */
    public void add(long category, long product, long quantity) {
        sums.computeIfAbsent(category, c -> new HashMap<>()).merge(product, quantity, Long::sum);
    }

    /** Job-format lines, by category then rank. */
    public List<String> rows() {
        List<String> rows = new ArrayList<>();
        sums.forEach((category, totals) -> {
            List<Map.Entry<Long, Long>> entries = new ArrayList<>(totals.entrySet());
            entries.sort(Map.Entry.<Long, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            for (int i = 0; i < entries.size(); i++) {
                rows.add(category + "\t" + (i + 1) + "\t" + entries.get(i).getKey() + "\t" + entries.get(i).getValue());
            }
        });
        return rows;
    }
}
