package com.salesrank.ranker.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.WritableComparator;
import org.junit.jupiter.api.Test;

class RankKeyTest {

    private static final long[] EDGES = {Long.MIN_VALUE, Integer.MIN_VALUE - 1L, -1, 0, 1, 2, (1L << 31) - 1, 1L << 31,
        (1L << 32) + 5, Long.MAX_VALUE - 1, Long.MAX_VALUE};

    private static byte[] bytes(RankKey key) throws IOException {
        DataOutputBuffer out = new DataOutputBuffer();
        key.write(out);
        return java.util.Arrays.copyOf(out.getData(), out.getLength());
    }

    private static List<RankKey> keys() {
        Random random = new Random(7);
        List<RankKey> keys = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int category = random.nextInt(4) == 0 ? (int) EDGES[random.nextInt(EDGES.length)] : random.nextInt(5) - 1;
            long total = random.nextInt(3) == 0 ? EDGES[random.nextInt(EDGES.length)] : random.nextInt(4);
            long product = random.nextInt(3) == 0 ? EDGES[random.nextInt(EDGES.length)] : random.nextInt(4);
            keys.add(new RankKey(category, total, product));
        }
        return keys;
    }

    @Test
    void rawByteOrderEqualsObjectOrderForEveryPair() throws IOException {
        WritableComparator raw = WritableComparator.get(RankKey.class);
        assertThat(raw).isInstanceOf(RankKeyComparator.class);
        List<RankKey> keys = keys();
        List<byte[]> serialized = new ArrayList<>();
        for (RankKey key : keys) {
            serialized.add(bytes(key));
        }
        for (int i = 0; i < keys.size(); i += 7) {
            for (int j = 0; j < keys.size(); j++) {
                byte[] a = serialized.get(i);
                byte[] b = serialized.get(j);
                assertThat(Integer.signum(raw.compare(a, 0, a.length, b, 0, b.length)))
                        .as("%s vs %s", keys.get(i), keys.get(j))
                        .isEqualTo(Integer.signum(keys.get(i).compareTo(keys.get(j))));
            }
        }
    }

    @Test
    void objectOrderIsCategoryThenBestSellerThenProduct() {
        assertThat(new RankKey(1, 5, 9)).isLessThan(new RankKey(2, 100, 1));
        assertThat(new RankKey(1, 100, 9)).isLessThan(new RankKey(1, 5, 1));
        assertThat(new RankKey(1, 5, 1)).isLessThan(new RankKey(1, 5, 2));
        assertThat(new RankKey(1, 5, 1)).isEqualByComparingTo(new RankKey(1, 5, 1));
    }

    @Test
    void roundTripsThroughItsBytes() throws IOException {
        for (RankKey key : keys()) {
            DataInputBuffer in = new DataInputBuffer();
            byte[] b = bytes(key);
            assertThat(b).hasSize(RankKey.SERIALIZED_LENGTH);
            in.reset(b, b.length);
            RankKey copy = new RankKey();
            copy.readFields(in);
            assertThat(copy).isEqualTo(key);
        }
    }

    @Test
    void groupingComparesTheCategoryOnly() throws IOException {
        CategoryGroupingComparator grouping = new CategoryGroupingComparator();
        byte[] a = bytes(new RankKey(7, 100, 1));
        byte[] b = bytes(new RankKey(7, 1, 99));
        byte[] c = bytes(new RankKey(8, 100, 1));
        assertThat(grouping.compare(a, 0, a.length, b, 0, b.length)).isZero();
        assertThat(grouping.compare(a, 0, a.length, c, 0, c.length)).isNegative();
        assertThat(grouping.compare(new RankKey(7, 100, 1), new RankKey(7, 1, 99))).isZero();
    }

    @Test
    void partitionerKeepsACategoryTogetherAndStaysInRange() {
        CategoryPartitioner<Object> partitioner = new CategoryPartitioner<>();
        for (long category : EDGES) {
            for (int n = 1; n <= 7; n++) {
                int first = partitioner.getPartition(new RankKey((int) category, 1, 1), null, n);
                assertThat(first).isBetween(0, n - 1);
                assertThat(partitioner.getPartition(new RankKey((int) category, 999, 5), null, n)).isEqualTo(first);
            }
        }
    }
}
