package com.salesrank.ranker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StageLineTest {

    @Test
    void percentagesRoundDownSoThatOnlyDoneShowsAHundred() {
        assertThat(StageLine.percent(0.999f)).isEqualTo(" 99%");
        assertThat(StageLine.percent(1f)).isEqualTo("100%");
        assertThat(StageLine.percent(0f)).isEqualTo("  0%");
    }

    @Test
    void timesReadAsSecondsBelowAMinuteAndAsMinutesAbove() {
        assertThat(StageLine.clock(Duration.ofMillis(59_400))).isEqualTo("59 s");
        assertThat(StageLine.clock(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(StageLine.clock(Duration.ofMinutes(72))).isEqualTo("72m00s");
    }

    @Test
    void noEtaBeforeOnePercentOrOneSecond() {
        assertThat(StageLine.eta(new JobSnapshot(0.015f, 0, true, 10), Duration.ofSeconds(5))).isEqualTo("ETA ?");
        assertThat(StageLine.eta(new JobSnapshot(0.5f, 0, false, 10), Duration.ofMillis(900))).isEqualTo("ETA ?");
        // map-only: the map's progress is the job's; half done in 8 s, 8 s to go
        assertThat(StageLine.eta(new JobSnapshot(0.5f, 0, false, 10), Duration.ofSeconds(8))).isEqualTo("ETA 8 s");
    }

    @Test
    void aMapOnlyJobShowsNoReduceAndUnknownRecordsAreLeftOut() {
        assertThat(StageLine.running("incremental: apply", new JobSnapshot(0.25f, 0, false, -1), "rows",
                Duration.ofSeconds(4))).isEqualTo("incremental: apply: map  25% | 4 s, ETA 12 s");
    }
}
