package com.salesrank.api.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A loader that says there is no such page (a {@link NoSuchPage} exception, answered 404) fails the
 * request's future with that exception, as any failed load does, but Caffeine does not log it as a failed
 * asynchronous load: no WARN with a stack trace per 404. Any other failure still is logged.
 */
class NoSuchPageLoadsTest {

    /** Caffeine's logger (System.Logger, backed by java.util.logging here, as by SLF4J's bridge in the service). */
    static final Logger CAFFEINE = Logger.getLogger("com.github.benmanes.caffeine.cache.LocalAsyncCache");

    static class NotRankedHere extends RuntimeException implements NoSuchPage {
        NotRankedHere() {
            super("product 5 is not ranked in category 7");
        }
    }

    final List<LogRecord> logged = new ArrayList<>();
    final Handler recorder = new Handler() {
        @Override public void publish(LogRecord record) { logged.add(record); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    RankingCache cache;

    @BeforeEach
    void recordCaffeinesLog() {
        CAFFEINE.addHandler(recorder);
        // a load starts on the caller's thread while the bulkhead has room, and these fail at once, so
        // whatever Caffeine logs is logged before get returns
        CacheProperties properties = RankingCacheTest.properties(true, false);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        cache = new RankingCache(properties, null, CacheConfiguration.databaseLoads(properties.loads(), meters), meters);
    }

    @AfterEach
    void stopRecording() {
        CAFFEINE.removeHandler(recorder);
    }

    @Test
    void aPageThatDoesNotExistFailsTheRequestWithoutAWarning() {
        CompletableFuture<CachedPage> page = cache.get("salesrank:v1:run:5:neighbors:5:7:2:2", () -> {
            throw new NotRankedHere();
        });

        assertThatThrownBy(page::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(NotRankedHere.class);
        assertThat(logged).isEmpty();
    }

    @Test
    void aLoadThatFailsIsStillLoggedWithItsCause() {
        CompletableFuture<CachedPage> page = cache.get("salesrank:v1:run:5:cat:7:0:10", () -> {
            throw new IllegalStateException("a bug in the loader");
        });

        assertThatThrownBy(page::join).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(logged).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getThrown()).hasRootCauseMessage("a bug in the loader");
        });
    }

    @Test
    void theNextRequestLoadsAgainAndAPageIsStoredAsBefore() {
        String key = "salesrank:v1:run:5:neighbors:5:7:2:2";
        assertThatThrownBy(cache.get(key, () -> {
            throw new NotRankedHere();
        })::join).hasCauseInstanceOf(NotRankedHere.class);
        CachedPage stored = new CachedPage(5, 1_795_000_000_000L, "\"5:neighbors:5:7:2:2\"",
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(cache.get(key, () -> CompletableFuture.completedFuture(new RankingCache.Keyed(key, stored))).join())
                .isSameAs(stored);
        assertThat(cache.get(key, () -> {
            throw new AssertionError("a stored page is not loaded again");
        }).join()).isSameAs(stored);
    }
}
