package com.salesrank.api.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MoverSelectionTest {

    private static List<MoverSelection.Ranked> ranked(long... products) {
        List<MoverSelection.Ranked> ranks = new ArrayList<>();
        for (int i = 0; i < products.length; i++) {
            ranks.add(new MoverSelection.Ranked(products[i], i + 1));
        }
        return ranks;
    }

    @Test
    void biggestClimbFirstThenBestRankOnlyClimbersNewcomersCountFrom101() {
        // now: 10 at 1, 20 at 2, 30 at 3, 40 at 4, 50 at 5
        List<MoverSelection.Ranked> now = ranked(10, 20, 30, 40, 50);
        Map<Long, Integer> before = Map.of(
                10L, 1,     // unchanged: not listed
                20L, 7,     // +5
                30L, 8,     // +5, worse rank than 20: after it
                40L, 2);    // fell: not listed
        // 50 is new: 101 - 5 = 96

        List<Movers.Item> movers = MoverSelection.select(now, before, 10);

        assertThat(movers).containsExactly(
                new Movers.Item(50, 5, null, 96),
                new Movers.Item(20, 2, 7, 5),
                new Movers.Item(30, 3, 8, 5));
    }

    @Test
    void theLimitCutsAfterOrdering() {
        List<Movers.Item> movers = MoverSelection.select(ranked(1, 2, 3), Map.of(), 2);

        assertThat(movers).containsExactly(new Movers.Item(1, 1, null, 100), new Movers.Item(2, 2, null, 99));
    }

    @Test
    void aNewcomerAtRank100StillClimbedByOne() {
        List<MoverSelection.Ranked> now = List.of(new MoverSelection.Ranked(7, 100));

        assertThat(MoverSelection.select(now, Map.of(), 10)).containsExactly(new Movers.Item(7, 100, null, 1));
        assertThat(MoverSelection.select(now, Map.of(7L, 100), 10)).isEmpty();
    }

    @Test
    void nothingRankedNothingListed() {
        assertThat(MoverSelection.select(List.of(), Map.of(1L, 1), 10)).isEmpty();
    }
}
