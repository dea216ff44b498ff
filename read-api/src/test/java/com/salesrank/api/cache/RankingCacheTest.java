package com.salesrank.api.cache;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ValueOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The tiers' order and bookkeeping, with Redis's client mocked (the ITs use a real Redis). */
class RankingCacheTest {

    static final String KEY = "salesrank:v1:run:5:cat:7:0:10";
    static final CachedPage PAGE = page(5);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    @SuppressWarnings("unchecked")
    final RedisTemplate<String, byte[]> template = mock(RedisTemplate.class);
    @SuppressWarnings("unchecked")
    final ValueOperations<String, byte[]> values = mock(ValueOperations.class);
    final AtomicInteger loads = new AtomicInteger();
    RedisBreaker breaker;

    static CachedPage page(long run) {
        return new CachedPage(run, 1_795_000_000_000L, "\"" + run + ":cat:7:0:10\"",
                ("{\"run_id\":" + run + "}").getBytes(StandardCharsets.UTF_8));
    }

    static CacheProperties properties(boolean near, boolean redis) {
        return new CacheProperties(new CacheProperties.Near(near, Duration.ofSeconds(5), 1000),
                new CacheProperties.Redis(redis, Duration.ofMinutes(65), "salesrank:v1", 3, Duration.ofSeconds(5)),
                0.1, Duration.ofSeconds(1), new CacheProperties.Loads(2, 4), new CacheProperties.RefreshAhead(Duration.ZERO, 0));
    }

    RankingCache cache(boolean near, boolean redis) {
        CacheProperties properties = properties(near, redis);
        breaker = new RedisBreaker(CircuitBreaker.of("redis", RedisBreaker.config(properties.redis(), Clock.systemUTC())));
        RedisPageStore store = new RedisPageStore(template, breaker, meters);
        return new RankingCache(properties, redis ? store : null,
                CacheConfiguration.databaseLoads(properties.loads(), meters), meters);
    }

    CompletableFuture<RankingCache.Keyed> load() {
        loads.incrementAndGet();
        return CompletableFuture.completedFuture(new RankingCache.Keyed(KEY, PAGE));
    }

    double lookups(String tier, String result) {
        return meters.get("salesrank.cache.lookups").tag("tier", tier).tag("result", result).counter().count();
    }

    @BeforeEach
    void wireRedis() {
        given(template.opsForValue()).willReturn(values);
    }

    @Test
    void aMissLoadsOnceAndFillsBothTiersWithAJitteredTtl() {
        RankingCache cache = cache(true, true);

        assertThat(cache.get(KEY, this::load).join()).isSameAs(PAGE);
        assertThat(cache.get(KEY, this::load).join()).isSameAs(PAGE);

        assertThat(loads).hasValue(1);
        ArgumentCaptor<byte[]> stored = ArgumentCaptor.forClass(byte[].class);
        ArgumentCaptor<Duration> ttl = ArgumentCaptor.forClass(Duration.class);
        verify(values).set(eq(KEY), stored.capture(), ttl.capture());
        assertThat(CachedPage.decode(stored.getValue()).etag()).isEqualTo(PAGE.etag());
        assertThat(ttl.getValue()).isBetween(Duration.ofMinutes(65).multipliedBy(9).dividedBy(10),
                Duration.ofMinutes(65).multipliedBy(11).dividedBy(10));
        assertThat(lookups("near", "miss")).isEqualTo(1);
        assertThat(lookups("near", "hit")).isEqualTo(1);
        assertThat(lookups("redis", "miss")).isEqualTo(1);
        assertThat(lookups("db", "load")).isEqualTo(1);
    }

    @Test
    void aRedisHitNeverCallsTheLoaderAndWarmsTheNearCache() {
        given(values.get(KEY)).willReturn(PAGE.encode());
        RankingCache cache = cache(true, true);

        CachedPage first = cache.get(KEY, this::load).join();
        CachedPage second = cache.get(KEY, this::load).join();

        assertThat(first.etag()).isEqualTo(PAGE.etag());
        assertThat(second).isSameAs(first);
        assertThat(loads).hasValue(0);
        verify(values, times(1)).get(KEY);
        assertThat(lookups("redis", "hit")).isEqualTo(1);
        assertThat(lookups("near", "hit")).isEqualTo(1);
    }

    @Test
    void withoutTheNearCacheEveryRequestAsksRedis() {
        given(values.get(KEY)).willReturn(PAGE.encode());
        RankingCache cache = cache(false, true);

        cache.get(KEY, this::load).join();
        cache.get(KEY, this::load).join();

        verify(values, times(2)).get(KEY);
        assertThat(loads).hasValue(0);
    }

