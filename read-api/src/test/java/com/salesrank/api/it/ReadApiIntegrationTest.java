package com.salesrank.api.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * Base of the integration tests: the whole service on a random port against
 * the real local stack (scripts/stack.sh): the replica through two
 * {@link TcpProxy}s (so a test can take "replica-0" or both down), the primary's
 * reader URL through a third (so a test can take the primary down; fixtures
 * publish to the primary directly),
 * and a {@link LocalRedis} the tests may stop and restart. Every IT class
 * extends this with the same configuration, so they share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ReadApiIntegrationTest {

    static final StackEnvironment STACK;
    static final LocalRedis REDIS;
    static final TcpProxy REPLICA_0;
    static final TcpProxy REPLICA_1;
    static final TcpProxy PRIMARY;
    static final RankingFixtures FIXTURES;

    static {
        try {
            STACK = StackEnvironment.require();
            REDIS = new LocalRedis();
            REDIS.start();
            String[] replica = StackEnvironment.hostAndPort(STACK.replicaUrls().get(0));
            REPLICA_0 = new TcpProxy(freePort(), replica[0], Integer.parseInt(replica[1]));
            REPLICA_1 = new TcpProxy(freePort(), replica[0], Integer.parseInt(replica[1]));
            String[] primary = StackEnvironment.hostAndPort(STACK.primaryReaderUrl());
            PRIMARY = new TcpProxy(freePort(), primary[0], Integer.parseInt(primary[1]));
            REPLICA_0.start();
            REPLICA_1.start();
            PRIMARY.start();
            FIXTURES = new RankingFixtures(STACK);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                REPLICA_0.stop();
                REPLICA_1.stop();
                PRIMARY.stop();
                try {
                    REDIS.stop();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }));
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the integration test environment: " + e, e);
        }
    }

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        String replicaUrl = STACK.replicaUrls().get(0);
        String throughProxies = String.join(",", StackEnvironment.withPort(replicaUrl, REPLICA_0.port()),
                StackEnvironment.withPort(replicaUrl, REPLICA_1.port()));
        // a subclass's own @DynamicPropertySource may point the replicas elsewhere by setting
        // salesrank.it.replica-urls (it cannot override this key: the base class registers last)
        registry.add("salesrank.database.replica-urls", () -> "${salesrank.it.replica-urls:" + throughProxies + "}");
        registry.add("salesrank.database.primary-url",
                () -> StackEnvironment.withPort(STACK.primaryReaderUrl(), PRIMARY.port()));
        registry.add("salesrank.database.username", STACK::readerUser);
        registry.add("salesrank.database.password", STACK::readerPassword);
        registry.add("salesrank.database.probe-interval", () -> "300ms");
        registry.add("salesrank.cache.run-poll-interval", () -> "200ms");
        registry.add("salesrank.cache.near.ttl", () -> "1s");
        registry.add("salesrank.cache.redis.open-duration", () -> "1s");
        // a new run goes live at once here; RefreshAheadIT sets salesrank.it.refresh-ahead-grace
        registry.add("salesrank.cache.refresh-ahead.grace", () -> "${salesrank.it.refresh-ahead-grace:0s}");
        registry.add("spring.data.redis.url", REDIS::url);
        // the ops page's own port (PagesInBrowserIT): a free one, never a fixed port another run may hold
        registry.add("salesrank.ops.port", () -> "0");
        // roomier than production's 50 ms: this machine is shared with parallel builds
        registry.add("spring.data.redis.timeout", () -> "250ms");
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    org.springframework.data.redis.core.StringRedisTemplate redisTemplate;

    /**
     * Waits until the service's run tracker has made {@code runId} live (it
     * tells other instances through Redis): from then on requests are keyed by
     * that run. A body naming the run is not enough: a miss reads whatever run
     * the database has, possibly before the tracker moves to it.
     */
    void awaitLiveRun(long runId) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                String.valueOf(runId).equals(redisTemplate.opsForValue().get("salesrank:v1:run:current")));
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    double count(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Whether {@code node} ("replica-0", "primary") is in rotation, as /actuator/health says. */
    boolean inRotation(String node) throws Exception {
        return json(get("/actuator/health")).at("/components/replicas/details/" + node + "/inRotation").asBoolean();
    }

    /** Waits until {@code node} has answered more reads than now. */
    void awaitReadsOn(String node) {
        double before = count("salesrank.db.reads", "node", node);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("salesrank.db.reads", "node", node) > before);
    }

    /** Publishes {@code category} with one product, waits until the replica has it and it is live. */
    RankingFixtures.Published publishLive(int category, long productId, long totalSold) throws Exception {
        var ranking = RankingFixtures.ranking();
        ranking.put(category, sold(productId, totalSold));
        RankingFixtures.Published run = FIXTURES.publish(ranking);
        FIXTURES.awaitReplicated(run.runId());
        awaitLiveRun(run.runId());
        return run;
    }

    double databaseLoads() {
        return count("salesrank.cache.lookups", "tier", "db");
    }

    /** A category id no other test uses, so its keys start cold. */
    static int freshCategory() {
        return ThreadLocalRandom.current().nextInt(1_000_000, 2_000_000_000);
    }

    static List<RankingFixtures.Sold> sold(long... productAndTotal) {
        List<RankingFixtures.Sold> rows = new java.util.ArrayList<>();
        for (int i = 0; i < productAndTotal.length; i += 2) {
            rows.add(new RankingFixtures.Sold(productAndTotal[i], productAndTotal[i + 1]));
        }
        return rows;
    }

    /** Runs SQL as the stack's admin (the OS user, over the replica's socket). */
    static void onReplicaAsAdmin(String sql) throws Exception {
        Path socket = StackEnvironment.repositoryRoot().resolve("var/stack/replica/mysqld.sock");
        Process process = new ProcessBuilder("mariadb", "--no-defaults", "-S", socket.toString(),
                "-u", System.getProperty("user.name"), "-e", sql)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("mariadb -S " + socket + " -e '" + sql + "' failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
