package com.salesrank.api.replica;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HedgingTest {

    static final long MS = 1_000_000L;

    static Hedging hedging(double share, int maxHedges) {
        return new Hedging(new ReadTimeouts(Duration.ofSeconds(1), Duration.ofMillis(80), Duration.ofMillis(5),
                maxHedges, share, Duration.ofMillis(200)), new SimpleMeterRegistry());
    }

    @Test
    void theDelayFollowsTheRecentP99WithinItsBounds() {
        Hedging hedging = hedging(0.05, 8);
        assertThat(hedging.follow(0)).as("no recent read: the longest delay").isEqualTo(80 * MS);
        assertThat(hedging.follow(30 * MS)).isEqualTo(30 * MS);
        assertThat(hedging.follow(1 * MS)).as("never under min-hedge-after").isEqualTo(5 * MS);
        assertThat(hedging.follow(900 * MS)).as("never over hedge-after").isEqualTo(80 * MS);
    }

    @Test
    void beforeAnyReadTheDelayIsTheLongestOne() {
        assertThat(hedging(0.05, 8).delayNanos()).isEqualTo(80 * MS);
    }

    @Test
    void hedgesStayWithinTheirShareOfTheReadsOnceTheBurstIsSpent() {
        Hedging hedging = hedging(0.05, Hedging.BURST + 10);
        int hedged = 0;
        while (hedging.tryHedge()) {
            hedged++;
        }
        assertThat(hedged).as("the saved-up burst").isEqualTo(Hedging.BURST);
        hedged = 0;
        for (int read = 0; read < 200; read++) {
            hedging.readStarted();
            if (hedging.tryHedge()) {
                hedged++;
            }
        }
        assertThat(hedged).as("one hedge per 20 reads at a share of 5 %").isEqualTo(10);
    }

    @Test
    void hedgesInFlightStayWithinMaxHedgesAndAHedgeThatEndsFreesItsPlace() {
        Hedging hedging = hedging(1.0, 2);
        assertThat(hedging.tryHedge()).isTrue();
        assertThat(hedging.tryHedge()).isTrue();
        assertThat(hedging.tryHedge()).as("two in flight already").isFalse();
        hedging.hedgeEnded();
        assertThat(hedging.tryHedge()).isTrue();
    }

    @Test
    void aHedgeRefusedForWantOfAPlaceInFlightKeepsItsBudget() {
        Hedging hedging = hedging(0.0, 1);
        assertThat(hedging.tryHedge()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(hedging.tryHedge()).isFalse();
        }
        hedging.hedgeEnded();
        int hedged = 0;
        while (hedging.tryHedge()) {
            hedged++;
            hedging.hedgeEnded();
        }
        assertThat(hedged).as("the burst less the one hedge sent").isEqualTo(Hedging.BURST - 1);
    }
}
