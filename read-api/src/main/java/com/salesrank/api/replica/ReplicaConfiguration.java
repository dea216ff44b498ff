package com.salesrank.api.replica;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One HikariCP pool per replica and one for the primary, behind a {@link ReplicaRouter}. */
@Configuration(proxyBeanMethods = false)
class ReplicaConfiguration {

    @Bean
    ReplicaRouter replicaRouter(DatabaseProperties properties, Clock clock, MeterRegistry meters) {
        List<DatabaseNode> replicas = new ArrayList<>();
        for (int i = 0; i < properties.replicaUrls().size(); i++) {
            replicas.add(node("replica-" + i, DatabaseNode.Role.REPLICA, properties.replicaUrls().get(i),
                    properties, meters));
        }
        DatabaseNode primary = properties.primaryUrl() == null || properties.primaryUrl().isBlank()
                ? null
                : node("primary", DatabaseNode.Role.PRIMARY, properties.primaryUrl(), properties, meters);
        return new ReplicaRouter(replicas, primary, properties.primaryFallback(), clock, meters);
    }

    @Bean
    ReplicaProbeSchedule replicaProbeSchedule(ReplicaRouter router, DatabaseProperties properties,
            ScheduledExecutorService maintenanceScheduler) {
        long every = Math.max(100, properties.probeInterval().toMillis());
        ScheduledFuture<?> task = maintenanceScheduler.scheduleWithFixedDelay(
                router::probeDownNodes, every, every, TimeUnit.MILLISECONDS);
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
            MeterRegistry meters) {
        HikariDataSource dataSource = dataSource(name, url, properties, meters);
        return new DatabaseNode(name, role, location(url), dataSource, JdbcClient.create(dataSource));
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
        config.addDataSourceProperty("cachePrepStmts", "true");
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
