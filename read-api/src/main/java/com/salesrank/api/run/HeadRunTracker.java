package com.salesrank.api.run;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.salesrank.api.cache.RememberedRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live head ranking and its K, read on {@link PublishedRunTracker}'s poll: the head's run id every
 * time, and the head run with its K in one statement only when it changed (K is one index dive per
 * category). The head's run is read from one database, not held to what every replica has: a page read
 * from a replica still on an older head is caught by RankingService (its run is not the one K was read for).
 */
final class HeadRunTracker {

    private static final Logger log = LoggerFactory.getLogger(HeadRunTracker.class);
    private static final long REMEMBER_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final LiveRunRepository repository;
    private final RememberedRuns remembered;
    private final AtomicReference<HeadRun> head = new AtomicReference<>();
    private volatile boolean headFailing;
    private String headRemembered; // poll thread only
    private long headRememberedAt; // poll thread only
    private boolean headPolled; // poll thread only

    HeadRunTracker(LiveRunRepository repository, RememberedRuns remembered) {
        this.repository = repository;
        this.remembered = remembered;
    }

    /** @return the live head ranking and its K as last read, or null (none published, or not read yet) */
    HeadRun current() {
        return head.get();
    }

    /** @return the live head run's id, or -1 when it is not known */
    long currentRunId() {
        HeadRun known = head.get();
        return known == null ? -1 : known.run().runId();
    }

    /** Reads the head and its K now: a read found a head run other than the one K was read for. */
    HeadRun refresh() {
        HeadRun read = repository.currentHead();
        head.set(read);
        return read;
    }

    /** @param full the live full run, to decide whether the head answers anything (shared in Redis) */
    void poll(PublishedRun full) {
        try {
            long headRunId = repository.currentHeadRunId();
            HeadRun known = head.get();
            if (headRunId < 0) {
                head.set(null);
            } else if (known == null || known.run().runId() != headRunId || known.remembered()) {
                HeadRun read = refresh();
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
                RememberedRuns.RememberedHead last = remembered.rememberedHead();
                if (last != null) {
                    head.set(new HeadRun(new PublishedRun(last.runId(), null, null, null), last.k()));
                }
            }
            return;
        }
        rememberHead(full);
    }

    /** Shares in Redis what answers pages within the head, as the full run's poll does for the full run. */
    private void rememberHead(PublishedRun full) {
        if (!headPolled) {
            // the first poll reads the head before the full run: nothing to compare it with yet
            headPolled = true;
            return;
        }
        HeadRun known = head.get();
        boolean answers = known != null && known.k() > 0 && known.newerThan(full);
        String value = answers ? known.run().runId() + ":" + known.k() : "none";
        long now = System.nanoTime();
        if (!value.equals(headRemembered) || now - headRememberedAt > REMEMBER_EVERY_NANOS) {
            remembered.rememberHead(answers ? known.run().runId() : -1, answers ? known.k() : 0);
            headRemembered = value;
            headRememberedAt = now;
        }
    }
}
