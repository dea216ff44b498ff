package com.salesrank.ranker.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CategoryProductSumsTest {

    @Test
    void sumsPerCategoryAndProductAcrossGrowth() {
        CategoryProductSums sums = new CategoryProductSums(1);
        for (int i = 1; i <= 100; i++) {
            sums.add(7, i, i);
            sums.add(7, 1, 1);
        }
        List<String> entries = new ArrayList<>();
        sums.forEachInKeyOrder((c, p, t) -> entries.add(c + "/" + p + "=" + t));
        assertThat(sums.size()).isEqualTo(100);
        assertThat(entries.get(0)).isEqualTo("7/1=101");
        assertThat(entries.get(99)).isEqualTo("7/100=100");
    }

    @Test
    void aTotalAboveLongMaxFailsInsteadOfWrapping() {
        CategoryProductSums sums = new CategoryProductSums(16);
        sums.add(1, 42, Long.MAX_VALUE - 1);
        sums.add(1, 42, 1); // exactly Long.MAX_VALUE: still fine

        assertThatThrownBy(() -> sums.add(1, 42, 1)).isInstanceOf(ArithmeticException.class);
        List<Long> totals = new ArrayList<>();
        sums.forEach((c, p, t) -> totals.add(t));
        assertThat(totals).containsExactly(Long.MAX_VALUE); // the failed add left the total as it was
    }

    @Test
    void emitsPartitionByPartitionEachInKeyOrder() {
        CategoryProductSums sums = new CategoryProductSums(4);
        long[][] entries = {{3, 9}, {-2, 5}, {3, 1}, {1, 7}, {-2, -4}, {1, 2}, {2, 8}};
        for (long[] e : entries) {
            sums.add((int) e[0], e[1], 1);
        }
        List<String> emitted = new ArrayList<>();
        // partition 0: odd product ids, 1: even ones
        sums.forEachInPartitionThenKeyOrder(2, (c, p) -> (p & 1) == 0 ? 1 : 0, (c, p, t) -> emitted.add(c + "/" + p));
        assertThat(emitted).containsExactly("-2/5", "1/7", "3/1", "3/9", "-2/-4", "1/2", "2/8");

        List<String> onePartition = new ArrayList<>();
        sums.forEachInPartitionThenKeyOrder(1, (c, p) -> 0, (c, p, t) -> onePartition.add(c + "/" + p));
        assertThat(onePartition).containsExactly("-2/-4", "-2/5", "1/2", "1/7", "2/8", "3/1", "3/9");
    }
}
