package com.salesrank.ranker.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinuteCellSumsTest {

    private record Cell(long minute, int categoryId, long productId) {
    }

    @Test
    void sumsEachCellOnceAcrossGrowth() throws Exception {
        MinuteCellSums sums = new MinuteCellSums();
        Map<Cell, Long> expected = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            // cells that differ in one field only, so that a probe comparing too few fields would merge them
            Cell cell = new Cell(29_000_000L + random.nextInt(60), 1 + random.nextInt(40), 1 + random.nextInt(500));
            long quantity = 1 + random.nextInt(3);
            sums.add(cell.minute(), cell.categoryId(), cell.productId(), quantity);
            expected.merge(cell, quantity, Long::sum);
        }
        assertThat(sums.size()).isEqualTo(expected.size());
        assertThat(drain(sums)).isEqualTo(expected);
    }

    @Test
    void drainingEmptiesTheMapForTheNextLog() throws Exception {
        MinuteCellSums sums = new MinuteCellSums();
        for (int p = 1; p <= 1000; p++) {
            sums.add(100, 1, p, 2);
        }
        assertThat(drain(sums)).hasSize(1000);
        assertThat(sums.size()).isZero();
        assertThat(drain(sums)).isEmpty();

        sums.add(100, 1, 5, 3);
        sums.add(100, 1, 5, 4);
        sums.add(-7, Integer.MAX_VALUE, Long.MAX_VALUE, 1);
        assertThat(drain(sums)).containsOnly(Map.entry(new Cell(100, 1, 5), 7L),
                Map.entry(new Cell(-7, Integer.MAX_VALUE, Long.MAX_VALUE), 1L));
    }

    @Test
    void sameSalesInTheSameOrderDrainInTheSameOrder() throws Exception {
        assertThat(drainOrder(fill())).isEqualTo(drainOrder(fill()));
    }

    @Test
    void drainsMinuteByMinuteWhateverTheOrderOfTheLines() throws Exception {
        MinuteCellSums sums = new MinuteCellSums();
        long[] minutes = {500, 498, 500, 499, 497, 500, 498};
        for (int i = 0; i < minutes.length; i++) {
            sums.add(minutes[i], 1, i % 3 + 1, 1);
        }
        List<Long> drained = new ArrayList<>();
        sums.drain((minute, categoryId, productId, quantity) -> drained.add(minute));
        assertThat(drained).isSorted().containsOnly(497L, 498L, 499L, 500L).hasSize(6); // (500, 1, 3) twice
    }

    @Test
    void aSumThatWouldWrapFails() {
        MinuteCellSums sums = new MinuteCellSums();
        sums.add(1, 1, 1, Long.MAX_VALUE);
        assertThatThrownBy(() -> sums.add(1, 1, 1, 1)).isInstanceOf(ArithmeticException.class);
    }

    private static MinuteCellSums fill() {
        MinuteCellSums sums = new MinuteCellSums();
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            sums.add(random.nextInt(100), random.nextInt(10), random.nextInt(100), 1);
        }
        return sums;
    }

    private static Map<Cell, Long> drain(MinuteCellSums sums) throws Exception {
        Map<Cell, Long> cells = new HashMap<>();
        sums.drain((minute, categoryId, productId, quantity) -> {
            Long before = cells.put(new Cell(minute, categoryId, productId), quantity);
            assertThat(before).as("a cell handed out twice").isNull();
        });
        return cells;
    }

    private static List<Cell> drainOrder(MinuteCellSums sums) throws Exception {
        List<Cell> order = new ArrayList<>();
        sums.drain((minute, categoryId, productId, quantity) -> order.add(new Cell(minute, categoryId, productId)));
        return order;
    }
}
