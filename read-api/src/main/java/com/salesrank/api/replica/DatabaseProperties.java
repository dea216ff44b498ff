package com.salesrank.api.replica;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where rankings are read from. application.yml maps the stack's variables
 * (SALESRANK_REPLICA_URLS, SALESRANK_PRIMARY_READER_URL, SALESRANK_READER_USER/PASSWORD)
 * onto these; every field can also be set as SALESRANK_DATABASE_..., e.g.
 * SALESRANK_DATABASE_PRIMARY_FALLBACK=false (not SALESRANK_DB_...: the stack exports SALESRANK_DB_URL and
 * SALESRANK_DB_PASSWORD for the job's writer, which must never bind here).
 *
 * @param replicaUrls      JDBC URLs of the read replicas, tried round-robin
 * @param primaryUrl       JDBC URL of the primary, used only when every replica is down (the reader's URL:
 *                         LOAD DATA LOCAL is turned off on every connection whatever a URL says)
 * @param username         the SELECT-only reader (exists on the primary and every replica)
 * @param password         its password
 * @param primaryFallback  whether to read from the primary when no replica is up
 * @param poolSize         connections per database
 * @param connectTimeout   TCP connect timeout of a new connection
 * @param queryTimeout     socket read timeout: a query slower than this takes its database out of rotation
 * @param poolWaitTimeout  how long a request waits for a free pooled connection
 * @param probeInterval    how often a database that is out of rotation is probed again
 * @param maxReplicaLag    how long a replica may serve an older run than another replica before it
 *                         leaves the rotation (until it has caught up); while it is in rotation, the
 *                         live run does not move past what it has
 */
@ConfigurationProperties("salesrank.database")
public record DatabaseProperties(
        @DefaultValue List<String> replicaUrls,
        String primaryUrl,
        String username,
        String password,
        @DefaultValue("true") boolean primaryFallback,
        @DefaultValue("8") int poolSize,
        @DefaultValue("500ms") Duration connectTimeout,
        @DefaultValue("3s") Duration queryTimeout,
        @DefaultValue("1s") Duration poolWaitTimeout,
        @DefaultValue("2s") Duration probeInterval,
        @DefaultValue("30s") Duration maxReplicaLag) {

    public DatabaseProperties {
        replicaUrls = replicaUrls.stream().map(String::trim).filter(url -> !url.isEmpty()).toList();
        if (replicaUrls.isEmpty() && (primaryUrl == null || primaryUrl.isBlank())) {
            throw new IllegalArgumentException(
                    "no database to read from: set SALESRANK_REPLICA_URLS and/or SALESRANK_PRIMARY_READER_URL");
        }
        if (replicaUrls.isEmpty() && !primaryFallback) {
            throw new IllegalArgumentException(
                    "no replica configured (SALESRANK_REPLICA_URLS) and primary fallback is off");
        }
    }
}
