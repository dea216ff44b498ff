package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refresh-ahead on the real stack: after a publish, the previous run's cached page keeps
 * answering for the grace period (whole pages of that run, marked no-cache, since a newer run is
 * known) while the new run's page is loaded ahead into the caches; a client that already holds
 * the new run's ETag gets the new run meanwhile; after the grace period the new run answers.
 * Its own context: a grace period of 6 s and its own Redis key prefix.
 */
class RefreshAheadIT extends ReadApiIntegrationTest {

    static final String PREFIX = "salesrank:raheadit";
    static final Duration GRACE = Duration.ofSeconds(6);

    @DynamicPropertySource
    static void refreshAhead(DynamicPropertyRegistry registry) {
        registry.add("salesrank.it.refresh-ahead-grace", () -> GRACE.toMillis() + "ms");
        registry.add("salesrank.cache.redis.key-prefix", () -> PREFIX);
    }

    @Autowired
    StringRedisTemplate redis;

    @Test
    void thePreviousRunAnswersForTheGracePeriodWhileTheNewRunLoadsAheadThenTheNewRun() throws Exception {
        int category = freshCategory();
        String page = "/api/v1/popular?category_id=" + category;
        var first = RankingFixtures.ranking();
        first.put(category, sold(4001, 30, 4002, 20));
        RankingFixtures.Published old = FIXTURES.publish(first);
        FIXTURES.awaitReplicated(old.runId());
        // live on this instance (not merely loading ahead): the tracker shares its live run in Redis
        await().atMost(Duration.ofSeconds(10).plus(GRACE)).until(() ->
                String.valueOf(old.runId()).equals(redis.opsForValue().get(PREFIX + ":run:current")));
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get(page)).get("run_id").asLong() == old.runId());

        // clients keep the page hot (it must be among the near cache's hottest keys when the
        // publish is seen); bounded by the test's own duration
        java.util.concurrent.atomic.AtomicBoolean hot = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong hotRequests = new java.util.concurrent.atomic.AtomicLong();
        Thread client = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (hot.get() && System.nanoTime() < until) {
                try {
                    get(page);
                    hotRequests.incrementAndGet();
                    Thread.sleep(20); // a client's pace, not a wait for a condition
                } catch (Exception e) {
                    return;
                }
            }
        }, "hot-client");
        client.setDaemon(true);
        client.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> hotRequests.get() >= 10); // the page is hot
            publishAndCheck(page, category, old);
        } finally {
            hot.set(false);
            client.join();
        }
    }

    private void publishAndCheck(String page, int category, RankingFixtures.Published old) throws Exception {
        var second = RankingFixtures.ranking();
        second.put(category, sold(4002, 50, 4001, 40));
        RankingFixtures.Published next = FIXTURES.publish(second);
        FIXTURES.awaitReplicated(next.runId());
        String nextKey = PREFIX + ":run:" + next.runId() + ":cat:" + category + ":0:10";
        String nextEtag = "\"" + next.runId() + ":cat:" + category + ":0:10\"";

        // the tracker has seen the new run once the old run's page is sent as superseded; the
        // requests keep the old page hot, so it is among the keys loaded ahead
        HttpResponse<String> during = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> get(page), response -> response.headers().firstValue("Cache-Control")
                        .orElse("").contains("no-cache"));
        JsonNode oldPage = json(during);
        assertThat(oldPage.get("run_id").asLong()).as("the previous run still answers").isEqualTo(old.runId());
        assertThat(oldPage.at("/items/0/product_id").asLong()).as("a whole page of that run").isEqualTo(4001);
        assertThat(oldPage.at("/items/0/total_sold").asLong()).isEqualTo(30);
        assertThat(during.headers().firstValue("ETag").orElseThrow()).contains(old.runId() + ":");

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(redis.hasKey(nextKey)).as("the new run's page loaded ahead").isTrue();
        });
        assertThat(json(get(page)).get("run_id").asLong()).as("still within the grace period")
                .isEqualTo(old.runId());

        HttpResponse<String> holder = get(page, "If-None-Match", nextEtag);
        assertThat(holder.headers().firstValue("ETag").orElseThrow())
                .as("a client holding the new run's ETag never gets the old run back").isEqualTo(nextEtag);
        assertThat(holder.statusCode()).isEqualTo(304);
        assertThat(json(get(page)).get("run_id").asLong()).as("all of the above within the grace period: the"
                + " previous run still answers a client that holds no ETag").isEqualTo(old.runId());

        HttpResponse<String> after = await().atMost(GRACE.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(page), response -> json(response).get("run_id").asLong() == next.runId());
        JsonNode newPage = json(after);
        assertThat(newPage.at("/items/0/product_id").asLong()).isEqualTo(4002);
        assertThat(newPage.at("/items/0/total_sold").asLong()).isEqualTo(50);
        assertThat(after.headers().firstValue("Cache-Control").orElseThrow()).doesNotContain("no-cache");
        assertThat(json(get(page, "If-None-Match", "\"" + old.runId() + ":cat:" + category + ":0:10\""))
                .get("run_id").asLong()).as("the old ETag no longer matches").isEqualTo(next.runId());
    }
}
