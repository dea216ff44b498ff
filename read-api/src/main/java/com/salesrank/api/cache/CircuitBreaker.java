package com.salesrank.api.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal circuit breaker: CLOSED until {@code failureThreshold} consecutive
 * failures, then OPEN (calls are refused without trying) for
 * {@code openDuration}, then HALF_OPEN: one trial call is let through; its
 * success closes the breaker, its failure opens it again. A trial that never
 * reports back does not wedge the breaker: after another {@code openDuration}
 * the next caller becomes the trial.
 *
 * <p>Written here instead of taking Resilience4j: this is all the cache needs
 * (no sliding windows, bulkheads or retry), it costs one volatile read on the
 * hot path, and a test drives its clock directly.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

    private final String name;
    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;

    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile State state = State.CLOSED;
    private long openedAt; // guarded by this; nanoClock time the breaker opened or the trial started

    public CircuitBreaker(String name, int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        this.name = name;
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
        this.nanoClock = nanoClock;
    }

    /** @return whether the caller may try the protected call now (and must then report its outcome) */
    public boolean tryAcquire() {
        if (state == State.CLOSED) {
            return true;
        }
        synchronized (this) {
            if (state == State.CLOSED) {
                return true;
            }
            long now = nanoClock.getAsLong();
            if (now - openedAt >= openNanos) {
                // OPEN long enough, or a HALF_OPEN trial went silent: this caller is the trial
                state = State.HALF_OPEN;
                openedAt = now;
                return true;
            }
            return false;
        }
    }

    /**
     * Records a success. Only the half-open trial's success closes the
     * breaker: a call that was already under way when it opened (a straggler
     * of the same burst) proves nothing about now.
     */
    public void onSuccess() {
        State current = state;
        if (current == State.CLOSED) {
            if (consecutiveFailures.get() != 0) {
                consecutiveFailures.set(0);
            }
            return;
        }
        if (current == State.HALF_OPEN) {
            synchronized (this) {
                if (state == State.HALF_OPEN) {
                    consecutiveFailures.set(0);
                    state = State.CLOSED;
                    log.info("{}: circuit closed, calls resume", name);
                }
            }
        }
    }

    /** Records a failure; {@code cause} is logged (one line) when it opens the circuit. */
    public void onFailure(String cause) {
        int failures = consecutiveFailures.incrementAndGet();
        State current = state;
        if (current == State.HALF_OPEN || (current == State.CLOSED && failures >= failureThreshold)) {
            synchronized (this) {
                if (state == State.OPEN) {
                    return;
                }
                boolean wasTrial = state == State.HALF_OPEN;
                state = State.OPEN;
                openedAt = nanoClock.getAsLong();
                log.warn("{}: circuit open for {} ms ({}): {}", name, openNanos / 1_000_000,
                        wasTrial ? "trial call failed" : failures + " consecutive failures", cause);
            }
        }
    }

    public State state() {
        return state;
    }
}
