package com.salesrank.api.replica;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Chooses the database each read runs on: a healthy replica, round-robin, and
 * the primary only when no replica is in rotation, or as the hedge of a single replica (if allowed).
 *
 * <p>The caller hands over the whole query and the router runs it on the node
 * it picked, so the choice is explicit and made before any connection is taken.
 * (An {@code AbstractRoutingDataSource} keyed on a read-only transaction flag
 * can be asked for its connection before the flag is set and then silently
 * sends everything to its default target, the primary.)
 *
 * <p>A database that stops answering without closing its connections (frozen, stalled, paused)
 * or answers slowly costs a read milliseconds, not the query timeout (docs/latency-budget.md):
 * <ul>
 * <li>each read runs on its database's own threads ({@link DatabaseNode#submit}) and is answered
 *     or failed within {@link ReadTimeouts#deadline}; nothing waits on it ({@link #readAsync}: the
 *     answer completes the caller's future on the thread that read it); a database whose threads and
 *     queue are all taken is skipped at once;</li>
 * <li>a read not answered after the tier's recent p99 is also sent to the next database (a hedged
 *     read), the first answer wins; {@link Hedging} says when, and bounds how many;</li>
 * <li>a database leaves the rotation when a query on it fails for a connectivity reason (the
 *     driver's socket timeout included), or when its breaker sees half its recent reads slow; a
 *     probe that answers within {@link ReadTimeouts#slowRead} brings it back.</li>
 * </ul>
 */
public class ReplicaRouter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaRouter.class);

    private final List<DatabaseNode> replicas;
    private final DatabaseNode primary;
    private final boolean primaryFallback;
    private final ReadTimeouts timeouts;
    private final Hedging hedging;
    private final Clock clock;
    private final AtomicInteger cursor = new AtomicInteger();
    private final ScheduledThreadPoolExecutor timer;

    private final Counter fallbacks;
    private final Counter timedOut;
    private final List<Counter> failovers;
    private final List<Counter> replicaReads;
    private final Map<DatabaseNode, Counter> hedged = new LinkedHashMap<>();
    private final Counter primaryReads;

    public ReplicaRouter(List<DatabaseNode> replicas, DatabaseNode primary, boolean primaryFallback,
            ReadTimeouts timeouts, Clock clock, MeterRegistry meters) {
        if (replicas.isEmpty() && (primary == null || !primaryFallback)) {
            throw new IllegalArgumentException("no replica and no primary fallback: nothing to read from");
        }
        this.replicas = List.copyOf(replicas);
        this.primary = primary;
        this.primaryFallback = primaryFallback;
        this.timeouts = timeouts;
        this.hedging = new Hedging(timeouts, meters);
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "salesrank-db-read-timer");
            thread.setDaemon(true);
            return thread;
        });
        // a read answered before its hedge is due cancels its wake-up: drop it from the queue at once
        this.timer.setRemoveOnCancelPolicy(true);
        this.fallbacks = Counter.builder("salesrank.db.fallbacks")
                .description("Reads sent to the primary: no replica was in rotation, or none answered in time")
                .register(meters);
        this.timedOut = Counter.builder("salesrank.db.deadline.exceeded")
                .description("Reads that no database answered within salesrank.database.query-timeout")
                .register(meters);
        this.failovers = new ArrayList<>();
        this.replicaReads = new ArrayList<>();
        for (DatabaseNode node : this.replicas) {
            failovers.add(Counter.builder("salesrank.db.failovers")
                    .description("Reads moved off a replica that failed or had no free thread"
                            + " (to the next replica or the primary)")
                    .tag("node", node.name()).register(meters));
            replicaReads.add(reads(meters, node));
        }
        this.primaryReads = primary == null ? null : reads(meters, primary);
        for (DatabaseNode node : nodes()) {
            Gauge.builder("salesrank.db.node.up", node, n -> n.isUp() ? 1 : 0)
                    .description("1 while the database is in rotation")
                    .tag("node", node.name()).tag("role", node.role().name().toLowerCase())
                    .register(meters);
            hedged.put(node, Counter.builder("salesrank.db.hedged")
                    .description("Reads also sent to another database because this one had not answered"
                            + " after salesrank.database.hedge-after")
                    .tag("node", node.name()).register(meters));
            node.slowReads().getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    CircuitBreaker.Metrics metrics = node.slowReads().getMetrics();
                    takeOutOfRotation(node, String.format(
                            "slow: %.0f %% of its last %d reads took over %d ms, %.0f %% failed",
                            metrics.getSlowCallRate(), metrics.getNumberOfBufferedCalls(),
                            timeouts.slowRead().toMillis(), Math.max(0, metrics.getFailureRate())));
                }
            });
        }
    }

    private static Counter reads(MeterRegistry meters, DatabaseNode node) {
        return Counter.builder("salesrank.db.reads")
                .description("Queries answered, per database (the answer a read used)")
                .tag("node", node.name()).tag("role", node.role().name().toLowerCase())
                .register(meters);
    }

    /**
     * Runs {@code query} on a replica in rotation, moving to the next one when
     * a replica fails for a connectivity reason or has no free thread, hedging to the next one when
     * it has not answered after {@link ReadTimeouts#hedgeAfter}, and on the primary when no replica
     * is left (if allowed). Returns or throws within {@link ReadTimeouts#deadline}.
     *
     * @throws DatabaseUnavailableException when no database answered (in time)
     * @throws DataAccessException when the query itself failed (not the database's health)
     */
    public <T> T read(Function<JdbcClient, T> query) {
        return await(readAsync(query));
    }

    /**
     * Waits for a {@link #readAsync} (which always ends by its deadline) and throws what it failed
     * with as it is, not wrapped.
     */
    public static <T> T await(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
    }

    /**
     * As {@link #read}, without holding the calling thread: the future completes on the thread of the
     * database that answered (what the caller chains on it runs there), or fails with
     * {@link DatabaseUnavailableException} or the query's own {@link DataAccessException}, within
     * {@link ReadTimeouts#deadline}.
     */
    public <T> CompletableFuture<T> readAsync(Function<JdbcClient, T> query) {
        List<DatabaseNode> candidates = new ArrayList<>(replicas.size() + 1);
        int count = replicas.size();
        if (count > 0) {
            int start = Math.floorMod(cursor.getAndIncrement(), count);
            for (int i = 0; i < count; i++) {
                candidates.add(replicas.get((start + i) % count));
            }
        }
        hedging.readStarted();
        return new HedgedRead<>(this, candidates, query).start();
    }

    /**
     * Whether a read may go to the primary now: when no replica is in rotation, and, where only one
     * replica is configured, as its hedge too (the primary is the only other copy). With two or more
     * replicas the replicas hedge each other and the primary, which takes the writes, stays out.
     */
    DatabaseNode primaryIfEligible() {
        if (primary == null || !primaryFallback || !primary.isUp()) {
            return null;
        }
        if (replicas.size() <= 1) {
            return primary;
        }
        for (DatabaseNode replica : replicas) {
            if (replica.isUp()) {
                return null;
            }
        }
        return primary;
    }

    ReadTimeouts timeouts() {
        return timeouts;
    }

    Hedging hedging() {
        return hedging;
    }

    /**
     * Starts {@code query} on {@code node}'s threads. The attempt reports its own outcome to the
     * node's health (rotation, slow-read breaker) when it ends, whether or not a reader still waits.
     *
     * @param hedge    whether this attempt holds a hedge permit, handed back when it ends
     * @param answered true once the read has its answer: an attempt still queued then does not run
     * @return the attempt, or null when the node has no free thread (its queue is full)
     */
    <T> CompletableFuture<Attempt<T>> start(DatabaseNode node, Function<JdbcClient, T> query, boolean hedge,
            java.util.function.BooleanSupplier answered) {
        if (node.role() == DatabaseNode.Role.PRIMARY) {
            fallbacks.increment();
        }
        try {
            return node.submit(() -> {
                try {
                    return answered.getAsBoolean() ? Attempt.<T>skipped(node) : attempt(node, query);
                } finally {
                    if (hedge) {
                        hedging.hedgeEnded();
                    }
                }
            });
        } catch (BulkheadFullException full) {
            if (hedge) {
                hedging.hedgeEnded();
            }
            return null;
        }
    }

    private <T> Attempt<T> attempt(DatabaseNode node, Function<JdbcClient, T> query) {
        long started = System.nanoTime();
        try {
            T value = query.apply(node.jdbc());
            long took = System.nanoTime() - started;
            node.slowReads().onSuccess(took, TimeUnit.NANOSECONDS);
            hedging.answered(took);
            return Attempt.answered(node, value);
        } catch (DataAccessException failure) {
            FailureKind kind = FailureKind.of(failure);
            if (kind != FailureKind.OTHER) {
                // no connection within the pool wait counts too: the database did not serve in time
                node.slowReads().onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, failure);
            }
            if (kind == FailureKind.NODE_DOWN) {
                takeOutOfRotation(node, failure);
            }
            return Attempt.failed(node, failure, kind);
        } catch (RuntimeException failure) {
            return Attempt.failed(node, failure, FailureKind.OTHER);
        }
    }

    boolean tryHedge() {
        return hedging.tryHedge();
    }

    /** A hedge taken from the budget was not sent after all: its place in flight is free again. */
    void hedgeNotSent() {
        hedging.hedgeEnded();
    }

    /** Runs {@code wakeUp} on the router's timer thread after {@code nanos}: a read's hedge and deadline. */
    ScheduledFuture<?> wakeUp(Runnable wakeUp, long nanos) {
        return timer.schedule(wakeUp, nanos, TimeUnit.NANOSECONDS);
    }

    void hedged(DatabaseNode slow) {
        hedged.get(slow).increment();
    }

    void answeredBy(DatabaseNode node) {
        if (node.role() == DatabaseNode.Role.PRIMARY) {
            primaryReads.increment();
        } else {
            replicaReads.get(replicas.indexOf(node)).increment();
        }
    }

    void movedOff(DatabaseNode node) {
        if (node.role() == DatabaseNode.Role.REPLICA) {
            failovers.get(replicas.indexOf(node)).increment();
        }
    }

    DatabaseUnavailableException unavailable(RuntimeException lastFailure, boolean deadlineExceeded) {
        if (deadlineExceeded) {
            timedOut.increment();
            return new DatabaseUnavailableException("no database answered within "
                    + timeouts.deadline().toMillis() + " ms", lastFailure);
        }
        return new DatabaseUnavailableException(unavailableMessage(), lastFailure);
    }

    /**
     * Runs {@code query} on every reachable replica at once, in rotation or held out
     * for lagging behind (to see whether it has caught up), and waits for them up to the read
     * deadline. A replica that fails for a connectivity reason is taken out of rotation and left
     * out of the answer, and so is one that does not answer in time.
     *
     * @return each answering replica's result, in configuration order (empty: no replica answered)
     * @throws DataAccessException when the query itself failed (not the database's health)
     */
    public <T> Map<DatabaseNode, T> readEachReplica(Function<JdbcClient, T> query) {
        Map<DatabaseNode, CompletableFuture<Attempt<T>>> started = new LinkedHashMap<>();
        for (DatabaseNode node : replicas) {
            if (!node.isReachable()) {
                continue;
            }
            CompletableFuture<Attempt<T>> attempt = start(node, query, false, () -> false);
            if (attempt == null) {
                movedOff(node);
            } else {
                started.put(node, attempt);
            }
        }
        long deadline = System.nanoTime() + timeouts.deadline().toNanos();
        Map<DatabaseNode, T> results = new LinkedHashMap<>();
        for (var entry : started.entrySet()) {
            Attempt<T> attempt = outcomeBy(entry.getValue(), deadline);
            if (attempt == null) {
                continue; // not in time: its own socket timeout takes it out of rotation if it is down
            }
            if (attempt.ok()) {
                results.put(entry.getKey(), attempt.value());
                answeredBy(entry.getKey());
            } else if (attempt.kind() == FailureKind.OTHER) {
                throw attempt.failure();
            } else {
                movedOff(entry.getKey());
            }
        }
        return results;
    }

    /**
     * Runs {@code query} on the primary whether or not it is in rotation or reads may fall back to it:
     * for comparing the replicas with it (the ops page's replica lag), never for answering readers.
     *
     * @return the result, or null when there is no primary or it failed for a connectivity reason or
     *         did not answer within the read deadline
     */
    public <T> T readPrimaryForComparison(Function<JdbcClient, T> query) {
        if (primary == null) {
            return null;
        }
        CompletableFuture<Attempt<T>> started;
        try {
            started = primary.submit(() -> attempt(primary, query));
        } catch (BulkheadFullException full) {
            return null;
        }
        Attempt<T> attempt = outcomeBy(started, System.nanoTime() + timeouts.deadline().toNanos());
        if (attempt == null) {
            return null;
        }
        if (attempt.kind() == FailureKind.OTHER) {
            throw attempt.failure();
        }
        return attempt.ok() ? attempt.value() : null;
    }

    /** The attempt's outcome, or null if it has not ended by {@code deadline} (System.nanoTime()). */
    private static <T> Attempt<T> outcomeBy(CompletableFuture<Attempt<T>> attempt, long deadline) {
        try {
            return attempt.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null; // an attempt reports its failures as an outcome; this is the executor's own
        }
    }

    /** Takes a reachable replica out of rotation because it lags behind the others. */
    public void holdOutLagging(DatabaseNode node, String cause) {
        if (node.holdOut(clock.instant(), cause)) {
            log.warn("replica {} taken out of rotation: {}", node, cause);
        }
    }

    /** Puts a replica held out for lagging back into rotation (it has caught up). */
    public void releaseCaughtUp(DatabaseNode node) {
        DatabaseNode.Outage ended = node.release();
        if (ended != null) {
            log.info("replica {} caught up, back in rotation after {} s", node,
                    Duration.between(ended.since(), clock.instant()).toSeconds());
        }
    }

    private String unavailableMessage() {
        if (primary != null && primaryFallback) {
            return "no database can answer: every replica and the primary are out of rotation";
        }
        return "no database can answer: every replica is out of rotation (primary fallback is off)";
    }

    private void takeOutOfRotation(DatabaseNode node, Throwable failure) {
        takeOutOfRotation(node, describe(failure));
    }

    private void takeOutOfRotation(DatabaseNode node, String cause) {
        if (node.markDown(clock.instant(), cause)) {
            log.warn("{} {} taken out of rotation: {}", node.role().name().toLowerCase(), node, cause);
        }
    }

    /**
     * Probes every node out of rotation once, on its own threads; the ones that answer within
     * {@link ReadTimeouts#slowRead} come back (a slow database stays out).
     */
    public void probeDownNodes() {
        List<DatabaseNode> down = new ArrayList<>();
        List<CompletableFuture<Boolean>> probes = new ArrayList<>();
        for (DatabaseNode node : nodes()) {
            if (node.isReachable()) {
                continue; // in rotation, or held out for lag: the run tracker decides when it is back
            }
            try {
                probes.add(node.submit(node::probe));
                down.add(node);
            } catch (BulkheadFullException full) {
                // its threads are all still waiting on it: not back yet
            }
        }
        long deadline = System.nanoTime() + timeouts.slowRead().toNanos();
        for (int i = 0; i < down.size(); i++) {
            DatabaseNode node = down.get(i);
            boolean answered;
            try {
                answered = probes.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                answered = false;
            }
            if (answered) {
                // a clean slate: the slow reads that took it out say nothing about it now
                node.slowReads().reset();
                DatabaseNode.Outage ended = node.markUp();
                if (ended != null) {
                    Duration out = Duration.between(ended.since(), clock.instant());
                    log.info("{} {} back in rotation after {} s", node.role().name().toLowerCase(), node,
                            out.toSeconds());
                }
            }
        }
    }

    public List<DatabaseNode> replicas() {
        return replicas;
    }

    /** The primary, or null when none is configured. */
    public DatabaseNode primary() {
        return primary;
    }

    public boolean primaryFallback() {
        return primaryFallback;
    }

    List<DatabaseNode> nodes() {
        List<DatabaseNode> all = new ArrayList<>(replicas);
        if (primary != null) {
            all.add(primary);
        }
        return all;
    }

    /** One line: the exception type and message of the deepest cause that has one. */
    static String describe(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        String message = root.getMessage();
        if (message != null) {
            message = message.replace('\n', ' ').replace('\r', ' ');
            if (message.length() > 200) {
                message = message.substring(0, 200) + "...";
            }
        }
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (DatabaseNode node : nodes()) {
            try {
                node.close();
            } catch (Exception e) {
                log.debug("closing {}: {}", node, e.toString());
            }
        }
    }
}
