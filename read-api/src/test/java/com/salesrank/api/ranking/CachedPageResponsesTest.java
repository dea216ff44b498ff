package com.salesrank.api.ranking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachedPageResponsesTest {

    final Instant published = Instant.parse("2026-11-27T21:05:00Z");
    final CachedPageResponses responses = new CachedPageResponses(Clock.systemUTC(),
            new HttpCachingProperties(Duration.ofHours(1), Duration.ofMinutes(10)));

    long maxAgeAt(String now) {
        return responses.maxAgeSeconds(published.toEpochMilli(), Instant.parse(now).toEpochMilli());
    }

    @Test
    void maxAgeReachesTheNextExpectedHourlyPublish() {
        assertThat(maxAgeAt("2026-11-27T21:05:00Z")).isEqualTo(3600);
        assertThat(maxAgeAt("2026-11-27T21:35:00Z")).isEqualTo(1800);
        assertThat(maxAgeAt("2026-11-27T22:04:59.500Z")).isEqualTo(1);
    }

    @Test
    void aLatePublishMovesTheExpectationToTheFollowingInterval() {
        assertThat(maxAgeAt("2026-11-27T22:05:00Z")).isEqualTo(3600);
        assertThat(maxAgeAt("2026-11-27T22:15:00Z")).isEqualTo(3000);
        assertThat(maxAgeAt("2026-11-28T03:04:00Z")).isEqualTo(60);
    }

    @Test
    void aClockBehindThePublishStillGivesAFullInterval() {
        assertThat(maxAgeAt("2026-11-27T21:04:00Z")).isEqualTo(3660);
    }

    @Test
    void ifNoneMatchUsesWeakComparison() {
        String etag = "\"7:cat:1:0:10\"";
        assertThat(CachedPageResponses.matches("\"7:cat:1:0:10\"", etag)).isTrue();
        assertThat(CachedPageResponses.matches("W/\"7:cat:1:0:10\"", etag)).isTrue();
        assertThat(CachedPageResponses.matches("\"6:cat:1:0:10\" , W/\"7:cat:1:0:10\"", etag)).isTrue();
        assertThat(CachedPageResponses.matches("*", etag)).isTrue();
        assertThat(CachedPageResponses.matches("\"6:cat:1:0:10\"", etag)).isFalse();
        assertThat(CachedPageResponses.matches("7:cat:1:0:10", etag)).isFalse();
        assertThat(CachedPageResponses.matches("", etag)).isFalse();
    }
}
