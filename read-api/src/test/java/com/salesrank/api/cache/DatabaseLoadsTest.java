package com.salesrank.api.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Misses load without holding a thread, 2 reading at once and 4 waiting for their turn here, one load
 * per key at a time (Caffeine's async cache); a hit never waits for them.
 */
class DatabaseLoadsTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CacheProperties properties = new CacheProperties(
            new CacheProperties.Near(true, Duration.ofMinutes(5), 1000),
            new CacheProperties.Redis(false, Duration.ofMinutes(65), "salesrank:v1", 3, Duration.ofSeconds(5)),
            0, Duration.ofSeconds(1), new CacheProperties.Loads(2, 4), new CacheProperties.RefreshAhead(Duration.ZERO, 0));
    final RankingCache cache = new RankingCache(properties, null,
            CacheConfiguration.databaseLoads(properties.loads(), meters), meters);
    /** Completes when the test lets the blocked loads answer, as a slow database read would. */
    final CompletableFuture<Void> released = new CompletableFuture<>();
    final AtomicInteger loads = new AtomicInteger();

    @AfterEach
    void stop() {
        released.complete(null);
    }

    static CachedPage page(String key) {
        return new CachedPage(5, 0, "\"" + key + "\"", key.getBytes(StandardCharsets.UTF_8));
    }

    /** A load whose read answers once the test releases it. */
    CompletableFuture<RankingCache.Keyed> blockedLoad(String key) {
        loads.incrementAndGet();
        return released.thenApply(done -> new RankingCache.Keyed(key, page(key)));
    }

    static CompletableFuture<RankingCache.Keyed> loaded(String key) {
        return CompletableFuture.completedFuture(new RankingCache.Keyed(key, page(key)));
    }

    @Test
    void concurrentMissesOfOneKeyShareOneLoad() {
        List<CompletableFuture<CachedPage>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(cache.get("k", () -> blockedLoad("k")));
        }
        released.complete(null);

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
            return CompletableFuture.failedFuture(new IllegalStateException("connection reset"));
        });
        assertThatThrownBy(failed::join).cause().isInstanceOf(IllegalStateException.class)
                .hasMessage("connection reset");
        CompletableFuture<CachedPage> thrown = cache.get("k", () -> {
            loads.incrementAndGet();
            throw new IllegalStateException("no connection");
        });
        assertThatThrownBy(thrown::join).as("a loader that throws fails its future, like a failed read")
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("no connection");

        CachedPage page = cache.get("k", () -> {
            loads.incrementAndGet();
            return loaded("k");
        }).join();

        assertThat(page.etag()).isEqualTo("\"k\"");
        assertThat(loads).hasValue(3);
    }

    @Test
    void aHitIsAnsweredWhileEveryLoadSlotIsTakenAndAFullQueueRefusesAtOnce() {
        cache.get("hot", () -> loaded("hot")).join();
        List<CompletableFuture<CachedPage>> cold = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // 2 reading, 4 waiting
            String key = "cold" + i;
            cold.add(cache.get(key, () -> blockedLoad(key)));
        }
        assertThat(loads).as("only two loads read at once; the others wait without a thread").hasValue(2);
        assertThat(cold).as("none holds the caller").allMatch(f -> !f.isDone());

        CompletableFuture<CachedPage> hit = cache.get("hot", () -> blockedLoad("hot"));
        assertThat(hit).as("answered on the caller's thread at once").isCompleted();
        assertThat(hit.join().etag()).isEqualTo("\"hot\"");

        assertThatThrownBy(() -> cache.get("cold6", () -> blockedLoad("cold6")))
                .isInstanceOf(DatabaseLoadsBusyException.class);
        CompletableFuture<CachedPage> joined = cache.get("cold0", () -> blockedLoad("cold0"));
        assertThat(joined).as("a key already loading is joined, not refused").isNotDone();

        released.complete(null);
        assertThat(joined.join().etag()).isEqualTo("\"cold0\"");
        for (int i = 0; i < 6; i++) {
            assertThat(cold.get(i).join().etag()).as("each waiting load ran in its turn").isEqualTo("\"cold" + i + "\"");
        }
        assertThat(loads).as("the refused load never started").hasValue(6);
        assertThat(cache.get("cold6", () -> loaded("cold6")).join().etag())
                .as("room again once the loads finished").isEqualTo("\"cold6\"");
    }

    @Test
    void aLoadsTurnEndsOnlyAfterWhatWaitsOnItHasRun() {
        DatabaseLoads bulkhead = new DatabaseLoads(1, 1);
        CompletableFuture<String> firstRead = new CompletableFuture<>();
        AtomicInteger secondStarted = new AtomicInteger();
        List<Integer> seenByTheFirstsPage = new ArrayList<>();
        bulkhead.submit(() -> firstRead).thenRun(() -> seenByTheFirstsPage.add(secondStarted.get()));
        bulkhead.submit(() -> {
            secondStarted.incrementAndGet();
            return new CompletableFuture<String>();
        });

        firstRead.complete("page");

        assertThat(seenByTheFirstsPage).as("the first page was made before the second load started").containsExactly(0);
        assertThat(secondStarted).as("then the turn passed on").hasValue(1);
        assertThat(bulkhead.running()).isEqualTo(1);
        assertThat(bulkhead.waiting()).isZero();
    }

    @Test
    void loadsThatFailAtOnceHandTheirTurnOnWithoutNesting() {
        DatabaseLoads bulkhead = new DatabaseLoads(1, 10_000);
        CompletableFuture<Void> first = new CompletableFuture<>();
        bulkhead.submit(() -> first);
        List<CompletableFuture<Object>> waiting = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            waiting.add(bulkhead.submit(() -> CompletableFuture.failedFuture(new IllegalStateException("no database"))));
        }
        assertThat(bulkhead.waiting()).isEqualTo(10_000);

        first.complete(null); // each waiting load fails at once, inside the start of the one before it

        assertThat(waiting).as("every one ran and failed, none overflowed the stack")
                .allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(bulkhead.running()).isZero();
        assertThat(bulkhead.waiting()).isZero();
    }
}
