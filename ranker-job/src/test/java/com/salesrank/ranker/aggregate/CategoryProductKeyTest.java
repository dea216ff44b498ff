package com.salesrank.ranker.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.WritableComparator;
import org.junit.jupiter.api.Test;

class CategoryProductKeyTest {

    @Test
    void rawByteOrderEqualsObjectOrder() throws IOException {
        WritableComparator raw = WritableComparator.get(CategoryProductKey.class);
        Random random = new Random(3);
        long[] edges = {Long.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 1L << 31, Long.MAX_VALUE};
        List<CategoryProductKey> keys = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            CategoryProductKey key = new CategoryProductKey(
                    random.nextBoolean() ? (int) edges[random.nextInt(edges.length)] : random.nextInt(3),
                    random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextInt(3));
            DataOutputBuffer out = new DataOutputBuffer();
            key.write(out);
            keys.add(key);
            bytes.add(java.util.Arrays.copyOf(out.getData(), out.getLength()));
        }
        for (int i = 0; i < keys.size(); i += 3) {
            for (int j = 0; j < keys.size(); j++) {
                assertThat(Integer.signum(raw.compare(bytes.get(i), 0, 12, bytes.get(j), 0, 12)))
                        .isEqualTo(Integer.signum(keys.get(i).compareTo(keys.get(j))));
            }
        }
    }

    @Test
    void primitiveSumsMatchAPlainMapThroughGrowthAndClear() {
        CategoryProductSums sums = new CategoryProductSums(4);
        java.util.Map<CategoryProductKey, Long> expected = new java.util.HashMap<>();
        Random random = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            int category = 1 + random.nextInt(30);
            long product = 1 + random.nextInt(2_000);
            long qty = 1 + random.nextInt(5);
            sums.add(category, product, qty);
            expected.merge(new CategoryProductKey(category, product), qty, Long::sum);
        }
        java.util.Map<CategoryProductKey, Long> actual = new java.util.HashMap<>();
        sums.forEach((c, p, t) -> actual.put(new CategoryProductKey(c, p), t));
        assertThat(actual).isEqualTo(expected);
        assertThat(sums.size()).isEqualTo(expected.size());
        sums.clear();
        assertThat(sums.size()).isZero();
        sums.forEach((c, p, t) -> { throw new AssertionError("not cleared"); });
    }

    @Test
    void keyOrderedIterationVisitsEveryEntryOnceInKeyOrder() {
        CategoryProductSums sums = new CategoryProductSums(4);
        java.util.Map<CategoryProductKey, Long> expected = new java.util.TreeMap<>();
        Random random = new Random(12);
        for (int i = 0; i < 60_000; i++) {
            int category = 1 + random.nextInt(40);
            long product = random.nextInt(10) == 0 ? Long.MAX_VALUE - random.nextInt(50) : 1 + random.nextInt(3_000);
            long qty = 1 + random.nextInt(5);
            sums.add(category, product, qty);
            expected.merge(new CategoryProductKey(category, product), qty, Long::sum);
        }
        sums.add(Integer.MAX_VALUE, 1, 7); // extreme category id
        expected.merge(new CategoryProductKey(Integer.MAX_VALUE, 1), 7L, Long::sum);
        java.util.List<CategoryProductKey> keys = new java.util.ArrayList<>();
        java.util.List<Long> totals = new java.util.ArrayList<>();
        sums.forEachInKeyOrder((c, p, t) -> {
            keys.add(new CategoryProductKey(c, p));
            totals.add(t);
        });
        assertThat(keys).containsExactlyElementsOf(expected.keySet()); // TreeMap: compareTo order
        assertThat(totals).containsExactlyElementsOf(expected.values());

        sums.clear(); // stale slots must not be visited or found again
        sums.add(3, 5, 2);
        sums.add(3, 4, 1);
        java.util.List<String> afterClear = new java.util.ArrayList<>();
        sums.forEachInKeyOrder((c, p, t) -> afterClear.add(c + "/" + p + "=" + t));
        assertThat(afterClear).containsExactly("3/4=1", "3/5=2");
    }
}
