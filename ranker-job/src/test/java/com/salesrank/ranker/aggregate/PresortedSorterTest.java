package com.salesrank.ranker.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.hadoop.util.IndexedSortable;
import org.junit.jupiter.api.Test;

class PresortedSorterTest {

    /** An int array as Hadoop's sort sees the spill buffer, counting swaps. */
    private static final class Sortable implements IndexedSortable {
        final int[] values;
        int swaps;

        Sortable(int... values) {
            this.values = values;
        }

        @Override
        public int compare(int i, int j) {
            return Integer.compare(values[i], values[j]);
        }

        @Override
        public void swap(int i, int j) {
            swaps++;
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    @Test
    void leavesSortedRecordsAsTheyAre() {
        Sortable sorted = new Sortable(1, 2, 2, 5, 9, 9, 12);
        new PresortedSorter().sort(sorted, 0, sorted.values.length);
        assertThat(sorted.values).containsExactly(1, 2, 2, 5, 9, 9, 12);
        assertThat(sorted.swaps).isZero();
    }

    @Test
    void reversesRecordsInReverseOrder() {
        Sortable descending = new Sortable(12, 9, 9, 5, 2, 2, 1);
        new PresortedSorter().sort(descending, 0, descending.values.length);
        assertThat(descending.values).containsExactly(1, 2, 2, 5, 9, 9, 12);
        assertThat(descending.swaps).isEqualTo(3);
    }

    @Test
    void sortsRecordsThatAreNotInOrder() {
        int[] values = new SplittableRandom(3).ints(10_000, -500, 500).toArray();
        values[0] = Integer.MIN_VALUE; // sorted at first, then not
        Sortable shuffled = new Sortable(values.clone());
        new PresortedSorter().sort(shuffled, 0, values.length);
        Arrays.sort(values);
        assertThat(shuffled.values).containsExactly(values);
    }

    @Test
    void sortsOnlyTheRangeItIsGiven() {
        Sortable range = new Sortable(9, 3, 2, 1, 0);
        new PresortedSorter().sort(range, 1, 4);
        assertThat(range.values).containsExactly(9, 1, 2, 3, 0);
    }
}
