package com.salesrank.api.cache;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisTemplate;

/**
 * The Redis tier. Every command goes through the circuit breaker and the
 * connection's tight command timeout; a failure is logged as one line, counted,
 * and reported as "not cached" so the caller falls through to the database.
 * Nothing here throws.
 */
public class RedisPageStore {

    private static final Logger log = LoggerFactory.getLogger(RedisPageStore.class);

    private final RedisTemplate<String, byte[]> redis;
    private final CircuitBreaker breaker;
    private final Counter errors;
    private final Counter skipped;

    public RedisPageStore(RedisTemplate<String, byte[]> redis, CircuitBreaker breaker, MeterRegistry meters) {
        this.redis = redis;
        this.breaker = breaker;
        this.errors = Counter.builder("salesrank.cache.redis.errors")
                .description("Redis commands that failed or timed out").register(meters);
        this.skipped = Counter.builder("salesrank.cache.redis.skipped")
                .description("Redis commands not attempted because the circuit breaker was open").register(meters);
        Gauge.builder("salesrank.cache.redis.breaker.open", breaker, b -> b.state() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .description("1 while the Redis circuit breaker is open or half-open").register(meters);
    }

    /** @return the cached page, or null on a miss or when Redis cannot answer */
    CachedPage get(String key) {
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            skipped.increment();
            return null;
        }
        byte[] value;
        try {
            value = redis.opsForValue().get(key);
        } catch (RuntimeException failure) {
            failed("GET", failure, permit);
            return null;
        }
        breaker.onSuccess(permit);
        return CachedPage.decode(value);
    }

    void put(String key, CachedPage page, Duration ttl) {
        put(key, page.encode(), ttl);
    }

    void put(String key, byte[] value, Duration ttl) {
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            skipped.increment();
            return;
        }
        try {
            redis.opsForValue().set(key, value, ttl);
        } catch (RuntimeException failure) {
            failed("SET", failure, permit);
            return;
        }
        breaker.onSuccess(permit);
    }

    /** A raw GET for small values (the current run id); null on a miss or failure. */
    byte[] getRaw(String key) {
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            skipped.increment();
            return null;
        }
        try {
            byte[] value = redis.opsForValue().get(key);
            breaker.onSuccess(permit);
            return value;
        } catch (RuntimeException failure) {
            failed("GET", failure, permit);
            return null;
        }
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    private void failed(String command, RuntimeException failure, CircuitBreaker.Permit permit) {
        errors.increment();
        String cause = describe(failure);
        log.warn("redis {} failed, answering from the database: {}", command, cause);
        breaker.onFailure(permit, cause);
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.replace('\n', ' '));
    }
}
