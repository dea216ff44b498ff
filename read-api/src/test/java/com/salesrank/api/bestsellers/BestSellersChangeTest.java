package com.salesrank.api.bestsellers;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The best sellers page's 24 h change, counted as /api/v1/movers counts it. */
class BestSellersChangeTest {

    static final Instant THEN = Instant.parse("2026-11-26T21:00:00Z");

    @Test
    void climbingFallingStayingAndNewcomers() {
        assertThat(BestSellers.Change.of(THEN, 5, 2)).isEqualTo(new BestSellers.Change(BestSellers.Direction.UP, 5, 3));
        assertThat(BestSellers.Change.of(THEN, 2, 5)).isEqualTo(new BestSellers.Change(BestSellers.Direction.DOWN, 2, -3));
        assertThat(BestSellers.Change.of(THEN, 4, 4)).isEqualTo(new BestSellers.Change(BestSellers.Direction.SAME, 4, 0));
        // a newcomer is counted from just below the top 100, as movers count it: 101 - rank
        assertThat(BestSellers.Change.of(THEN, null, 4)).isEqualTo(new BestSellers.Change(BestSellers.Direction.NEW, null, 97));
    }

    @Test
    void withoutAnEarlierRankingThereIsNothingToCompare() {
        assertThat(BestSellers.Change.of(null, null, 1).direction()).isEqualTo(BestSellers.Direction.NOT_COMPARED);
    }
}
