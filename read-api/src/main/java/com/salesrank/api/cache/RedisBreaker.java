package com.salesrank.api.cache;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resilience4j's circuit breaker in front of Redis, configured as the cache needs it: OPEN after
 * {@code failureThreshold} consecutive failures (a count window of that size, all failed), no
 * command for {@code openDuration}, then HALF_OPEN with one trial command whose outcome closes or
 * reopens it.
 *
 * <p>It adds one rule Resilience4j does not have: an outcome counts only if the breaker has not
 * changed state since the call was let through. Resilience4j's half-open state counts every
 * outcome reported while it is half-open, so a straggler of the failing burst (let through while
 * CLOSED, finishing after the breaker opened and half-opened) would close it although Redis is
 * still down (RedisBreakerTest shows both). Every permit is reported exactly once (RedisPageStore
 * reports in a finally), so the trial cannot wedge the half-open state.
 */
final class RedisBreaker {

    /** Leave to make one Redis command; hand it back with the command's outcome. */
    record Permit(long transitionsSeen, long startedNanos, boolean trial) {
    }

    private static final Logger log = LoggerFactory.getLogger(RedisBreaker.class);

    private final CircuitBreaker breaker;
    private final AtomicLong transitions = new AtomicLong();
    private volatile String lastFailure = "";

    RedisBreaker(CircuitBreaker breaker) {
        this.breaker = breaker;
        // events are published in the thread that made the transition, before it asks for its permit
        breaker.getEventPublisher().onStateTransition(event -> {
            transitions.incrementAndGet();
            switch (event.getStateTransition().getToState()) {
                case OPEN -> log.warn("{}: circuit open ({}), no commands for a while: {}", breaker.getName(),
                        event.getStateTransition(), lastFailure);
                case CLOSED -> log.info("{}: circuit closed, calls resume", breaker.getName());
                default -> log.debug("{}: {}", breaker.getName(), event.getStateTransition());
            }
        });
    }

    /** The breaker's settings for {@code redis}; {@code clock} drives the open interval. */
    static CircuitBreakerConfig config(CacheProperties.Redis redis, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindow(redis.failureThreshold(), redis.failureThreshold(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(redis.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
    }

    /** @return a permit to send the command now, or null when the breaker refuses it */
    Permit tryAcquire() {
        if (!breaker.tryAcquirePermission()) {
            return null;
        }
        // read after the permission: a caller that made the transition has seen its own event
        return new Permit(transitions.get(), System.nanoTime(),
                breaker.getState() == CircuitBreaker.State.HALF_OPEN);
    }

    void onSuccess(Permit permit) {
        if (permit.transitionsSeen() == transitions.get()) {
            breaker.onSuccess(System.nanoTime() - permit.startedNanos(), TimeUnit.NANOSECONDS);
        } else {
            dropped(permit);
        }
    }

    void onFailure(Permit permit, Throwable failure, String description) {
        if (permit.transitionsSeen() == transitions.get()) {
            lastFailure = description;
            breaker.onError(System.nanoTime() - permit.startedNanos(), TimeUnit.NANOSECONDS, failure);
        } else {
            dropped(permit);
        }
    }

    // A permit of an earlier state proves nothing about now; a half-open one is handed back unused.
    private void dropped(Permit permit) {
        if (permit.trial()) {
            breaker.releasePermission();
        }
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }
}
