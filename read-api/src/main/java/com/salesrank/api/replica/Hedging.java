package com.salesrank.api.replica;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * When a read is hedged, and how many may be ("The Tail at Scale"): a read is hedged once it has
 * waited longer than the database tier's recent p99 of one read, kept between
 * {@link ReadTimeouts#minHedgeAfter} and {@link ReadTimeouts#hedgeAfter}, and only while the
 * hedge budget allows, so that a load spike, which slows every database alike, cannot turn into
 * more load:
 * <ul>
 * <li>the recent p99 is Micrometer's own sliding-window percentile of a Timer
 *     ({@code salesrank.db.read}), read again at most every {@link #REFRESH};</li>
 * <li>the budget: each read earns {@link ReadTimeouts#hedgeShare} of a hedge, up to
 *     {@link #BURST} hedges saved up, and each hedge spends one (gRPC's retry throttling does the
 *     same with retries); Resilience4j's RateLimiter counts permits per period of time, not per
 *     read, so it cannot keep hedges a share of the reads;</li>
 * <li>hedges in flight at once stay within {@link ReadTimeouts#maxHedges} (a Resilience4j
 *     Bulkhead used as a semaphore that never waits).</li>
 * </ul>
 */
final class Hedging {

    /** How often the hedge delay follows the timer's percentile. */
    static final Duration REFRESH = Duration.ofMillis(250);

    /**
     * Hedges that may be saved up: enough for every read that a database which just froze holds
     * (its reader threads and their queue) to be hedged at once.
     */
    static final int BURST = 32;

    private static final long TOKEN = 1_000_000L;

    private final Timer reads;
    private final long minDelay;
    private final long maxDelay;
    private final long earnedPerRead;
    private final Bulkhead inFlight;
    private final AtomicLong budget = new AtomicLong(BURST * TOKEN);
    private volatile long delay;
    private volatile long refreshedAt;

    Hedging(ReadTimeouts timeouts, MeterRegistry meters) {
        this.minDelay = timeouts.minHedgeAfter().toNanos();
        this.maxDelay = timeouts.hedgeAfter().toNanos();
        this.earnedPerRead = Math.round(timeouts.hedgeShare() * TOKEN);
        this.delay = maxDelay;
        this.refreshedAt = System.nanoTime();
        this.reads = Timer.builder("salesrank.db.read")
                .description("One query on one database, answered (the hedge delay follows its recent p99)")
                .publishPercentiles(0.99)
                .percentilePrecision(2)
                .distributionStatisticExpiry(Duration.ofSeconds(10))
                .distributionStatisticBufferLength(5)
                .register(meters);
        this.inFlight = Bulkhead.of("db-hedges", BulkheadConfig.custom()
                .maxConcurrentCalls(timeouts.maxHedges()).maxWaitDuration(Duration.ZERO).build());
    }

    /** A read begins: it earns its share of a hedge. */
    void readStarted() {
        if (budget.get() < BURST * TOKEN) {
            budget.accumulateAndGet(earnedPerRead, (saved, earned) -> Math.min(BURST * TOKEN, saved + earned));
        }
    }

    /** A query on one database answered after {@code nanos}. */
    void answered(long nanos) {
        reads.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** How long a read waits for its first database before it is hedged, in nanoseconds. */
    long delayNanos() {
        long now = System.nanoTime();
        if (now - refreshedAt >= REFRESH.toNanos()) {
            refreshedAt = now;
            delay = follow(p99());
        }
        return delay;
    }

    private long p99() {
        for (ValueAtPercentile value : reads.takeSnapshot().percentileValues()) {
            return (long) value.value(TimeUnit.NANOSECONDS);
        }
        return 0;
    }

    /** The recent p99 kept within the bounds; no recent read at all: the upper bound. */
    long follow(long p99) {
        if (p99 <= 0) {
            return maxDelay;
        }
        return Math.max(minDelay, Math.min(maxDelay, p99));
    }

    /** Takes a hedge from the budget and a place in flight; false when either is spent. */
    boolean tryHedge() {
        long saved;
        do {
            saved = budget.get();
            if (saved < TOKEN) {
                return false;
            }
        } while (!budget.compareAndSet(saved, saved - TOKEN));
        if (inFlight.tryAcquirePermission()) {
            return true;
        }
        budget.addAndGet(TOKEN); // no place in flight: the hedge was not sent
        return false;
    }

    /** A hedge ended (answered, failed or skipped): its place in flight is free again. */
    void hedgeEnded() {
        inFlight.onComplete();
    }
}
