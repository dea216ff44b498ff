package com.salesrank.api.replica;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
 * the primary only when no replica is in rotation (if allowed).
 *
 * <p>The caller hands over the whole query and the router runs it on the node
 * it picked, so the choice is explicit and made before any connection is taken.
 * (An {@code AbstractRoutingDataSource} keyed on a read-only transaction flag
 * can be asked for its connection before the flag is set and then silently
 * sends everything to its default target, the primary.)
 */
public class ReplicaRouter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaRouter.class);

    private final List<DatabaseNode> replicas;
    private final DatabaseNode primary;
    private final boolean primaryFallback;
    private final Clock clock;
    private final AtomicInteger cursor = new AtomicInteger();

    private final Counter fallbacks;
    private final List<Counter> failovers;
    private final List<Counter> replicaReads;
    private final Counter primaryReads;

    public ReplicaRouter(List<DatabaseNode> replicas, DatabaseNode primary, boolean primaryFallback,
            Clock clock, MeterRegistry meters) {
        if (replicas.isEmpty() && (primary == null || !primaryFallback)) {
            throw new IllegalArgumentException("no replica and no primary fallback: nothing to read from");
        }
        this.replicas = List.copyOf(replicas);
        this.primary = primary;
        this.primaryFallback = primaryFallback;
        this.clock = clock;
        this.fallbacks = Counter.builder("salesrank.db.fallbacks")
                .description("Reads sent to the primary because no replica was in rotation")
                .register(meters);
        this.failovers = new ArrayList<>();
        this.replicaReads = new ArrayList<>();
        for (DatabaseNode node : this.replicas) {
            failovers.add(Counter.builder("salesrank.db.failovers")
                    .description("Reads moved off a replica that failed (to the next replica or the primary)")
                    .tag("node", node.name()).register(meters));
            replicaReads.add(reads(meters, node));
        }
        this.primaryReads = primary == null ? null : reads(meters, primary);
        for (DatabaseNode node : nodes()) {
            Gauge.builder("salesrank.db.node.up", node, n -> n.isUp() ? 1 : 0)
                    .description("1 while the database is in rotation")
                    .tag("node", node.name()).tag("role", node.role().name().toLowerCase())
                    .register(meters);
        }
    }

    private static Counter reads(MeterRegistry meters, DatabaseNode node) {
        return Counter.builder("salesrank.db.reads")
                .description("Queries answered, per database")
                .tag("node", node.name()).tag("role", node.role().name().toLowerCase())
                .register(meters);
    }

    /**
     * Runs {@code query} on a replica in rotation, moving to the next one when
     * a replica fails for a connectivity reason, and on the primary when none
     * is left (if allowed).
     *
     * @throws DatabaseUnavailableException when no database could answer
     * @throws DataAccessException when the query itself failed (not the database's health)
     */
    public <T> T read(Function<JdbcClient, T> query) {
        int count = replicas.size();
        RuntimeException lastFailure = null;
        if (count > 0) {
            int start = Math.floorMod(cursor.getAndIncrement(), count);
            for (int i = 0; i < count; i++) {
                int index = (start + i) % count;
                DatabaseNode node = replicas.get(index);
                if (!node.isUp()) {
                    continue;
                }
                try {
                    T result = query.apply(node.jdbc());
                    replicaReads.get(index).increment();
                    return result;
                } catch (DataAccessException failure) {
                    handleFailure(node, failure);
                    failovers.get(index).increment();
                    lastFailure = failure;
                }
            }
        }
        if (primary != null && primaryFallback && primary.isUp()) {
            fallbacks.increment();
            try {
                T result = query.apply(primary.jdbc());
                primaryReads.increment();
                return result;
            } catch (DataAccessException failure) {
                handleFailure(primary, failure);
                lastFailure = failure;
            }
        }
        throw new DatabaseUnavailableException(unavailableMessage(), lastFailure);
    }

    /**
     * Runs {@code query} on every reachable replica, in rotation or held out
     * for lagging behind (to see whether it has caught up). A replica that
     * fails for a connectivity reason is taken out of rotation and left out of
     * the answer.
     *
     * @return each answering replica's result, in configuration order (empty: no replica answered)
     * @throws DataAccessException when the query itself failed (not the database's health)
     */
    public <T> Map<DatabaseNode, T> readEachReplica(Function<JdbcClient, T> query) {
        Map<DatabaseNode, T> results = new LinkedHashMap<>();
        for (int index = 0; index < replicas.size(); index++) {
            DatabaseNode node = replicas.get(index);
            if (!node.isReachable()) {
                continue;
            }
            try {
                results.put(node, query.apply(node.jdbc()));
                replicaReads.get(index).increment();
            } catch (DataAccessException failure) {
                handleFailure(node, failure);
                failovers.get(index).increment();
            }
        }
        return results;
    }

    /**
     * Runs {@code query} on the primary whether or not it is in rotation or reads may fall back to it:
     * for comparing the replicas with it (the ops page's replica lag), never for answering readers.
     *
     * @return the result, or null when there is no primary or it failed for a connectivity reason
     */
    public <T> T readPrimaryForComparison(Function<JdbcClient, T> query) {
        if (primary == null) {
            return null;
        }
        try {
            return query.apply(primary.jdbc());
        } catch (DataAccessException failure) {
            handleFailure(primary, failure);
            return null;
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

    /** Rethrows the query's own error (not the node's health); takes a node that is down out of rotation. */
    private void handleFailure(DatabaseNode node, DataAccessException failure) {
        FailureKind kind = FailureKind.of(failure);
        if (kind == FailureKind.OTHER) {
            throw failure;
        }
        if (kind == FailureKind.NODE_DOWN) {
            takeOutOfRotation(node, failure);
        }
    }

    private String unavailableMessage() {
        if (primary != null && primaryFallback) {
            return "no database can answer: every replica and the primary are out of rotation";
        }
        return "no database can answer: every replica is out of rotation (primary fallback is off)";
    }

    private void takeOutOfRotation(DatabaseNode node, Throwable failure) {
        if (node.markDown(clock.instant(), describe(failure))) {
            log.warn("{} {} taken out of rotation: {}", node.role().name().toLowerCase(), node, describe(failure));
        }
    }

    /** Probes every node out of rotation once; the ones that answer come back. */
    public void probeDownNodes() {
        for (DatabaseNode node : nodes()) {
            if (node.isReachable()) {
                continue; // in rotation, or held out for lag: the run tracker decides when it is back
            }
            boolean answered;
            try {
                answered = node.probe();
            } catch (Exception e) {
                answered = false;
            }
            if (answered) {
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
        for (DatabaseNode node : nodes()) {
            try {
                node.close();
            } catch (Exception e) {
                log.debug("closing {}: {}", node, e.toString());
            }
        }
    }
}
