package com.salesrank.api.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The two cache tiers in front of the database. Every field can be set from
 * the environment, e.g. SALESRANK_CACHE_NEAR_ENABLED=false,
 * SALESRANK_CACHE_REDIS_TTL=30m. The Redis address and command timeout are
 * Spring Boot's spring.data.redis.url / .timeout (application.yml maps
 * SALESRANK_REDIS_URL and SALESRANK_REDIS_TIMEOUT onto them).
 *
 * @param near            the in-process Caffeine tier
 * @param redis           the shared Redis tier
 * @param ttlJitter       each entry's TTL is scaled by a random factor in [1 - jitter, 1 + jitter]
 * @param runPollInterval how often the latest published run id is read from the database; a new
 *                        publish is served at most this long (plus replication lag) after it lands
 * @param loads           the bulkhead database loads run in
 * @param refreshAhead    what happens when a new run is published
 */
@ConfigurationProperties("salesrank.cache")
public record CacheProperties(
        @DefaultValue Near near,
        @DefaultValue Redis redis,
        @DefaultValue("0.1") double ttlJitter,
        @DefaultValue("1s") Duration runPollInterval,
        @DefaultValue Loads loads,
        @DefaultValue RefreshAhead refreshAhead) {

    public CacheProperties {
        if (ttlJitter < 0 || ttlJitter >= 1) {
            throw new IllegalArgumentException("salesrank.cache.ttl-jitter must be in [0, 1), got " + ttlJitter);
        }
    }

    /**
     * @param enabled    off: every request goes to Redis (used by the benchmark's Redis phase)
     * @param ttl        how long an entry lives; entries are immutable (keyed by run), so this only bounds memory
     * @param maxEntries size bound of the near cache
     */
    public record Near(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5s") Duration ttl,
            @DefaultValue("20000") long maxEntries) {
    }

    /**
     * @param enabled             off: misses of the near cache go to the database
     * @param ttl                 entry lifetime; a little over the hourly publish cadence, since the next
     *                            publish makes every key of this run unreachable anyway
     * @param keyPrefix           prefix of every key; bump the version when the value format changes
     * @param failureThreshold    consecutive Redis failures that open the circuit breaker
     * @param openDuration        how long the breaker stays open before one trial command
     */
    public record Redis(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("65m") Duration ttl,
            @DefaultValue("salesrank:v1") String keyPrefix,
            @DefaultValue("5") int failureThreshold,
            @DefaultValue("5s") Duration openDuration) {
    }

    /**
     * Cache misses load from the database without holding the request thread, or any thread while
     * the database reads ({@link DatabaseLoads}), so a cache hit never waits behind a database read.
     *
     * @param concurrency loads reading at once; more than a database's reader threads
     *                    (salesrank.database.pool-size) only makes them wait in its queue, where the
     *                    wait counts against the hedge delay
     * @param queue       loads waiting for their turn; past that a miss is answered 503 with Retry-After
     */
    public record Loads(
            @DefaultValue("8") int concurrency,
            @DefaultValue("256") int queue) {

        public Loads {
            if (concurrency < 1 || queue < 1) {
                throw new IllegalArgumentException("salesrank.cache.loads.concurrency and .queue must be at least 1");
            }
        }
    }

    /**
     * When a new run is published, the previous run's cached pages keep answering for at most
     * {@code grace} while the new run's pages for the {@code keys} hottest queries (by recent
     * near-cache hits) load in the background, then the new run goes live: without it every
     * cached page goes stale at once and all of them miss together. A client that already holds
     * an ETag of the new run gets the new run meanwhile.
     *
     * @param grace how long the previous run may answer at most; 0 switches at once
     * @param keys  how many of the hottest queries to load ahead
     */
    public record RefreshAhead(
            @DefaultValue("5s") Duration grace,
            @DefaultValue("1000") int keys) {

        public RefreshAhead {
            if (grace.isNegative() || keys < 0) {
                throw new IllegalArgumentException("salesrank.cache.refresh-ahead.grace and .keys must not be negative");
            }
        }
    }
}
