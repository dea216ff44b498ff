package com.salesrank.ranker.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salesrank.ranker.state.StateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadSelectorTest {

    /** Old rows as {product, total}, in rank order, counting how many were read. */
    private static final class Rows implements HeadSelector.OldRows {
        private final long[][] rows;
        private int at = -1;

        Rows(long[]... rows) {
            this.rows = rows;
        }

        @Override
        public boolean next() {
            return ++at < rows.length;
        }

        @Override
        public long product() {
            return rows[at][0];
        }

        @Override
        public long total() {
            return rows[at][1];
        }

        int read() {
            return Math.min(at + 1, rows.length);
        }
    }

    private static List<String> select(int k, Rows old, Map<Long, Long> changes) throws Exception {
        return HeadSelector.select(k, old, changes).stream().map(r -> r[0] + "=" + r[1]).toList();
    }

    @Test
    void productsEnterTheHeadWhenTheOnesAboveThemLoseExpiredSales() throws Exception {
        Rows old = new Rows(new long[] {1, 100}, new long[] {2, 100}, new long[] {3, 50}, new long[] {4, 10},
                new long[] {5, 9});
        assertThat(select(2, old, Map.of(1L, -100L, 2L, -95L))).containsExactly("3=50", "4=10");
    }

    @Test
    void aBurstLiftsAProductFromDeepInTheRanking() throws Exception {
        Rows old = new Rows(new long[] {1, 100}, new long[] {2, 90}, new long[] {3, 80}, new long[] {4, 70},
                new long[] {5, 1});
        assertThat(select(2, old, Map.of(5L, 1000L))).containsExactly("5=1001", "1=100");
        assertThat(old.read()).isEqualTo(5);
    }

    @Test
    void aProductWithNoSalesInTheOldWindowEntersWithItsNewSales() throws Exception {
        Rows old = new Rows(new long[] {1, 100}, new long[] {2, 90});
        assertThat(select(2, old, Map.of(77L, 95L))).containsExactly("1=100", "77=95");
    }

    @Test
    void readsOnlyThePrefixThatCanMatter() throws Exception {
        long[][] rows = new long[1000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new long[] {i + 1, 10_000 - i};
        }
        Rows old = new Rows(rows);
        assertThat(select(3, old, Map.of())).containsExactly("1=10000", "2=9999", "3=9998");
        assertThat(old.read()).isEqualTo(4); // the three, and the fourth whose total proves no one else can enter
    }

    @Test
    void equalTotalsGoToTheLowerProductIdEvenBeyondThePrefix() throws Exception {
        Rows old = new Rows(new long[] {5, 10}, new long[] {7, 10}, new long[] {9, 10}, new long[] {3, 9});
        // 3 gains one sale: 10 like the others, and the lowest id
        assertThat(select(2, old, Map.of(3L, 1L))).containsExactly("3=10", "5=10");
    }

    @Test
    void productsWhoseTotalDropsToZeroLeaveTheRanking() throws Exception {
        Rows old = new Rows(new long[] {1, 5}, new long[] {2, 4});
        assertThat(select(5, old, Map.of(1L, -5L))).containsExactly("2=4");
    }

    @Test
    void moreWithdrawnThanTheWindowHeldIsAStateError() {
        Rows old = new Rows(new long[] {1, 5});
        assertThatThrownBy(() -> select(5, old, Map.of(1L, -6L))).isInstanceOf(StateException.class);
        assertThatThrownBy(() -> select(5, new Rows(), Map.of(8L, -1L))).isInstanceOf(StateException.class);
    }

    @Test
    void equalsSortingTheWholeNewWindowOnRandomRankingsAndChanges() throws Exception {
        Random random = new Random(20261201);
        for (int trial = 0; trial < 2_000; trial++) {
            int products = 1 + random.nextInt(40);
            Map<Long, Long> oldTotals = new HashMap<>();
            for (int i = 0; i < products; i++) {
                oldTotals.put((long) random.nextInt(60), 1L + random.nextInt(20));
            }
            Map<Long, Long> changes = new HashMap<>();
            for (int i = 0; i < random.nextInt(10); i++) {
                long product = random.nextInt(70);
                long old = oldTotals.getOrDefault(product, 0L);
                changes.put(product, (long) (random.nextBoolean() ? -random.nextInt((int) old + 1) : random.nextInt(30)));
            }
            changes.values().removeIf(c -> c == 0);
            int k = 1 + random.nextInt(8);

            List<long[]> oldRows = new ArrayList<>();
            oldTotals.forEach((p, t) -> oldRows.add(new long[] {p, t}));
            oldRows.sort(HeadSelector::byRank);
            Map<Long, Long> newTotals = new HashMap<>(oldTotals);
            changes.forEach((p, c) -> newTotals.merge(p, c, Long::sum));
            List<long[]> expectedRows = new ArrayList<>();
            newTotals.forEach((p, t) -> {
                if (t > 0) {
                    expectedRows.add(new long[] {p, t});
                }
            });
            expectedRows.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
            List<String> expected = expectedRows.subList(0, Math.min(k, expectedRows.size())).stream()
                    .map(r -> r[0] + "=" + r[1]).toList();

            assertThat(select(k, new Rows(oldRows.toArray(long[][]::new)), changes))
                    .as("trial %d: old %s, changes %s, k %d", trial, oldTotals, changes, k).isEqualTo(expected);
        }
    }
}
