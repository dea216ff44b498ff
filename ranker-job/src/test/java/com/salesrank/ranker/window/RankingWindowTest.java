package com.salesrank.ranker.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingWindowTest {

    private final RankingWindow week = RankingWindow.ending(Instant.parse("2026-11-20T13:00:00Z"), 168);

    @Test
    void aWeekEndingAtAnHourStartsSevenDaysEarlier() {
        assertThat(week.start()).isEqualTo(Instant.parse("2026-11-13T13:00:00Z"));
        assertThat(week.hours()).isEqualTo(168);
    }

    @Test
    void isHalfOpen() {
        assertThat(week.contains(Instant.parse("2026-11-13T13:00:00Z"))).isTrue();
        assertThat(week.contains(Instant.parse("2026-11-13T12:59:59.999999999Z"))).isFalse();
        assertThat(week.contains(Instant.parse("2026-11-20T12:59:59.999999999Z"))).isTrue();
        assertThat(week.contains(Instant.parse("2026-11-20T13:00:00Z"))).isFalse();
    }

    @Test
    void defaultEndIsTheStartOfTheCurrentUtcHour() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T13:42:17.5Z"), ZoneOffset.ofHours(5));
        assertThat(RankingWindow.defaultEnd(clock)).isEqualTo(Instant.parse("2026-11-20T13:00:00Z"));
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> RankingWindow.ending(Instant.EPOCH, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RankingWindow(Instant.EPOCH, Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void survivesTheTripThroughAConfiguration() {
        RankingWindow odd = new RankingWindow(Instant.parse("2026-11-13T13:00:00.000000001Z"), Instant.parse("2026-11-20T13:00:00.5Z"));
        Map<String, String> conf = new HashMap<>();
        odd.writeTo(conf::put);
        assertThat(RankingWindow.readFrom(conf::get)).isEqualTo(odd);
    }

    @Test
    void aTaskWithoutAWindowFailsLoudly() {
        assertThatThrownBy(() -> RankingWindow.readFrom(name -> null)).isInstanceOf(IllegalStateException.class);
    }
}
