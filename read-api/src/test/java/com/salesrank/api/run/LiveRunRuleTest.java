package com.salesrank.api.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveRunRuleTest {

    static final long MAX_LAG = Duration.ofSeconds(30).toNanos();
    final LiveRunRule rule = new LiveRunRule(MAX_LAG);

    static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }

    @Test
    void theLiveRunMovesOnlyToARunEveryReplicaHas() {
        assertThat(rule.decide(-1, Map.of("replica-0", 5L, "replica-1", 5L), 0).liveRunId()).isEqualTo(5);

        LiveRunRule.Verdict oneAhead = rule.decide(5, Map.of("replica-0", 6L, "replica-1", 5L), seconds(1));
        assertThat(oneAhead.liveRunId()).as("replica-1 does not have run 6 yet").isEqualTo(5);
        assertThat(oneAhead.lagging()).isEmpty();

        assertThat(rule.decide(5, Map.of("replica-0", 6L, "replica-1", 6L), seconds(2)).liveRunId()).isEqualTo(6);
    }

    @Test
    void theLiveRunNeverMovesBackwards() {
        assertThat(rule.decide(6, Map.of("replica-0", 5L, "replica-1", 5L), 0).liveRunId()).isEqualTo(6);
        assertThat(rule.decide(6, Map.of("replica-0", -1L), 0).liveRunId()).isEqualTo(6);
    }

    @Test
    void replicasTakingTurnsBeingBehindNeverFlipTheLiveRun() {
        long live = 10;
        List<Long> seen = new ArrayList<>();
        long[][] polls = {{10, 11}, {11, 10}, {11, 11}, {12, 11}, {11, 12}, {12, 12}, {13, 12}, {12, 13}};
        for (int i = 0; i < polls.length; i++) {
            live = rule.decide(live, Map.of("replica-0", polls[i][0], "replica-1", polls[i][1]), seconds(i))
                    .liveRunId();
            seen.add(live);
        }
        assertThat(seen).containsExactly(10L, 10L, 11L, 11L, 11L, 12L, 12L, 12L);
    }

    @Test
    void aReplicaBehindForLongerThanTheMaxLagLeavesTheRotationAndStopsHoldingTheRunBack() {
        Map<String, Long> runs = Map.of("replica-0", 8L, "replica-1", 7L);
        assertThat(rule.decide(7, runs, seconds(0)).liveRunId()).isEqualTo(7);
        LiveRunRule.Verdict atTheLimit = rule.decide(7, runs, seconds(30));
        assertThat(atTheLimit.lagging()).isEmpty();
        assertThat(atTheLimit.liveRunId()).isEqualTo(7);

        LiveRunRule.Verdict tooLong = rule.decide(7, runs, seconds(31));

        assertThat(tooLong.lagging()).containsExactly("replica-1");
        assertThat(tooLong.liveRunId()).isEqualTo(8);
    }

    @Test
    void aLaggingReplicaComesBackOnceItHasTheNewestRunAndItsLagIsCountedAfresh() {
        rule.decide(7, Map.of("replica-0", 8L, "replica-1", 7L), seconds(0));
        assertThat(rule.decide(7, Map.of("replica-0", 8L, "replica-1", 7L), seconds(31)).lagging())
                .containsExactly("replica-1");

        LiveRunRule.Verdict caughtUp = rule.decide(8, Map.of("replica-0", 8L, "replica-1", 8L), seconds(40));
        assertThat(caughtUp.lagging()).isEmpty();
        assertThat(caughtUp.liveRunId()).isEqualTo(8);

        LiveRunRule.Verdict behindAgain = rule.decide(8, Map.of("replica-0", 9L, "replica-1", 8L), seconds(50));
        assertThat(behindAgain.lagging()).as("behind for 0 s, not since 0").isEmpty();
        assertThat(behindAgain.liveRunId()).isEqualTo(8);
    }

    @Test
    void nothingPublishedAnywhereLeavesNoLiveRun() {
        assertThat(rule.decide(-1, Map.of("replica-0", -1L, "replica-1", -1L), 0).liveRunId()).isEqualTo(-1);
        assertThat(rule.decide(-1, Map.of(), 0).liveRunId()).isEqualTo(-1);
    }
}
