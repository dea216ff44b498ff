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
 * @param poolSize         connections per database, and threads that read from it (its bulkhead)
 * @param connectTimeout   TCP connect timeout of a new connection
 * @param queryTimeout     a read's deadline: the driver's socket timeout on every connection (a statement
 *                         waiting longer fails and takes its database out of rotation), and how long a read
 *                         waits for any database before it fails (503 with Retry-After); docs/latency-budget.md
 * @param poolWaitTimeout  how long a read waits for a free pooled connection; at most queryTimeout
 *                         (HikariCP refuses less than 250 ms)
 * @param hedgeAfter       a read not answered after this long is also sent to the next database in
 *                         rotation (a hedged read), and the first answer wins; sooner when the database
 *                         tier's recent p99 of one read is lower (but never sooner than minHedgeAfter), so
 *                         few healthy reads are hedged and a frozen database costs little
 * @param minHedgeAfter    the shortest hedge delay, however fast the tier's recent reads were
 * @param maxHedges        hedged reads in flight at once, at most: the extra load hedging may add when every
 *                         database is slow (a hedge that finds none free waits for one, up to the deadline)
 * @param hedgeShare       the share of reads that may be hedged, over time (saved up to a small burst).
 *                         1 by default: maxHedges alone bounds the extra load, because while a slow
 *                         replica is still in rotation every read sent to it needs its hedge, and a
 *                         spent share leaves such a read waiting out its deadline (a 503)
 * @param slowRead         a read slower than this counts as slow; a database on which half its recent
 *                         reads were slow leaves the rotation, and a probe must answer within this to bring
 *                         a database back
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
        @DefaultValue("1s") Duration queryTimeout,
        @DefaultValue("250ms") Duration poolWaitTimeout,
        @DefaultValue("50ms") Duration hedgeAfter,
        @DefaultValue("5ms") Duration minHedgeAfter,
        @DefaultValue("8") int maxHedges,
        @DefaultValue("1") double hedgeShare,
        @DefaultValue("200ms") Duration slowRead,
        @DefaultValue("1s") Duration probeInterval,
        @DefaultValue("30s") Duration maxReplicaLag) {

    public DatabaseProperties {
        replicaUrls = replicaUrls.stream().map(String::trim).filter(url -> !url.isEmpty()).toList();
        if (replicaUrls.isEmpty() && (primaryUrl == null || primaryUrl.isBlank())) {
            throw new IllegalArgumentException(
                    "no database to read from: set SALESRANK_REPLICA_URLS and/or SALESRANK_PRIMARY_READER_URL");
        }
        if (poolWaitTimeout.compareTo(queryTimeout) > 0 || hedgeAfter.compareTo(queryTimeout) >= 0
                || slowRead.compareTo(queryTimeout) >= 0) {
            throw new IllegalArgumentException("salesrank.database.pool-wait-timeout (" + poolWaitTimeout
                    + "), .hedge-after (" + hedgeAfter + ") and .slow-read (" + slowRead
                    + ") must stay within .query-timeout (" + queryTimeout + "), the read's whole deadline");
        }
        if (poolSize < 1 || maxHedges < 0 || hedgeShare < 0 || hedgeShare > 1) {
            throw new IllegalArgumentException("salesrank.database.pool-size must be at least 1, .max-hedges at least 0"
                    + " and .hedge-share between 0 and 1");
        }
        if (minHedgeAfter.compareTo(hedgeAfter) > 0) {
            throw new IllegalArgumentException("salesrank.database.min-hedge-after (" + minHedgeAfter
                    + ") must not exceed .hedge-after (" + hedgeAfter + ")");
        }
        if (replicaUrls.isEmpty() && !primaryFallback) {
            throw new IllegalArgumentException(
                    "no replica configured (SALESRANK_REPLICA_URLS) and primary fallback is off");
        }
    }
}
