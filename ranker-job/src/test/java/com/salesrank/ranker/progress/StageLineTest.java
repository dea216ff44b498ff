package com.salesrank.ranker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StageLineTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void percentagesAreAlignedAndAnUnknownOneIsAQuestionMark() {
        assertThat(StageLine.percent(99)).isEqualTo(" 99%");
        assertThat(StageLine.percent(100)).isEqualTo("100%");
        assertThat(StageLine.percent(0)).isEqualTo("  0%");
        assertThat(StageLine.percent(-1)).isEqualTo("  ?%");
    }

    @Test
    void timesReadAsSecondsBelowAMinuteAndAsMinutesAbove() {
        assertThat(StageLine.clock(Duration.ofMillis(59_400))).isEqualTo("59 s");
        assertThat(StageLine.clock(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(StageLine.clock(Duration.ofMinutes(72))).isEqualTo("72m00s");
    }

    @Test
    void aMapOnlyJobShowsNoReduceAndItsEtaIsTheJobs() {
        StageProgress job = new StageProgress(0);
        job.observe(new JobSnapshot(100, 1_000, 0, false, -1), 2 * SECOND);
        job.observe(new JobSnapshot(250, 1_000, 0, false, -1), 4 * SECOND);

        // 150 bytes in the 2 s since the first were seen, 750 left: 10 s
        assertThat(StageLine.running("incremental: apply", job, "rows", 4 * SECOND))
                .isEqualTo("incremental: apply: map  25% | 4 s, ETA 10 s");
    }

    @Test
    void unknownWorkShowsAQuestionMarkForThePercentageAndTheEta() {
        StageProgress job = new StageProgress(0);
        job.observe(new JobSnapshot(100, -1, 0, true, 5), SECOND);
        job.observe(new JobSnapshot(900, -1, 0, true, 50), 9 * SECOND);

        assertThat(StageLine.running("stage 2 (rank)", job, "rows", 9 * SECOND))
                .isEqualTo("stage 2 (rank): map   ?% reduce   0% | 50 rows read, 5 rows/s | 9 s, maps ETA ?");
    }

    @Test
    void anEmptyInputIsNoWorkAndIsDoneWhenTheJobIs() {
        StageProgress job = new StageProgress(0);
        job.observe(new JobSnapshot(0, 0, 0, false, 0), SECOND);
        assertThat(StageLine.running("incremental: net change", job, "lines", SECOND))
                .isEqualTo("incremental: net change: map   0% | 0 lines read, 0 lines/s | 1 s, ETA ?");

        job.end(true);
        assertThat(StageLine.finished("incremental: net change", job, "lines", 2 * SECOND, true))
                .isEqualTo("incremental: net change: map 100% | 0 lines read, 0 lines/s | done in 2.0 s");
    }
}
