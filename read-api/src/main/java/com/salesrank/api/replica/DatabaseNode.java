package com.salesrank.api.replica;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One database the API can read from (a replica or the primary), with its own
 * connection pool, its own threads that read from it (a bulkhead: a database that stops
 * answering holds only these, never the threads of a read that moved on) and its place in
 * the rotation. A node goes out of rotation when a query on it fails for a connectivity
 * reason or too many of its recent reads were slow (its circuit breaker opened), and comes
 * back when a probe answers in time.
 */
public final class DatabaseNode implements AutoCloseable {

    public enum Role { REPLICA, PRIMARY }

    /** Why and since when a node is out of rotation; null while it is in. */
    record Outage(Instant since, String cause) {
    }

    private final String name;
    private final Role role;
    private final String location;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ThreadPoolBulkhead readers;
    private final CircuitBreaker slowReads;
    private final AtomicReference<Outage> outage = new AtomicReference<>();
    private final AtomicReference<Outage> lagging = new AtomicReference<>();

    /**
     * @param readers   the threads reads on this database run on (one per pooled connection)
     * @param slowReads counts this database's recent reads; only its verdict is used (see
     *                  {@link ReplicaRouter}): it opens when too many were slow or failed
     */
    DatabaseNode(String name, Role role, String location, DataSource dataSource, JdbcClient jdbc,
            ThreadPoolBulkhead readers, CircuitBreaker slowReads) {
        this.name = name;
        this.role = role;
        this.location = location;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.readers = readers;
        this.slowReads = slowReads;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    /** host:port/database, without credentials or driver options. */
    public String location() {
        return location;
    }

    /** In rotation: reachable and not held out for lagging behind. */
    public boolean isUp() {
        return outage.get() == null && lagging.get() == null;
    }

    /** Answers queries (it may still be held out of rotation for lagging behind). */
    boolean isReachable() {
        return outage.get() == null;
    }

    Outage outage() {
        return outage.get();
    }

    /** Why and since when the node is held out of rotation for lagging behind; null while it is not. */
    Outage lagging() {
        return lagging.get();
    }

    /** @return true if this call held the node out (it was not already) */
    boolean holdOut(Instant now, String cause) {
        return lagging.compareAndSet(null, new Outage(now, cause));
    }

    /** @return the hold that ended, or null if there was none */
    Outage release() {
        return lagging.getAndSet(null);
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    CircuitBreaker slowReads() {
        return slowReads;
    }

    /**
     * Runs {@code work} on this database's own threads.
     *
     * @throws BulkheadFullException when every one of them is taken and their queue is full (the
     *                               database is slow or frozen, or this instance reads it at capacity)
     */
    <T> CompletableFuture<T> submit(Callable<T> work) {
        return readers.submit(work).toCompletableFuture();
    }

    /**
     * Takes the node out of rotation. Its pooled connections are dropped too:
     * they point at a server that just failed, and would otherwise be handed
     * out (and fail) once the node is back.
     *
     * @return true if this call took the node out of rotation (it was in)
     */
    boolean markDown(Instant now, String cause) {
        boolean changed = outage.compareAndSet(null, new Outage(now, cause));
        if (changed && dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
        return changed;
    }

    /** @return the outage that ended, or null if the node was already in rotation. */
    Outage markUp() {
        return outage.getAndSet(null);
    }

    /**
     * A real round-trip on a pooled connection. A statement rather than
     * {@code Connection.isValid}: a dead pooled connection then fails with a
     * connection error, which makes HikariCP evict it, instead of quietly
     * answering false and going back to the pool to be handed out again.
     */
    boolean probe() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 1")) {
            return result.next();
        }
    }

    @Override
    public void close() throws Exception {
        readers.close();
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return name + "(" + location + ")";
    }
}
