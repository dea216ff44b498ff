package com.salesrank.api.ranking;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.salesrank.api.cache.CacheProperties;
import com.salesrank.api.cache.RankingCache;
import com.salesrank.api.replica.DatabaseNode;
import com.salesrank.api.replica.DatabaseProperties;
import com.salesrank.api.replica.ReplicaRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>It tracks the head ranking alongside ({@link #currentHead()}): the same poll reads the head's
 * run id, and when it changed, the head run with its K in one statement (K is one index dive per
 * category, so it is read once per head run, not every second). The head's run is read from one
 * database, not held to what every replica has: a page read from a replica still on an older
 * head is caught by RankingService (its run is not the one K was read for).
 */
@Component
class PublishedRunTracker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PublishedRunTracker.class);
    private static final long REMEMBER_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final RankingRepository repository;
    private final RankingCache cache;
    private final ReplicaRouter router;
    private final LiveRunRule rule;
    private final long maxLagSeconds;
    private final AtomicReference<PublishedRun> current = new AtomicReference<>();
    /** A newer run than {@link #current} whose hottest pages are loading ahead; null otherwise. */
    private final AtomicReference<PublishedRun> pending = new AtomicReference<>();
    private final long refreshAheadMillis;
    private volatile LoadAhead loadAhead;
    private final AtomicReference<HeadRun> head = new AtomicReference<>();
    private volatile boolean headFailing;
    private String headRemembered; // poll thread only
    private long headRememberedAt; // poll thread only
    private boolean headPolled; // poll thread only
    private final ScheduledFuture<?> polling;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean pollRequested = new AtomicBoolean();
    private volatile long rememberedRunId = -1;
    private volatile boolean failing;
    private long rememberedAt; // poll thread only
    private long rememberedFor = -1; // poll thread only

    PublishedRunTracker(RankingRepository repository, RankingCache cache, ReplicaRouter router,
            CacheProperties properties, DatabaseProperties database, ScheduledExecutorService maintenanceScheduler) {
        this.repository = repository;
        this.cache = cache;
        this.router = router;
        this.rule = new LiveRunRule(database.maxReplicaLag().toNanos());
        this.maxLagSeconds = database.maxReplicaLag().toSeconds();
        this.refreshAheadMillis = properties.refreshAhead().grace().toMillis();
        this.scheduler = maintenanceScheduler;
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

    /** Loads a new run's hottest pages ahead of it going live. */
    interface LoadAhead {
        /** @return done when the pages are loaded (or given up on) */
        CompletableFuture<?> load(long previousRunId, PublishedRun next);
    }

    void loadAheadWith(LoadAhead loader) {
        this.loadAhead = loader;
    }

    /**
     * The full run whose cached pages answer a request that sent {@code ifNoneMatch}: the live run,
     * or, while a newer run loads ahead, that newer run for a client whose If-None-Match already
     * names it (or a later run), so a client never goes back from the new run to the old one.
     * Null when no run is known.
     */
    PublishedRun servingFor(String ifNoneMatch) {
        PublishedRun waiting = pending.get();
        if (waiting != null && ifNoneMatch != null && PageKeys.newestRunNamed(ifNoneMatch) >= waiting.runId()) {
            return waiting;
        }
        return current.get();
    }

    /** The full run a cache miss loads for: the run loading ahead, if any, else the live one (or null). */
    PublishedRun loadingRun() {
        PublishedRun waiting = pending.get();
        return waiting != null ? waiting : current.get();
    }

    /** The newest run known: the one loading ahead, else the live one (-1: none). */
    long newestRunId() {
        PublishedRun waiting = pending.get();
        return waiting != null ? waiting.runId() : currentRunId();
    }

    /**
     * A read found {@code runId} in a database: if it is newer than the live
     * run, poll now rather than at the next interval, so a new publish goes
     * live as soon as every replica in rotation has it (meanwhile each miss of
     * the old run's keys goes to the database).
     */
    void newerRunSeen(long runId) {
        if (runId > newestRunId() && pollRequested.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    pollRequested.set(false);
                    poll();
                });
            } catch (RejectedExecutionException shuttingDown) {
                pollRequested.set(false);
            }
        }
    }

    /** @return the live head ranking and its K as last read, or null (none published, or not read yet) */
    HeadRun currentHead() {
        return head.get();
    }

    /** @return the live head run's id, or -1 when it is not known */
    long currentHeadRunId() {
        HeadRun known = head.get();
        return known == null ? -1 : known.run().runId();
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

    // synchronized: the periodic poll and a requested one may run on two scheduler threads
    synchronized void poll() {
        pollHead();
        PublishedRun run;
        try {
            run = liveRunFromTheDatabases();
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
            cache.rememberCurrentRun(live.runId());
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
            }, refreshAheadMillis, TimeUnit.MILLISECONDS);
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

    /**
     * The newest run every replica in rotation has, holding out (or letting
     * back) replicas by their lag; the primary's run when no replica answers.
     *
     * @return the run, or null when there is none to move to
     */
    private PublishedRun liveRunFromTheDatabases() {
        Map<DatabaseNode, Optional<PublishedRun>> onReplicas = repository.currentRunOnEachReplica();
        if (onReplicas.isEmpty()) {
            return repository.currentRun();
        }
        Map<String, Long> runIds = new HashMap<>();
        Map<Long, PublishedRun> runs = new HashMap<>();
        for (Map.Entry<DatabaseNode, Optional<PublishedRun>> replica : onReplicas.entrySet()) {
            long runId = replica.getValue().map(PublishedRun::runId).orElse(-1L);
            runIds.put(replica.getKey().name(), runId);
            replica.getValue().ifPresent(run -> runs.put(run.runId(), run));
        }
        PublishedRun known = current.get();
        LiveRunRule.Verdict verdict = rule.decide(known == null ? -1 : known.runId(), runIds, System.nanoTime());
        long newest = runIds.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        for (DatabaseNode replica : onReplicas.keySet()) {
            if (verdict.lagging().contains(replica.name())) {
                router.holdOutLagging(replica, "serves run " + runIds.get(replica.name()) + " while run " + newest
                        + " has been on another replica for over " + maxLagSeconds + " s");
            } else {
                router.releaseCaughtUp(replica);
            }
        }
        if (known != null && verdict.liveRunId() == known.runId()) {
            return known;
        }
        return runs.get(verdict.liveRunId());
    }

    @Override
    public void close() {
        polling.cancel(false);
    }
}
