package com.salesrank.api.replica;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedThreadPoolBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;

/**
 * One HikariCP pool, one set of reader threads and one slow-read breaker per replica and for the
 * primary, behind a {@link ReplicaRouter}. Every wait inside a read stays within the read's
 * deadline (salesrank.database.query-timeout): the pool checkout, the socket read, the connect.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaConfiguration {

    @Bean
    ReplicaRouter replicaRouter(DatabaseProperties properties, Clock clock, MeterRegistry meters,
            CircuitBreakerRegistry breakers) {
        ThreadPoolBulkheadRegistry readers = ThreadPoolBulkheadRegistry.ofDefaults();
        TaggedThreadPoolBulkheadMetrics.ofThreadPoolBulkheadRegistry(readers).bindTo(meters);
        List<DatabaseNode> replicas = new ArrayList<>();
        for (int i = 0; i < properties.replicaUrls().size(); i++) {
            replicas.add(node("replica-" + i, DatabaseNode.Role.REPLICA, properties.replicaUrls().get(i),
                    properties, meters, readers, breakers));
        }
        DatabaseNode primary = properties.primaryUrl() == null || properties.primaryUrl().isBlank()
                ? null
                : node("primary", DatabaseNode.Role.PRIMARY, properties.primaryUrl(), properties, meters, readers,
                        breakers);
        return new ReplicaRouter(replicas, primary, properties.primaryFallback(), ReadTimeouts.of(properties),
                clock, meters);
    }

    @Bean
    ReplicaProbeSchedule replicaProbeSchedule(ReplicaRouter router, DatabaseProperties properties,
            TaskScheduler maintenanceScheduler) {
        Duration every = Duration.ofMillis(Math.max(100, properties.probeInterval().toMillis()));
        ScheduledFuture<?> task = maintenanceScheduler.scheduleWithFixedDelay(
                router::probeDownNodes, Instant.now().plus(every), every);
        return new ReplicaProbeSchedule(task);
    }

    /** Cancels the probes on shutdown, before the pools close. */
    record ReplicaProbeSchedule(ScheduledFuture<?> task) implements AutoCloseable {
        @Override
        public void close() {
            task.cancel(false);
        }
    }

    private static DatabaseNode node(String name, DatabaseNode.Role role, String url, DatabaseProperties properties,
            MeterRegistry meters, ThreadPoolBulkheadRegistry readers, CircuitBreakerRegistry breakers) {
        HikariDataSource dataSource = dataSource(name, url, properties, meters);
        return new DatabaseNode(name, role, location(url), dataSource, JdbcClient.create(dataSource),
                readers.bulkhead("db-" + name, readers(properties)),
                breakers.circuitBreaker("db-" + name, slowReads(properties)));
    }

    /**
     * A database's own reader threads: one per pooled connection, so a read never waits for a
     * connection behind a thread that holds none, and a short queue for bursts (the cache's
     * database-load bulkhead sends no more loads at once than a database has threads, so the queue
     * holds hedges and bursts); past that a read skips the database at once (it is slow or frozen).
     */
    static ThreadPoolBulkheadConfig readers(DatabaseProperties properties) {
        return ThreadPoolBulkheadConfig.custom()
                .coreThreadPoolSize(properties.poolSize())
                .maxThreadPoolSize(properties.poolSize())
                .queueCapacity(properties.poolSize())
                .writableStackTraceEnabled(false)
                .build();
    }

    /**
     * Counts a database's last reads: it opens when half of the last 20 (at least 10) were slower
     * than salesrank.database.slow-read or failed, which takes the database out of rotation. Only
     * the verdict is used: it never refuses a call itself, and it stays open until a probe answers
     * in time and resets it (ReplicaRouter.probeDownNodes), so it needs no half-open timing.
     */
    static CircuitBreakerConfig slowReads(DatabaseProperties properties) {
        return CircuitBreakerConfig.custom()
                .slidingWindow(20, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slowCallDurationThreshold(properties.slowRead())
                .slowCallRateThreshold(50)
                .failureRateThreshold(50)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .waitDurationInOpenState(Duration.ofDays(1))
                .writableStackTraceEnabled(false)
                .build();
    }

    /** The pool for one database, exactly as the API reads it (package-private for ReaderConnectionsIT). */
    static HikariDataSource dataSource(String name, String url, DatabaseProperties properties, MeterRegistry meters) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("salesrank-" + name);
        config.setJdbcUrl(url);
        config.setUsername(properties.username());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(properties.poolSize());
        config.setReadOnly(true);
        config.setAutoCommit(true);
        // HikariCP refuses anything under 250 ms
        config.setConnectionTimeout(Math.max(250, properties.poolWaitTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, properties.connectTimeout().toMillis()));
        // start even while this database is down; the router takes it out of rotation
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", String.valueOf(properties.connectTimeout().toMillis()));
        config.addDataSourceProperty("socketTimeout", String.valueOf(properties.queryTimeout().toMillis()));
        config.addDataSourceProperty("connectionTimeZone", "UTC");
        // The driver parses a statement's text on every prepare unless the text is in its cache, and it
        // caches only statements up to prepStmtCacheSqlLimit characters (256 by default): every read
        // statement here is longer, so without the limit raised the cache held none and each read
        // parsed its SQL again (docs/benchmarks.md).
        config.addDataSourceProperty("cachePrepStmts", "true");
        config.addDataSourceProperty("prepStmtCacheSqlLimit", "8192");
        config.addDataSourceProperty("useLocalSessionState", "true");
        // A reader never loads files: without the client capability the server refuses LOAD DATA LOCAL
        // outright, so a statement smuggled into a query cannot read this host's files. These override
        // whatever the URL says (driver properties win over the URL's).
        config.addDataSourceProperty("allowLoadLocalInfile", "false");
        config.addDataSourceProperty("allowUrlInLocalInfile", "false");
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        return new HikariDataSource(config);
    }

    /** "jdbc:mysql://host:port/db?options" becomes "host:port/db" (no credentials or options in health output). */
    static String location(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:[a-z]+:(//)?", "");
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        return rest;
    }
}