    @Test
    void aPageOfAnotherRunIsStoredUnderItsOwnRunsKey() {
        RankingCache cache = cache(true, true);
        String expected = "salesrank:v1:run:6:cat:7:0:10"; // the tracker already knows run 6; a lagging replica has 5

        CachedPage served = cache.get(expected, this::load).join();

        assertThat(served.runId()).isEqualTo(5);
        verify(values).set(eq(KEY), any(byte[].class), any(Duration.class));
        verify(values, never()).set(eq(expected), any(byte[].class), any(Duration.class));
        cache.get(expected, this::load).join();
        assertThat(loads).as("run 6's key was never filled with run 5's page").hasValue(2);
    }

    @Test
    void aDeadRedisFallsThroughToTheLoaderAndOpensTheBreaker() {
        willThrow(new RedisConnectionFailureException("Unable to connect to 127.0.0.1:16379"))
                .given(values).get(anyString());
        willThrow(new RedisConnectionFailureException("Unable to connect to 127.0.0.1:16379"))
                .given(values).set(anyString(), any(byte[].class), any(Duration.class));
        RankingCache cache = cache(false, true);

        for (int i = 0; i < 5; i++) {
            assertThat(cache.get("salesrank:v1:run:5:cat:" + i + ":0:10", this::load).join()).isSameAs(PAGE);
        }

        assertThat(loads).hasValue(5);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        // GET, SET, GET fail (3 = threshold); after that not a single command is sent
        verify(values, times(2)).get(anyString());
        verify(values, times(1)).set(anyString(), any(byte[].class), any(Duration.class));
        assertThat(meters.get("salesrank.cache.redis.errors").counter().count()).isEqualTo(3);
        assertThat(meters.get("salesrank.cache.redis.skipped").counter().count()).isEqualTo(7);
    }

    @Test
    void emptyPagesAreCachedLikeAnyOther() {
        CachedPage empty = new CachedPage(5, 0, "\"5:cat:99:0:10\"",
                "{\"items\":[]}".getBytes(StandardCharsets.UTF_8));
        RankingCache cache = cache(true, false);
        String key = "salesrank:v1:run:5:cat:99:0:10";

        cache.get(key, () -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(new RankingCache.Keyed(key, empty));
        }).join();
        cache.get(key, this::load).join();

        assertThat(loads).hasValue(1);
    }

    @Test
    void whileANewRunLoadsAheadThePreviousRunsPageAnswersAndAMissLoadsTheNewRun() {
        RankingCache cache = cache(true, false);
        String previous = "salesrank:v1:run:5:cat:7:0:10";
        String next = "salesrank:v1:run:6:cat:7:0:10";
        cache.get(previous, this::load).join(); // run 5's page cached

        assertThat(cache.get(previous, next, () -> {
            throw new AssertionError("a cached page of the previous run needs no load");
        }).join()).isSameAs(PAGE);

        CachedPage six = page(6);
        CachedPage missed = cache.get("salesrank:v1:run:5:cat:8:0:10", "salesrank:v1:run:6:cat:8:0:10",
                () -> CompletableFuture.completedFuture(new RankingCache.Keyed("salesrank:v1:run:6:cat:8:0:10", six))).join();
        assertThat(missed).as("not cached for run 5: run 6's page").isSameAs(six);
        assertThat(cache.nearHit("salesrank:v1:run:6:cat:8:0:10")).isSameAs(six);
        assertThat(cache.nearHit("salesrank:v1:run:5:cat:8:0:10")).as("never stored under the old run").isNull();
    }

    @Test
    void theHottestKeysAreTheMostHitOnes() {
        RankingCache cache = cache(true, false);
        for (int category = 1; category <= 3; category++) {
            String key = "salesrank:v1:run:5:cat:" + category + ":0:10";
            cache.get(key, () -> CompletableFuture.completedFuture(new RankingCache.Keyed(key, PAGE))).join();
            // the load's future completes before the near cache has stored the page: wait for it, so the
            // last write is not mistaken for the hottest key
            await().atMost(Duration.ofSeconds(5)).until(() -> cache.nearHit(key) != null);
        }
        for (int i = 0; i < 20; i++) {
            cache.nearHit("salesrank:v1:run:5:cat:2:0:10");
        }

        assertThat(cache.hottestKeys(1)).containsExactly("salesrank:v1:run:5:cat:2:0:10");
        assertThat(cache.hottestKeys(10)).hasSize(3);
        assertThat(cache(false, false).hottestKeys(10)).as("no near cache, nothing known").isEmpty();
    }
}
