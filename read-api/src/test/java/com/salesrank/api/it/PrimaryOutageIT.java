package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The primary dies and comes back while clients read: not one request fails. The API reads the
 * replicas; the primary is only the fallback for when no replica answers, so losing it must cost
 * nothing. "Dies" is the TCP proxy in front of the primary's reader URL refusing and resetting
 * connections. The load is bounded (4 clients, a few seconds) and stays on loopback.
 */
class PrimaryOutageIT extends ReadApiIntegrationTest {

    static final int CLIENTS = 4;

    @Test
    void readsUnderLoadAnswerEveryRequestWhileThePrimaryIsDownAndAfterItReturns() throws Exception {
        int category = freshCategory();
        var ranking = RankingFixtures.ranking();
        ranking.put(category, sold(3001, 9));
        RankingFixtures.Published run = FIXTURES.publish(ranking);
        FIXTURES.awaitReplicated(run.runId());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(get("/api/v1/popular?category_id=" + category)).get("run_id").asLong() == run.runId());

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        double loadsBefore = databaseLoads();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                load.add(clients.submit(() -> {
                    while (running.get()) {
                        // half hot (a cache hit), half a page no one asked for yet (a database read)
                        int offset = ThreadLocalRandom.current().nextBoolean() ? 0
                                : 1 + ThreadLocalRandom.current().nextInt(9_999);
                        String path = "/api/v1/popular?category_id=" + category + "&offset=" + offset;
                        try {
                            HttpResponse<String> response = get(path);
                            if (response.statusCode() != 200
                                    || json(response).get("run_id").asLong() != run.runId()) {
                                failures.add(path + " -> " + response.statusCode() + " " + response.body());
                            }
                        } catch (Exception e) {
                            failures.add(path + " -> " + e);
                        }
                        answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            int beforeStop = answered.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= beforeStop + 50);
            PRIMARY.stop();
            double loadsAtStop = databaseLoads();
            int atStop = answered.get();
            await().atMost(Duration.ofSeconds(30)).alias("database reads go on while the primary is down")
                    .until(() -> databaseLoads() > loadsAtStop && answered.get() >= atStop + 50);
            assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
            PRIMARY.start();
            int atStart = answered.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= atStart + 50);
        } finally {
            running.set(false);
            PRIMARY.start();
            clients.shutdown();
        }
        for (Future<?> client : load) {
            client.get();
        }

        assertThat(failures).as("failed requests out of %d", answered.get()).isEmpty();
        assertThat(answered.get()).isGreaterThan(CLIENTS);
        assertThat(databaseLoads()).isGreaterThan(loadsBefore);
    }
}
