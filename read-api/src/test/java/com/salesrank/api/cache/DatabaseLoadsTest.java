package com.salesrank.api.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Misses load on the bounded database-load executor (2 threads, queue of 4 here), one load per
 * key at a time (Caffeine's async cache); a hit never waits for them.
 */
class DatabaseLoadsTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CacheProperties properties = new CacheProperties(
            new CacheProperties.Near(true, Duration.ofMinutes(5), 1000),
            new CacheProperties.Redis(false, Duration.ofMinutes(65), "salesrank:v1", 3, Duration.ofSeconds(5)),
            0, Duration.ofSeconds(1), new CacheProperties.Loads(2, 4), new CacheProperties.RefreshAhead(Duration.ZERO, 0));
    final RankingCache cache = new RankingCache(properties, null,
            CacheConfiguration.databaseLoads(properties.loads(), meters), meters);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger loads = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        cache.close();
    }

    static CachedPage page(String key) {
        return new CachedPage(5, 0, "\"" + key + "\"", key.getBytes(StandardCharsets.UTF_8));
    }

    /** A load that blocks until the test releases it, as a slow database read would. */
    RankingCache.Keyed blockedLoad(String key) {
        loads.incrementAndGet();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new RankingCache.Keyed(key, page(key));
    }

    @Test
    void concurrentMissesOfOneKeyShareOneLoad() {
        List<CompletableFuture<CachedPage>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(cache.get("k", () -> blockedLoad("k")));
        }
        release.countDown();

        for (CompletableFuture<CachedPage> page : waiting) {
            assertThat(page.join().etag()).isEqualTo("\"k\"");
        }
        assertThat(loads).hasValue(1);
        assertThat(meters.get("salesrank.cache.coalesced").counter().count()).isEqualTo(19);
        assertThat(cache.get("k", () -> blockedLoad("k")).join().etag()).as("now a near hit").isEqualTo("\"k\"");
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailedLoadIsNotKeptTheNextMissLoadsAgain() {
        CompletableFuture<CachedPage> failed = cache.get("k", () -> {
            loads.incrementAndGet();
            throw new IllegalStateException("connection reset");
        });
        assertThatThrownBy(failed::join).cause().isInstanceOf(IllegalStateException.class)
                .hasMessage("connection reset");

        CachedPage page = cache.get("k", () -> {
            loads.incrementAndGet();
            return new RankingCache.Keyed("k", page("k"));
        }).join();

        assertThat(page.etag()).isEqualTo("\"k\"");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aHitIsAnsweredWhileEveryLoadThreadIsBusyAndAFullQueueRefusesAtOnce() {
        cache.get("hot", () -> new RankingCache.Keyed("hot", page("hot"))).join();
        cache.get("cold0", () -> blockedLoad("cold0"));
        cache.get("cold1", () -> blockedLoad("cold1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(loads).hasValue(2)); // both threads busy
        for (int i = 2; i < 6; i++) { // the queue of 4
            String key = "cold" + i;
            cache.get(key, () -> blockedLoad(key));
        }

        CompletableFuture<CachedPage> hit = cache.get("hot", () -> blockedLoad("hot"));
        assertThat(hit).as("answered on the caller's thread, no load thread needed").isCompleted();
        assertThat(hit.join().etag()).isEqualTo("\"hot\"");

        assertThatThrownBy(() -> cache.get("cold6", () -> blockedLoad("cold6")))
                .isInstanceOf(DatabaseLoadsBusyException.class);
        CompletableFuture<CachedPage> joined = cache.get("cold0", () -> blockedLoad("cold0"));
        assertThat(joined).as("a key already loading is joined, not refused").isNotDone();

        release.countDown();
        assertThat(joined.join().etag()).isEqualTo("\"cold0\"");
        assertThat(cache.get("cold6", () -> new RankingCache.Keyed("cold6", page("cold6"))).join().etag())
                .as("room again once the loads finished").isEqualTo("\"cold6\"");
    }
}
