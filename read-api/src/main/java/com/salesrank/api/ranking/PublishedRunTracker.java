package com.salesrank.api.ranking;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.salesrank.api.cache.CacheProperties;
import com.salesrank.api.cache.RankingCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Knows which run is live, so a request can build its cache key (which
 * carries the run id) without touching the database. A background poll reads
 * the one-row sales_rank_run every {@code salesrank.cache.run-poll-interval}
 * (1 s): one tiny query per second per instance, however many requests, and a
 * new publish is keyed, hence served, within that interval (plus replication
 * lag). A cache miss that finds a newer run in the database moves it forward
 * at once. When no database answers, the run id another instance last saw is
 * taken from Redis, so cached pages can still be served.
 *
 * <p>It tracks the head ranking alongside ({@link #currentHead()}): the same poll reads the head's
 * run id, and when it changed, the head run with its K in one statement (K is one index dive per
 * category, so it is read once per head run, not every second).
 */
@Component
class PublishedRunTracker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PublishedRunTracker.class);
    private static final long REMEMBER_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final RankingRepository repository;
    private final RankingCache cache;
    private final AtomicReference<PublishedRun> current = new AtomicReference<>();
    private final AtomicReference<HeadRun> head = new AtomicReference<>();
    private volatile boolean headFailing;
    private String headRemembered; // poll thread only
    private long headRememberedAt; // poll thread only
    private boolean headPolled; // poll thread only
    private final ScheduledFuture<?> polling;
    private volatile long rememberedRunId = -1;
    private volatile boolean failing;
    private long rememberedAt; // poll thread only
    private long rememberedFor = -1; // poll thread only

    PublishedRunTracker(RankingRepository repository, RankingCache cache, CacheProperties properties,
            ScheduledExecutorService maintenanceScheduler) {
        this.repository = repository;
        this.cache = cache;
        long every = Math.max(50, properties.runPollInterval().toMillis());
        this.polling = maintenanceScheduler.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    }

    /** @return the live run id, or -1 when it is not known (nothing published, or no database reached yet) */
    long currentRunId() {
        PublishedRun run = current.get();
        return run != null ? run.runId() : rememberedRunId;
    }

    /** @return the live run as last read, or null */
    PublishedRun current() {
        return current.get();
    }

    /** A read found {@code run} in the database: if it is newer than what we know, it is live now. */
    void observe(PublishedRun run) {
        current.accumulateAndGet(run, (known, seen) -> known == null || seen.runId() > known.runId() ? seen : known);
    }

    /** @return the live head ranking and its K as last read, or null (none published, or not read yet) */
    HeadRun currentHead() {
        return head.get();
    }

    /** Reads the head and its K now: a read found a head run other than the one K was read for. */
    HeadRun refreshHead() {
        HeadRun read = repository.currentHead();
        head.set(read);
        return read;
    }

    void pollHead() {
        try {
            long headRunId = repository.currentHeadRunId();
            HeadRun known = head.get();
            if (headRunId < 0) {
                head.set(null);
            } else if (known == null || known.run().runId() != headRunId || known.remembered()) {
                HeadRun read = refreshHead();
                if (read != null) {
                    log.info("live head run {} (window {} to {}, K {})", read.run().runId(),
                            read.run().windowStart(), read.run().windowEnd(), read.k());
                }
            }
            headFailing = false;
        } catch (RuntimeException failure) {
            // keep the head we know; pages keep being keyed on it, as for the full ranking
            if (!headFailing) {
                headFailing = true;
                log.warn("cannot read the live head run ({})", failure.getMessage());
            }
            if (head.get() == null) {
                RankingCache.RememberedHead remembered = cache.rememberedHead();
                if (remembered != null) {
                    head.set(new HeadRun(new PublishedRun(remembered.runId(), null, null, null), remembered.k()));
                }
            }
            return;
        }
        rememberHead();
    }

    /** Shares in Redis what answers pages within the head, as {@link #poll} does for the full run. */
    private void rememberHead() {
        if (!headPolled) {
            // the first poll reads the head before the full run: nothing to compare it with yet
            headPolled = true;
            return;
        }
        HeadRun known = head.get();
        boolean answers = known != null && known.k() > 0 && known.newerThan(current.get());
        String value = answers ? known.run().runId() + ":" + known.k() : "none";
        long now = System.nanoTime();
        if (!value.equals(headRemembered) || now - headRememberedAt > REMEMBER_EVERY_NANOS) {
            cache.rememberHead(answers ? known.run().runId() : -1, answers ? known.k() : 0);
            headRemembered = value;
            headRememberedAt = now;
        }
    }

    void poll() {
        pollHead();
        PublishedRun run;
        try {
            run = repository.currentRun();
        } catch (RuntimeException failure) {
            if (!failing) {
                failing = true;
                PublishedRun known = current.get();
                log.warn("cannot read the live run ({}); {}", failure.getMessage(),
                        known != null ? "keeping run " + known.runId() : "trying the run id remembered in Redis");
            }
            if (current.get() == null) {
                rememberedRunId = cache.rememberedCurrentRun();
            }
            return;
        }
        if (failing) {
            failing = false;
            log.info("reading the live run again");
        }
        PublishedRun previous = current.getAndSet(run);
        if (run == null) {
            if (previous != null) {
                log.warn("sales_rank_run is empty: no ranking is published");
            }
            return;
        }
        if (previous == null || previous.runId() != run.runId()) {
            log.info("live run {} (window {} to {}, published {})", run.runId(), run.windowStart(),
                    run.windowEnd(), run.publishedAt());
        }
        long now = System.nanoTime();
        if (rememberedFor != run.runId() || now - rememberedAt > REMEMBER_EVERY_NANOS) {
            cache.rememberCurrentRun(run.runId());
            rememberedFor = run.runId();
            rememberedAt = now;
        }
    }

    @Override
    public void close() {
        polling.cancel(false);
    }
}
