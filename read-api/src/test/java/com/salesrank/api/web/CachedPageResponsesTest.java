package com.salesrank.api.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.salesrank.api.cache.CachedPage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachedPageResponsesTest {

    final Instant published = Instant.parse("2026-11-27T21:05:00Z");
    final CachedPageResponses responses = new CachedPageResponses(Clock.systemUTC(),
            new HttpCachingProperties(Duration.ofHours(1), Duration.ofMinutes(10)), () -> -1L);

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
    void aPageTheHeadAnsweredIsKeptUntilTheNextHeadPublish() {
        long headPublished = Instant.parse("2026-11-27T21:11:00Z").toEpochMilli();
        CachedPage headPage = new CachedPage(61, -1, "\"61:cat:7:0:10\"", new byte[0], headPublished);

        assertThat(responses.maxAgeSeconds(headPage, Instant.parse("2026-11-27T21:15:00Z").toEpochMilli()))
                .isEqualTo(360);
        assertThat(responses.maxAgeSeconds(headPage, Instant.parse("2026-11-27T21:22:00Z").toEpochMilli()))
                .as("a late head publish: the following 10 minutes, 21:31").isEqualTo(540);
    }

    @Test
    void aPageBothRankingsAnsweredIsKeptUntilEitherPublishes() {
        CachedPage both = new CachedPage(61, published.toEpochMilli(), "\"61+59:product:1\"", new byte[0],
                Instant.parse("2026-11-27T21:58:00Z").toEpochMilli());

        // the head is next expected at 22:08, the full ranking at 22:05
        assertThat(responses.maxAgeSeconds(both, Instant.parse("2026-11-27T22:01:00Z").toEpochMilli()))
                .isEqualTo(240);
        // the head at 22:08, the full ranking (late) at 23:05
        assertThat(responses.maxAgeSeconds(both, Instant.parse("2026-11-27T22:06:00Z").toEpochMilli()))
                .isEqualTo(120);
    }

    @Test
    void aFullRankingPageIgnoresTheHeadsCadence() {
        CachedPage full = new CachedPage(59, published.toEpochMilli(), "\"59:cat:7:0:10\"", new byte[0]);

        assertThat(responses.maxAgeSeconds(full, Instant.parse("2026-11-27T21:35:00Z").toEpochMilli()))
                .isEqualTo(1800);
    }

    @Test
    void aPageOfASupersededRunMustBeRevalidatedWhileTheLiveRunsPagesAreKeptUntilTheNextPublish() {
        Instant now = Instant.parse("2026-11-27T21:35:00Z");
        CachedPageResponses atNow = new CachedPageResponses(Clock.fixed(now, java.time.ZoneOffset.UTC),
                new HttpCachingProperties(Duration.ofHours(1), Duration.ofMinutes(10)), () -> 42L);

        assertThat(atNow.cacheControl(page(42)).getHeaderValue()).isEqualTo("max-age=1800, public");
        assertThat(atNow.cacheControl(page(43)).getHeaderValue()).as("newer than live: a replica ahead").isEqualTo("max-age=1800, public");
        assertThat(atNow.cacheControl(page(41)).getHeaderValue()).isEqualTo("no-cache, public");
    }

    @Test
    void aHeadPageIsSupersededByANewerHeadRunOnlyNotByTheFullRanksRunId() {
        Instant now = Instant.parse("2026-11-27T21:35:00Z");
        // run ids are one sequence: full run 50 went live after head run 47 (a late hourly run)
        CachedPageResponses atNow = new CachedPageResponses(Clock.fixed(now, java.time.ZoneOffset.UTC),
                new HttpCachingProperties(Duration.ofHours(1), Duration.ofMinutes(10)), () -> 50L, () -> 47L);
        long headPublished = Instant.parse("2026-11-27T21:31:00Z").toEpochMilli();

        assertThat(atNow.cacheControl(new CachedPage(47, -1, "\"47:cat:1:0:10\"", new byte[0], headPublished)).getHeaderValue())
                .isEqualTo("max-age=360, public");
        assertThat(atNow.cacheControl(new CachedPage(46, -1, "\"46:cat:1:0:10\"", new byte[0], headPublished)).getHeaderValue())
                .isEqualTo("no-cache, public");
        assertThat(atNow.cacheControl(page(49)).getHeaderValue()).as("a full page of an older full run").isEqualTo("no-cache, public");
    }

    CachedPage page(long runId) {
        return new CachedPage(runId, published.toEpochMilli(), "\"" + runId + ":cat:1:0:10\"", new byte[0]);
    }
}
