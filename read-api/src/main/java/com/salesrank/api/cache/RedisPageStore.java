package com.salesrank.api.cache;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
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
    private final RedisBreaker breaker;
    private final Counter errors;
    private final Counter skipped;

    RedisPageStore(RedisTemplate<String, byte[]> redis, RedisBreaker breaker, MeterRegistry meters) {
        this.redis = redis;
        this.breaker = breaker;
        this.errors = Counter.builder("salesrank.cache.redis.errors")
                .description("Redis commands that failed or timed out").register(meters);
        this.skipped = Counter.builder("salesrank.cache.redis.skipped")
                .description("Redis commands not attempted because the circuit breaker was open").register(meters);
    }

    /** @return the cached page, or null on a miss or when Redis cannot answer */
    CachedPage get(String key) {
        return CachedPage.decode(getRaw(key));
    }

    void put(String key, CachedPage page, Duration ttl) {
        put(key, page.encode(), ttl);
    }

    void put(String key, byte[] value, Duration ttl) {
        call("SET", () -> {
            redis.opsForValue().set(key, value, ttl);
            return null;
        });
    }

    /** A raw GET (a page's bytes, or a small value such as the current run id); null on a miss or failure. */
    byte[] getRaw(String key) {
        return call("GET", () -> redis.opsForValue().get(key));
    }

    private <T> T call(String command, Supplier<T> redisCommand) {
        RedisBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            skipped.increment();
            return null;
        }
        boolean reported = false;
        try {
            T value = redisCommand.get();
            reported = true;
            breaker.onSuccess(permit);
            return value;
        } catch (RuntimeException failure) {
            errors.increment();
            String cause = describe(failure);
            log.warn("redis {} failed, answering from the database: {}", command, cause);
            reported = true;
            breaker.onFailure(permit, failure, cause);
            return null;
        } finally {
            if (!reported) {
                breaker.onFailure(permit, new IllegalStateException("redis " + command + " did not complete"), "");
            }
        }
    }

    RedisBreaker breaker() {
        return breaker;
    }

    /** One line: the type and message of the deepest cause. */
    static String describe(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.replace('\n', ' '));
    }
}
