package com.salesrank.api.replica;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One read through the {@link ReplicaRouter}: tries the replicas in the given order, then the primary
 * if it may take the read ({@link ReplicaRouter#primaryIfEligible}), each on its own
 * database's threads, and waits for the first answer, at most the read deadline:
 * <ul>
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
final class HedgedRead<T> {

    private final ReplicaRouter router;
    private final List<DatabaseNode> candidates;
    private final Function<JdbcClient, T> query;
    private final LinkedBlockingQueue<Attempt<T>> outcomes = new LinkedBlockingQueue<>();
    private volatile boolean answered;
    private int next;
    private boolean primaryTried;

    HedgedRead(ReplicaRouter router, List<DatabaseNode> candidates, Function<JdbcClient, T> query) {
        this.router = router;
        this.candidates = candidates;
        this.query = query;
    }

    T run() {
        ReadTimeouts timeouts = router.timeouts();
        long now = System.nanoTime();
        long deadline = now + timeouts.deadline().toNanos();
        long hedgeAfter = router.hedging().delayNanos();
        long hedgeRetry = Math.max(TimeUnit.MILLISECONDS.toNanos(1), hedgeAfter / 5);
        long hedgeAt = 0;
        int inFlight = 0;
        boolean hedgeSent = false;
        DatabaseNode first = null;
        RuntimeException lastFailure = null;
        try {
            while (true) {
                if (inFlight == 0) {
                    DatabaseNode node = nextInRotation();
                    if (node == null) {
                        throw router.unavailable(lastFailure, false);
                    }
                    if (launch(node, false)) {
                        inFlight++;
                        first = node;
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
                    if (mayHedge) {
                        if (!router.tryHedge()) {
                            hedgeAt = now + hedgeRetry; // budget spent or every place taken: try again shortly
                            continue;
                        }
                        DatabaseNode node = nextInRotation();
                        if (node != null && launch(node, true)) {
                            hedgeSent = true;
                            inFlight++;
                            router.hedged(first);
                        } else if (node != null) {
                            router.movedOff(node);
                            hedgeAt = now; // that one had no free thread: the next one, at once
                        }
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

    private boolean launch(DatabaseNode node, boolean hedge) {
        CompletableFuture<Attempt<T>> attempt = router.start(node, query, hedge, () -> answered);
        if (attempt == null) {
            return false;
        }
        attempt.whenComplete((outcome, failure) -> outcomes.add(outcome != null ? outcome
                : Attempt.failed(node, new IllegalStateException("read not run on " + node, failure),
                        FailureKind.BUSY)));
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
