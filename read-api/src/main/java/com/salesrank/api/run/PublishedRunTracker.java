package com.salesrank.api.run;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.salesrank.api.cache.CacheProperties;
import com.salesrank.api.cache.RememberedRuns;
import com.salesrank.api.replica.DatabaseProperties;
import com.salesrank.api.replica.ReplicaRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Knows which run is live, so a request can build its cache key (which
 * carries the run id) without touching the database. A background poll reads
 * the one-row sales_rank_run on every replica every
 * {@code salesrank.cache.run-poll-interval} (1 s): one tiny query per replica
 * per second per instance, however many requests. The live run only moves
 * forward, and only to a run every replica in rotation has
 * ({@link LiveRunRule}); a replica that lags too long leaves the rotation. So
 * a new publish is keyed, hence served, within the poll interval plus the
 * slowest replica's lag. With no replica answering, the primary's run is taken
 * (if the fallback is on); with no database at all, the run id another
 * instance last saw is taken from Redis, so cached pages can still be served.
 *
 * <p>Which run every replica agrees on is {@link LiveRunAgreement}'s; the same poll reads the head
 * ranking ({@link HeadRunTracker}). What this class keeps is the live full run's lifecycle: the run
 * loading ahead ({@link #servingFor}), the grace before it goes live, and what is remembered in Redis.
 */
@Component
public class PublishedRunTracker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PublishedRunTracker.class);
    private static final long REMEMBER_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final RememberedRuns remembered;
    private final HeadRunTracker head;
    private final LiveRunAgreement agreement;
    private final AtomicReference<PublishedRun> current = new AtomicReference<>();
    /** A newer run than {@link #current} whose hottest pages are loading ahead; null otherwise. */
    private final AtomicReference<PublishedRun> pending = new AtomicReference<>();
    private final long refreshAheadMillis;
    private volatile LoadAhead loadAhead;
    private final ScheduledFuture<?> polling;
    private final TaskScheduler scheduler;
    private final AtomicBoolean pollRequested = new AtomicBoolean();
    private volatile long rememberedRunId = -1;
    private volatile boolean failing;
    private long rememberedAt; // poll thread only
    private long rememberedFor = -1; // poll thread only

    PublishedRunTracker(LiveRunRepository repository, RememberedRuns remembered, ReplicaRouter router,
            CacheProperties properties, DatabaseProperties database, TaskScheduler maintenanceScheduler) {
        this.remembered = remembered;
        this.head = new HeadRunTracker(repository, remembered);
        this.agreement = new LiveRunAgreement(repository, router, new LiveRunRule(database.maxReplicaLag().toNanos()),
                database.maxReplicaLag().toSeconds());
        this.refreshAheadMillis = properties.refreshAhead().grace().toMillis();
        this.scheduler = maintenanceScheduler;
        long every = Math.max(50, properties.runPollInterval().toMillis());
        this.polling = maintenanceScheduler.scheduleWithFixedDelay(this::poll, Duration.ofMillis(every));
    }

    /** @return the live run id, or -1 when it is not known (nothing published, or no database reached yet) */
    public long currentRunId() {
        PublishedRun run = current.get();
        return run != null ? run.runId() : rememberedRunId;
    }

    /** @return the live run as last read, or null */
    PublishedRun current() {
        return current.get();
    }

    /** Loads a new run's hottest pages ahead of it going live. */
    public interface LoadAhead {
        /** @return done when the pages are loaded (or given up on) */
        CompletableFuture<?> load(long previousRunId, PublishedRun next);
    }

    public void loadAheadWith(LoadAhead loader) {
        this.loadAhead = loader;
    }

    /**
     * The full run whose cached pages answer a request that sent {@code ifNoneMatch}: the live run,
     * or, while a newer run loads ahead, that newer run for a client whose If-None-Match already
     * names it (or a later run), so a client never goes back from the new run to the old one.
     * Null when no run is known.
     */
    public PublishedRun servingFor(String ifNoneMatch) {
        PublishedRun waiting = pending.get();
        if (waiting != null && ifNoneMatch != null && PageKeys.newestRunNamed(ifNoneMatch) >= waiting.runId()) {
            return waiting;
        }
        return current.get();
    }

    /** The full run a cache miss loads for: the run loading ahead, if any, else the live one (or null). */
    public PublishedRun loadingRun() {
        PublishedRun waiting = pending.get();
        return waiting != null ? waiting : current.get();
    }

    /** The newest run known: the one loading ahead, else the live one (-1: none). */
    public long newestRunId() {
        PublishedRun waiting = pending.get();
        return waiting != null ? waiting.runId() : currentRunId();
    }

    /**
     * A read found {@code runId} in a database: if it is newer than the live
     * run, poll now rather than at the next interval, so a new publish goes
     * live as soon as every replica in rotation has it (meanwhile each miss of
     * the old run's keys goes to the database).
     */
    public void newerRunSeen(long runId) {
        if (runId > newestRunId() && pollRequested.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    pollRequested.set(false);
                    poll();
                }, Instant.now());
            } catch (RejectedExecutionException shuttingDown) {
                pollRequested.set(false);
            }
        }
    }

    /** @return the live head ranking and its K as last read, or null (none published, or not read yet) */
    public HeadRun currentHead() {
        return head.current();
    }

    /** @return the live head run's id, or -1 when it is not known */
    public long currentHeadRunId() {
        return head.currentRunId();
    }

    /** Reads the head and its K now: a read found a head run other than the one K was read for. */
    public HeadRun refreshHead() {
        return head.refresh();
    }

    // synchronized: the periodic poll and a requested one may run on two scheduler threads
    synchronized void poll() {
        head.poll(current.get());
        PublishedRun run;
        try {
            run = agreement.decide(current.get());
        } catch (RuntimeException failure) {
            if (!failing) {
                failing = true;
                PublishedRun known = current.get();
                log.warn("cannot read the live run ({}); {}", failure.getMessage(),
                        known != null ? "keeping run " + known.runId() : "trying the run id remembered in Redis");
            }
            if (current.get() == null) {
                rememberedRunId = remembered.rememberedCurrentRun();
            }
            return;
        }
        if (failing) {
            failing = false;
            log.info("reading the live run again");
        }
        if (run == null) {
            return; // nothing published (or nothing every replica has yet); a known run stays live
        }
        PublishedRun previous = current.get();
        LoadAhead loader = loadAhead;
        if (previous != null && run.runId() > previous.runId() && refreshAheadMillis > 0 && loader != null) {
            PublishedRun waiting = pending.get();
            if (waiting == null || run.runId() > waiting.runId()) {
                pending.set(run);
                loadAhead(loader, previous, run);
                if (waiting == null) {
                    goLiveAfterGrace();
                }
            }
            run = previous; // live until then
        }
        PublishedRun live = goLive(run);
        long now = System.nanoTime();
        if (rememberedFor != live.runId() || now - rememberedAt > REMEMBER_EVERY_NANOS) {
            remembered.rememberCurrentRun(live.runId());
            rememberedFor = live.runId();
            rememberedAt = now;
        }
    }

    /**
     * Refresh-ahead: the previous run's pages keep answering for the grace period
     * (salesrank.cache.refresh-ahead.grace) while the new run's hottest pages load in the
     * background; then the newest run seen meanwhile goes live, loaded or not. A fixed period
     * rather than "until loaded": every instance switches the same time after it saw the publish,
     * and runs that a lagging replica shows one after another cost one grace period, not one each.
     */
    private void loadAhead(LoadAhead loader, PublishedRun previous, PublishedRun next) {
        log.info("run {} published: run {} answers for at most {} ms more while the hottest pages of run {} load",
                next.runId(), previous.runId(), refreshAheadMillis, next.runId());
        try {
            loader.load(previous.runId(), next);
        } catch (RuntimeException failure) {
            log.warn("loading ahead for run {} failed: {}", next.runId(), failure.toString());
        }
    }

    private void goLiveAfterGrace() {
        try {
            scheduler.schedule(() -> {
                synchronized (this) {
                    PublishedRun next = pending.getAndSet(null);
                    if (next != null) {
                        goLive(next);
                    }
                }
            }, Instant.now().plusMillis(refreshAheadMillis));
        } catch (RejectedExecutionException shuttingDown) {
            pending.set(null);
        }
    }

    /** Makes {@code run} live unless a newer one is; logs a change. */
    private PublishedRun goLive(PublishedRun run) {
        PublishedRun previous = current.get();
        PublishedRun live = current.accumulateAndGet(run,
                (known, seen) -> known == null || seen.runId() > known.runId() ? seen : known);
        if (previous == null || previous.runId() != live.runId()) {
            log.info("live run {} (window {} to {}, published {})", live.runId(), live.windowStart(),
                    live.windowEnd(), live.publishedAt());
        }
        return live;
    }

    @Override
    public void close() {
        polling.cancel(false);
    }
}
