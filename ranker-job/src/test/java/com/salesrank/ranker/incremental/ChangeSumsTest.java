package com.salesrank.ranker.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangeSumsTest {

    private static Map<String, Long> entries(ChangeSums sums) throws Exception {
        Map<String, Long> out = new HashMap<>();
        sums.forEachNonZero((c, p, v) -> assertThat(out.put(c + "/" + p, v)).as("one entry per key").isNull());
        return out;
    }

    @Test
    void changesThatCancelOutLeaveNoEntryAndKeepTheProbeChainsIntact() throws Exception {
        ChangeSums sums = new ChangeSums(4);
        Random random = new Random(11);
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            int category = random.nextInt(5);
            long product = random.nextInt(3_000);
            long change = random.nextInt(21) - 10; // negative, zero and positive, many summing to zero
            sums.add(category, product, change);
            expected.merge(category + "/" + product, change, Long::sum);
        }
        expected.values().removeIf(v -> v == 0);
        assertThat(entries(sums)).isEqualTo(expected);
    }

    @Test
    void clearEmptiesIt() throws Exception {
        ChangeSums sums = new ChangeSums(16);
        sums.add(1, 2, 3);
        sums.clear();
        sums.add(1, 2, -1);
        assertThat(entries(sums)).containsExactly(Map.entry("1/2", -1L));
        assertThat(sums.size()).isEqualTo(1);
    }
}
