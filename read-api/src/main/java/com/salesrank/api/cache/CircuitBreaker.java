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
 * <p>{@link #tryAcquire} hands out a {@link Permit}, and an outcome counts
 * only if its permit belongs to the breaker's current state: a call let
 * through while CLOSED that finishes after the breaker opened (a straggler of
 * the failing burst), or a trial that was given up on, proves nothing about
 * now and can neither close nor open the breaker.
 *
 * <p>Written here instead of taking Resilience4j: this is all the cache needs
 * (no sliding windows, bulkheads or retry), it costs one volatile read on the
 * hot path, and a test drives its clock directly.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** Leave to make one call; hand it back with the call's outcome. */
    public static final class Permit {
        private final boolean trial;

        private Permit(boolean trial) {
            this.trial = trial;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

    private final String name;
    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;

    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile State state = State.CLOSED;
    // The permit every caller shares while CLOSED; a new one each time the breaker closes, null otherwise.
    private volatile Permit closedPermit = new Permit(false);
    private Permit trial; // guarded by this; the HALF_OPEN trial's permit
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

    /**
     * @return a permit to try the protected call now (its outcome must then be
     *         reported with it), or null when the call must not be tried
     */
    public Permit tryAcquire() {
        Permit closed = closedPermit;
        if (closed != null) {
            return closed;
        }
        synchronized (this) {
            if (closedPermit != null) {
                return closedPermit;
            }
            long now = nanoClock.getAsLong();
            if (now - openedAt >= openNanos) {
                // OPEN long enough, or a HALF_OPEN trial went silent: this caller is the (new) trial
                state = State.HALF_OPEN;
                openedAt = now;
                trial = new Permit(true);
                return trial;
            }
            return null;
        }
    }

    /** Records a success of the call {@code permit} let through. */
    public void onSuccess(Permit permit) {
        if (permit == closedPermit) {
            if (consecutiveFailures.get() != 0) {
                consecutiveFailures.set(0);
            }
            return;
        }
        if (permit.trial) {
            synchronized (this) {
                if (permit == trial) {
                    trial = null;
                    consecutiveFailures.set(0);
                    closedPermit = new Permit(false);
                    state = State.CLOSED;
                    log.info("{}: circuit closed, calls resume", name);
                }
            }
        }
    }

    /**
     * Records a failure of the call {@code permit} let through; {@code cause}
     * is logged (one line) when it opens the circuit.
     */
    public void onFailure(Permit permit, String cause) {
        if (permit == closedPermit) {
            int failures = consecutiveFailures.incrementAndGet();
            if (failures >= failureThreshold) {
                synchronized (this) {
                    if (permit == closedPermit) {
                        open(failures + " consecutive failures", cause);
                    }
                }
            }
            return;
        }
        if (permit.trial) {
            synchronized (this) {
                if (permit == trial) {
                    open("trial call failed", cause);
                }
            }
        }
    }

    // guarded by this
    private void open(String why, String cause) {
        closedPermit = null;
        trial = null;
        state = State.OPEN;
        openedAt = nanoClock.getAsLong();
        log.warn("{}: circuit open for {} ms ({}): {}", name, openNanos / 1_000_000, why, cause);
    }

    public State state() {
        return state;
    }
}
