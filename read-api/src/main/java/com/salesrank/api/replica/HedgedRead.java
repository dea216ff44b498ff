package com.salesrank.api.replica;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One read through the {@link ReplicaRouter}: tries the replicas in the given order, then the primary
 * if it may take the read ({@link ReplicaRouter#primaryIfEligible}), each on its own
 * database's threads, and completes with the first answer, at the latest at the read deadline:
 * <ul>
 * <li>an attempt that fails for the database's sake (down, no free place) moves the read to the
 *     next candidate at once;</li>
 * <li>an attempt not answered after the hedge delay ({@link Hedging}) is joined by one on the
 *     next candidate (a hedged read, "The Tail at Scale"), if the hedge budget allows, else as soon
 *     as it does; the first answer wins and the other attempt, if it has not started, does not run;</li>
 * <li>a query error (bad SQL) ends the read with that error.</li>
 * </ul>
 * Nothing waits: the read's future completes on the thread of the attempt that answered (so what the
 * caller chains on it, the page's bytes and its response, runs there, without a hand-off to another
 * thread and back), and the router's timer thread sends the hedge and ends the read at its deadline.
 * Attempts' outcomes and the timer arrive on different threads; they are queued and handled one at a
 * time by whichever thread finds none being handled (so no lock is held while the caller's chain runs).
 * Resilience4j's TimeLimiter and Bulkhead each bound one call; choosing the next database on a
 * failure, starting a second call while the first goes on and taking the first answer is this
 * class's job (Resilience4j has no hedging).
 */
final class HedgedRead<T> {

    private final ReplicaRouter router;
    private final List<DatabaseNode> candidates;
    private final Function<JdbcClient, T> query;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<Attempt<T>> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger events = new AtomicInteger();

    // from here on: touched only while handling events (one thread at a time, see signal())
    private final long deadline;
    private final long hedgeAfter;
    private final long hedgeRetry;
    private int next;
    private boolean primaryTried;
    private int inFlight;
    private boolean hedgeSent;
    private long hedgeAt;
    private DatabaseNode first;
    private RuntimeException lastFailure;
    private ScheduledFuture<?> timer;
    private long timerAt;
    private volatile boolean timerDue;
    private volatile boolean answered;

    HedgedRead(ReplicaRouter router, List<DatabaseNode> candidates, Function<JdbcClient, T> query) {
        this.router = router;
        this.candidates = candidates;
        this.query = query;
        ReadTimeouts timeouts = router.timeouts();
        this.deadline = System.nanoTime() + timeouts.deadline().toNanos();
        this.hedgeAfter = router.hedging().delayNanos();
        this.hedgeRetry = Math.max(TimeUnit.MILLISECONDS.toNanos(1), hedgeAfter / 5);
    }

    /** Starts the read; the future completes with its answer, or fails, by the read deadline. */
    CompletableFuture<T> start() {
        signal(null);
        return result;
    }

    /**
     * Queues an attempt's outcome (or, with null, a wake-up: the start, the timer) and handles the
     * queue unless another thread is handling it; that thread then handles this one too before it
     * lets go.
     */
    private void signal(Attempt<T> outcome) {
        if (outcome != null) {
            outcomes.add(outcome);
        }
        if (events.getAndIncrement() != 0) {
            return;
        }
        int handled = 1;
        do {
            try {
                handle();
            } catch (RuntimeException bug) {
                // never leave the read unanswered (nor this queue held): its caller would wait for nothing
                finish();
                result.completeExceptionally(bug);
            }
            handled = events.addAndGet(-handled);
        } while (handled != 0);
    }

    private void handle() {
        if (result.isDone()) {
            outcomes.clear(); // late outcomes of a read already answered: their own attempts reported them
            return;
        }
        Attempt<T> outcome;
        while ((outcome = outcomes.poll()) != null) {
            inFlight--;
            if (outcome.ok()) {
                router.answeredBy(outcome.node());
                finish();
                result.complete(outcome.value());
                return;
            }
            if (outcome.kind() == FailureKind.OTHER) {
                finish();
                result.completeExceptionally(outcome.failure());
                return;
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
        long now = System.nanoTime();
        if (now - deadline >= 0) {
            finish();
            result.completeExceptionally(router.unavailable(lastFailure, true));
            return;
        }
        if (inFlight == 0 && !launchFirst(now)) {
            return;
        }
        boolean mayHedge = !hedgeSent && hasNextInRotation();
        if (mayHedge && now - hedgeAt >= 0) {
            hedge(now);
            mayHedge = !hedgeSent && hasNextInRotation();
        }
        schedule(mayHedge && hedgeAt - deadline < 0 ? hedgeAt : deadline);
    }

    /** Starts the read on the next database in rotation; false when none is left (the read failed). */
    private boolean launchFirst(long now) {
        while (true) {
            DatabaseNode node = nextInRotation();
            if (node == null) {
                finish();
                result.completeExceptionally(router.unavailable(lastFailure, false));
                return false;
            }
            if (launch(node, false)) {
                inFlight++;
                first = node;
                hedgeSent = false;
                hedgeAt = now + hedgeAfter;
                return true;
            }
            router.movedOff(node);
        }
    }

    private void hedge(long now) {
        while (true) {
            if (!router.tryHedge()) {
                hedgeAt = now + hedgeRetry; // budget spent or every place taken: try again shortly
                return;
            }
            DatabaseNode node = nextInRotation();
            if (node == null) {
                router.hedgeNotSent(); // no database left to ask since the hedge was due
                return;
            }
            if (launch(node, true)) {
                hedgeSent = true;
                inFlight++;
                router.hedged(first);
                return;
            }
            router.movedOff(node); // that one had no free place: the next one, at once
        }
    }

    private boolean launch(DatabaseNode node, boolean hedge) {
        CompletableFuture<Attempt<T>> attempt = router.start(node, query, hedge, () -> answered);
        if (attempt == null) {
            return false;
        }
        attempt.whenComplete((outcome, failure) -> signal(outcome != null ? outcome
                : Attempt.failed(node, new IllegalStateException("read not run on " + node, failure),
                        FailureKind.BUSY)));
        return true;
    }

    /** Wakes this read at {@code at} (System.nanoTime()), unless a wake-up is already set for then. */
    private void schedule(long at) {
        if (timer != null) {
            if (timerAt == at && !timerDue) {
                return;
            }
            timer.cancel(false);
        }
        timerAt = at;
        timerDue = false;
        timer = router.wakeUp(() -> {
            timerDue = true;
            signal(null);
        }, Math.max(0, at - System.nanoTime()));
    }

    private void finish() {
        answered = true; // attempts still queued are skipped; running ones end on their own
        if (timer != null) {
            timer.cancel(false);
        }
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
