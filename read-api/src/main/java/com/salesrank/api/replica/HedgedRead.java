package com.salesrank.api.replica;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One read through the {@link ReplicaRouter}: tries the replicas in the given order, then the primary
 * if it may take the read ({@link ReplicaRouter#primaryIfEligible}), and waits for the first answer,
 * at most the read deadline:
 * <ul>
 * <li>the first query runs on the calling thread (no hand-off to another thread and back, which
 *     costs a loaded tier more than the query); {@link HedgeTimer} sends its hedge, and the hedge's
 *     answer, or the deadline, aborts the first query's connection ({@link BorrowedConnection}). When the first
 *     database has no free place for it, or after the first query failed, the read goes on on the
 *     databases' own threads;</li>
 * <li>an attempt that fails for the database's sake (down, no free thread) moves the read to the
 *     next candidate at once;</li>
 * <li>an attempt not answered after the hedge delay ({@link Hedging}) is joined by one on the
 *     next candidate (a hedged read, "The Tail at Scale"), if the hedge budget allows, else as soon
 *     as it does; the first answer wins and the other attempt, if it has not started, does not run;</li>
 * <li>a query error (bad SQL) ends the read with that error, as before.</li>
 * </ul>
 * Resilience4j's TimeLimiter and Bulkhead each bound one call; choosing the next database on a
 * failure, starting a second call while the first goes on and taking the first answer is this
 * class's job (Resilience4j has no hedging).
 */
final class HedgedRead<T> implements HedgeTimer.Watched {

    private final ReplicaRouter router;
    private final List<DatabaseNode> candidates;
    private final Function<JdbcClient, T> query;
    private final LinkedBlockingQueue<Attempt<T>> outcomes = new LinkedBlockingQueue<>();
    private volatile boolean answered;
    private int next;
    private boolean primaryTried;
    // shared with the hedge timer's thread while the first query runs on the calling thread
    private volatile long hedgeAt;
    private long deadline;
    private long hedgeRetry;
    private boolean callerRunning;
    private volatile boolean hedgeSent;
    private DatabaseNode first;
    private BorrowedConnection borrowed;

    HedgedRead(ReplicaRouter router, List<DatabaseNode> candidates, Function<JdbcClient, T> query) {
        this.router = router;
        this.candidates = candidates;
        this.query = query;
    }

    T run() {
        ReadTimeouts timeouts = router.timeouts();
        long now = System.nanoTime();
        deadline = now + timeouts.deadline().toNanos();
        long hedgeAfter = router.hedging().delayNanos();
        hedgeRetry = Math.max(TimeUnit.MILLISECONDS.toNanos(1), hedgeAfter / 5);
        int inFlight = 0;
        RuntimeException lastFailure = null;
        try {
            DatabaseNode node = nextInRotation();
            if (node == null) {
                throw router.unavailable(null, false);
            }
            if (node.tryCallerRead()) {
                Attempt<T> outcome = runOnCallingThread(node, hedgeAfter);
                if (outcome.ok()) {
                    router.answeredBy(node);
                    return outcome.value();
                }
                if (outcome.kind() == FailureKind.OTHER) {
                    throw outcome.failure();
                }
                if (!borrowed.aborted()) {
                    lastFailure = outcome.failure();
                    router.movedOff(node);
                }
                if (hedgeSent) {
                    inFlight++; // the hedge goes on: wait for it, and hedge no more
                }
            } else {
                router.movedOff(node); // every place on it taken: the next database, on its own threads
            }
            while (true) {
                if (inFlight == 0) {
                    if (System.nanoTime() - deadline >= 0) {
                        throw router.unavailable(lastFailure, true);
                    }
                    node = nextInRotation();
                    if (node == null) {
                        throw router.unavailable(lastFailure, false);
                    }
                    if (launch(node, false)) {
                        inFlight++;
                        first = node;
                        hedgeSent = false;
                        hedgeAt = System.nanoTime() + hedgeAfter;
                    } else {
                        router.movedOff(node);
                    }
                    continue;
                }
                now = System.nanoTime();
                boolean mayHedge = !hedgeSent && hasNextInRotation();
                long until = mayHedge && hedgeAt - deadline < 0 ? hedgeAt : deadline;
                Attempt<T> outcome = outcomes.poll(Math.max(0, until - now), TimeUnit.NANOSECONDS);
                if (outcome == null) {
                    now = System.nanoTime();
                    if (now - deadline >= 0) {
                        throw router.unavailable(lastFailure, true);
                    }
                    if (mayHedge && sendHedge(now)) {
                        inFlight++;
                    }
                    continue;
                }
                inFlight--;
                if (outcome.ok()) {
                    router.answeredBy(outcome.node());
                    return outcome.value();
                }
                if (outcome.kind() == FailureKind.OTHER) {
                    throw outcome.failure();
                }
                if (outcome.failure() != null) {
                    lastFailure = outcome.failure();
                }
                router.movedOff(outcome.node());
                if (inFlight > 0 && hedgeSent) {
                    hedgeSent = false; // the hedge failed while the first still waits: hedge once more, now
                    hedgeAt = System.nanoTime();
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw router.unavailable(lastFailure, false);
        } finally {
            answered = true; // attempts still queued are skipped; running ones end on their own
        }
    }

    /** The first query, on this thread; the hedge timer may hedge it meanwhile. */
    private Attempt<T> runOnCallingThread(DatabaseNode node, long hedgeAfter) {
        first = node;
        borrowed = new BorrowedConnection();
        hedgeAt = System.nanoTime() + hedgeAfter;
        synchronized (this) {
            callerRunning = true;
        }
        router.hedgeTimer().watch(this);
        try {
            return router.attempt(node, query, borrowed);
        } finally {
            node.endCallerRead();
            router.hedgeTimer().unwatch(this);
            synchronized (this) {
                callerRunning = false; // from here on only this thread touches the read's state
            }
        }
    }

    @Override
    public long dueAt() {
        return hedgeSent ? deadline : hedgeAt;
    }

    /**
     * On the hedge timer's thread, while the first query runs on the caller's: sends the hedge when
     * due, and ends the query at the read's deadline whatever the driver's own timeouts are.
     */
    @Override
    public synchronized boolean due(long now) {
        if (!callerRunning) {
            return true;
        }
        if (now - deadline >= 0) {
            borrowed.abort();
            return true;
        }
        if (!hedgeSent && now - hedgeAt >= 0 && hasNextInRotation()) {
            sendHedge(now);
        }
        return false;
    }

    /**
     * Sends the hedge if the budget allows and the next database has room (else tries again
     * shortly, or at once with the database after it).
     *
     * @return whether a hedge was sent
     */
    private boolean sendHedge(long now) {
        if (!router.tryHedge()) {
            hedgeAt = now + hedgeRetry; // budget spent or every place taken: try again shortly
            return false;
        }
        DatabaseNode node = nextInRotation();
        if (node != null && launch(node, true)) {
            hedgeSent = true;
            router.hedged(first);
            return true;
        }
        if (node != null) {
            router.movedOff(node);
            hedgeAt = now; // that one had no free thread: the next one, at once
        }
        return false;
    }

    private boolean launch(DatabaseNode node, boolean hedge) {
        CompletableFuture<Attempt<T>> attempt = router.start(node, query, hedge, () -> answered);
        if (attempt == null) {
            return false;
        }
        BorrowedConnection outrun = hedge ? borrowed : null;
        attempt.whenComplete((outcome, failure) -> {
            outcomes.add(outcome != null ? outcome
                    : Attempt.failed(node, new IllegalStateException("read not run on " + node, failure),
                            FailureKind.BUSY));
            if (outrun != null && outcome != null && outcome.ok()) {
                outrun.abort(); // the first query, if it still runs on the caller's thread, is not waited for
            }
        });
        return true;
    }

    /**
     * The next replica still in rotation (one may have left it since the read began), then the
     * primary if it may take the read now; null when none is left.
     */
    private DatabaseNode nextInRotation() {
        while (next < candidates.size()) {
            DatabaseNode node = candidates.get(next++);
            if (node.isUp()) {
                return node;
            }
        }
        if (!primaryTried) {
            primaryTried = true;
            return router.primaryIfEligible();
        }
        return null;
    }

    private boolean hasNextInRotation() {
        for (int i = next; i < candidates.size(); i++) {
            if (candidates.get(i).isUp()) {
                return true;
            }
        }
        return !primaryTried && router.primaryIfEligible() != null;
    }
}
