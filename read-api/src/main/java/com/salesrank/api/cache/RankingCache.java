package com.salesrank.api.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Cache-aside over the ranking, in two tiers: a Caffeine near cache in this
 * process, then Redis, then the loader (the database).
 *
 * <p>Keys carry the published run id, so a page never changes under its key:
 * a new publish simply makes new keys, nothing is ever deleted, and the old
 * run's entries age out by TTL (jittered, so they do not expire together).
 * Concurrent misses of one key within this instance are collapsed into one
 * load (Caffeine's async cache); the load holds no thread while the database reads (the loader
 * answers a future, which the database's own reader thread completes), and loads at once are
 * bounded ({@link DatabaseLoads}), so a cache hit never waits behind a database read. Across instances each instance loads a key at
 * most once per run and TTL, which bounds the database fan-in by the number of
 * instances, so no cross-instance lock is taken (see the notes).
 */
public class RankingCache {

    /** A page and the key it belongs under (the key of the run the database actually returned). */
    public record Keyed(String key, CachedPage page) {
    }

    private final Cache<String, CachedPage> near;
    private final RedisPageStore redis;
    private final CacheProperties properties;
    // a load's page, or the NoSuchPage exception it answered with: a value to Caffeine, which logs every
    // load whose future fails as a WARN with its stack trace
    private final AsyncCache<String, Loaded> flights = Caffeine.newBuilder().buildAsync();
    private final DatabaseLoads loads;

    private final Counter nearHits;
    private final Counter nearMisses;
    private final Counter redisHits;
    private final Counter redisMisses;
    private final Counter databaseLoads;
    private final Counter coalesced;

    /**
     * @param redis the Redis tier, or null when it is disabled
     * @param loads the database-load bulkhead: loads at once, and waiting for their turn; refuses when full
     */
    RankingCache(CacheProperties properties, RedisPageStore redis, DatabaseLoads loads,
            MeterRegistry meters) {
        this.properties = properties;
        this.redis = redis;
        this.loads = loads;
        this.near = properties.near().enabled() ? nearCache(properties) : null;
        this.nearHits = lookups(meters, "near", "hit");
        this.nearMisses = lookups(meters, "near", "miss");
        this.redisHits = lookups(meters, "redis", "hit");
        this.redisMisses = lookups(meters, "redis", "miss");
        this.databaseLoads = lookups(meters, "db", "load");
        this.coalesced = Counter.builder("salesrank.cache.coalesced")
                .description("Misses that waited for a concurrent load of the same key instead of loading again")
                .register(meters);
    }

    private static Counter lookups(MeterRegistry meters, String tier, String result) {
        return Counter.builder("salesrank.cache.lookups")
                .description("Cache lookups per tier (near, redis) and database loads (db)")
                .tag("tier", tier).tag("result", result).register(meters);
    }

    private Cache<String, CachedPage> nearCache(CacheProperties properties) {
        long ttlNanos = properties.near().ttl().toNanos();
        return Caffeine.newBuilder()
                .maximumSize(properties.near().maxEntries())
                .expireAfter(new Expiry<String, CachedPage>() {
                    @Override
                    public long expireAfterCreate(String key, CachedPage page, long now) {
                        return jittered(ttlNanos);
                    }

                    @Override
                    public long expireAfterUpdate(String key, CachedPage page, long now, long current) {
                        return jittered(ttlNanos);
                    }

                    @Override
                    public long expireAfterRead(String key, CachedPage page, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    /**
     * The page under {@code key}: from the near cache, else Redis, else {@code loader}, which starts
     * a database read and answers its future at once. A hit is answered at once (a completed
     * future); a miss never holds the caller's thread while the database reads. The loader's page is
     * stored under the key it names, which differs from {@code key} when the database was on another
     * run than expected.
     *
     * @throws DatabaseLoadsBusyException when the database-load bulkhead's queue is full
     */
    public CompletableFuture<CachedPage> get(String key, Supplier<CompletableFuture<Keyed>> loader) {
        return get(key, key, loader);
    }

    /**
     * As {@link #get(String, Supplier)}, but a page missing under {@code key} is looked up, and
     * loaded, under {@code missKey}: while a new run's pages load ahead, the previous run's
     * cached pages answer and a page it does not have comes from the new run.
     */
    public CompletableFuture<CachedPage> get(String key, String missKey, Supplier<CompletableFuture<Keyed>> loader) {
        CachedPage page = cached(key);
        if (page == null && !missKey.equals(key)) {
            page = cached(missKey);
        }
        return page != null ? CompletableFuture.completedFuture(page) : flight(missKey, loader);
    }

    private CachedPage cached(String key) {
        if (near != null) {
            CachedPage page = near.getIfPresent(key);
            if (page != null) {
                nearHits.increment();
                return page;
            }
            nearMisses.increment();
        }
        if (redis != null) {
            CachedPage page = redis.get(key);
            if (page != null) {
                redisHits.increment();
                if (near != null) {
                    near.put(key, page);
                }
                return page;
            }
            redisMisses.increment();
        }
        return null;
    }

    /**
     * The near cache's hottest keys first, by Caffeine's own ranking (its frequency sketch of recent
     * hits, which it keeps once the cache is half full; by recency of the last hit before that).
     */
    public List<String> hottestKeys(int limit) {
        if (near == null || limit <= 0) {
            return List.of();
        }
        near.cleanUp(); // apply the hits still buffered
        return near.policy().eviction().map(eviction -> List.copyOf(eviction.hottest(limit).keySet()))
                .orElse(List.of());
    }

    /**
     * The page under {@code key} if the near cache holds it (counted as a near hit), else null
     * without counting anything. Requests go through {@link #get} (the hit path included, see
     * ranking.CacheHitFastPath); this is what the near cache alone holds, for this package's tests.
     */
    CachedPage nearHit(String key) {
        if (near == null) {
            return null;
        }
        CachedPage page = near.getIfPresent(key);
        if (page != null) {
            nearHits.increment();
        }
        return page;
    }

    /** Loads past both tiers (the run, hence the key, is not known yet) and stores the result. */
    public CompletableFuture<CachedPage> load(String flightKey, Supplier<CompletableFuture<Keyed>> loader) {
        return flight(flightKey, loader);
    }

    /**
     * One database load per key at a time: Caffeine's async cache hands every caller that
     * arrives while a load of the key runs the same future, and drops the entry of a failed load
     * by itself; a finished load's entry is removed here, since the near cache and Redis keep the
     * page (under the key the loader named). Inside the mapping function the near cache is asked
     * once more: a load that finished between this caller's miss and now has filled it.
     */
    private CompletableFuture<CachedPage> flight(String key, Supplier<CompletableFuture<Keyed>> loader) {
        boolean[] started = {false};
        CompletableFuture<Loaded> flight = flights.get(key, (k, cacheExecutor) -> {
            started[0] = true;
            CachedPage filled = near == null ? null : near.getIfPresent(k);
            if (filled != null) {
                return CompletableFuture.completedFuture(new Loaded(filled, null));
            }
            return loadAndStore(loader).handle(Loaded::of);
        });
        if (!started[0]) {
            coalesced.increment();
        }
        // the caller's future completes after the flight is gone, so its next miss loads again
        return flight.whenComplete((loaded, failure) -> flights.asMap().remove(key, flight)).thenApply(Loaded::page);
    }

    /** A load's outcome: its page, or the exception saying there is no such page. */
    private record Loaded(CachedPage stored, RuntimeException noSuchPage) {

        /** @throws CompletionException the load's failure, unless it says there is no such page */
        static Loaded of(CachedPage page, Throwable failure) {
            if (failure == null) {
                return new Loaded(page, null);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof NoSuchPage && cause instanceof RuntimeException noSuchPage) {
                return new Loaded(null, noSuchPage);
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(cause);
        }

        /** @throws RuntimeException the load's {@link NoSuchPage} exception (wrapped, as a failed load's is) */
        CachedPage page() {
            if (noSuchPage != null) {
                throw noSuchPage;
            }
            return stored;
        }
    }


    /**
     * The page under {@code key} from either tier, else made by {@code compose} from other pages of
     * this cache (a server-rendered page made of API answers) and stored under the key it names.
     * Composing reads no database itself (the pages it is made of load through {@link #get}), so it
     * runs where those pages complete, not through the database-load bulkhead, and is not single-flighted:
     * two callers that miss at once both render the same bytes.
     */
    public CompletableFuture<CachedPage> compose(String key, Supplier<CompletableFuture<Keyed>> compose) {
        CachedPage page = cached(key);
        return page != null ? CompletableFuture.completedFuture(page) : compose.get().thenApply(this::store);
    }

    private CompletableFuture<CachedPage> loadAndStore(Supplier<CompletableFuture<Keyed>> loader) {
        return loads.submit(loader).thenApply(loaded -> {
            databaseLoads.increment();
            return store(loaded);
        });
    }

    private CachedPage store(Keyed loaded) {
        if (redis != null) {
            redis.put(loaded.key(), loaded.page(), jittered(properties.redis().ttl()));
        }
        if (near != null) {
            near.put(loaded.key(), loaded.page());
        }
        return loaded.page();
    }

    public String keyPrefix() {
        return properties.redis().keyPrefix();
    }

    private Duration jittered(Duration ttl) {
        return Duration.ofNanos(jittered(ttl.toNanos()));
    }

    private long jittered(long nanos) {
        double jitter = properties.ttlJitter();
        if (jitter == 0) {
            return nanos;
        }
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return (long) (nanos * factor);
    }
}
