package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The read path end to end: real replica, primary and Redis; fixtures published like the job does. */
class RankingReadIT extends ReadApiIntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    RankingFixtures.Published publishAndWait(Map<Integer, java.util.List<RankingFixtures.Sold>> ranking)
            throws Exception {
        RankingFixtures.Published run = FIXTURES.publish(ranking);
        FIXTURES.awaitReplicated(run.runId());
        return run;
    }

    /** Waits until the service's run tracker has moved to {@code runId}. */
    void awaitServed(int categoryId, long runId) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                json(get("/api/v1/popular?category_id=" + categoryId)).get("run_id").asLong() == runId);
        awaitLiveRun(runId);
    }

    @Test
    void aMissReadsTheReplicaAndFillsTheCachesThenHitsNeverTouchTheDatabase() throws Exception {
        int category = freshCategory();
        var ranking = RankingFixtures.ranking();
        ranking.put(category, sold(501, 90, 502, 70, 503, 70));
        RankingFixtures.Published run = publishAndWait(ranking);
        awaitServed(freshCategory(), run.runId()); // the tracker knows the run; `category` is still cold

        double loadsBefore = databaseLoads();
        HttpResponse<String> miss = get("/api/v1/popular?category_id=" + category);

        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(miss);
        assertThat(body.get("category_id").asInt()).isEqualTo(category);
        assertThat(body.get("run_id").asLong()).isEqualTo(run.runId());
        assertThat(body.get("window_start").asString()).isEqualTo(run.windowStart().toString());
        assertThat(body.get("window_end").asString()).isEqualTo(run.windowEnd().toString());
        assertThat(body.get("published_at").asString()).isEqualTo(run.publishedAt().toString());
        JsonNode items = body.get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(items.get(0).get("product_id").asLong()).isEqualTo(501);
        assertThat(items.get(0).get("total_sold").asLong()).isEqualTo(90);
        assertThat(items.get(0).get("category_id").asInt()).isEqualTo(category);
        assertThat(items.get(0).get("id").isNumber()).isTrue();
        assertThat(items.get(2).get("product_id").asLong()).isEqualTo(503);
        assertThat(databaseLoads()).isEqualTo(loadsBefore + 1);
        String key = "salesrank:v1:run:" + run.runId() + ":cat:" + category + ":0:10";
        assertThat(redis.hasKey(key)).as("stored in Redis under the run's key").isTrue();
        assertThat(redis.getExpire(key)).as("with a TTL").isPositive();

        double nearHits = count("salesrank.cache.lookups", "tier", "near", "result", "hit");
        long timed = settledRequestsTimed("/api/v1/popular");
        HttpResponse<String> hit = get("/api/v1/popular?category_id=" + category);
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(hit.headers().firstValue("ETag")).isEqualTo(miss.headers().firstValue("ETag"));
        assertThat(count("salesrank.cache.lookups", "tier", "near", "result", "hit")).isEqualTo(nearHits + 1);
        // a near hit (answered by the fast path) is still timed; the timer stops as the response completes
        await().atMost(Duration.ofSeconds(2)).until(() -> requestsTimed("/api/v1/popular") == timed + 1);

        // once the near cache's 1 s has passed, Redis answers, still without the database
        double redisHits = count("salesrank.cache.lookups", "tier", "redis", "result", "hit");
        HttpResponse<String> fromRedis = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/v1/popular?category_id=" + category),
                        response -> count("salesrank.cache.lookups", "tier", "redis", "result", "hit") > redisHits);
        assertThat(fromRedis.body()).isEqualTo(miss.body());
        assertThat(count("salesrank.cache.lookups", "tier", "redis", "result", "hit")).isEqualTo(redisHits + 1);
        assertThat(databaseLoads()).isEqualTo(loadsBefore + 1);

        JsonNode page = json(get("/api/v1/popular?category_id=" + category + "&limit=1&offset=1"));
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("rank").asInt()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("product_id").asLong()).isEqualTo(502);
    }

    /**
     * The count once the requests before have all been recorded: the timer stops after the response
     * has reached the client, so on a busy machine the previous request may not be counted yet.
     */
    long settledRequestsTimed(String uri) throws InterruptedException {
        long count = requestsTimed(uri);
        for (int i = 0; i < 50; i++) {
            Thread.sleep(100);
            long again = requestsTimed(uri);
            if (again == count) {
                return count;
            }
            count = again;
        }
        return count;
    }

    long requestsTimed(String uri) {
        var timer = meters.find("http.server.requests").tag("uri", uri).tag("status", "200").timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void aNewPublishIsServedThroughTheCacheWithoutDeletingTheOldEntries() throws Exception {
        int category = freshCategory();
        var first = RankingFixtures.ranking();
        first.put(category, sold(601, 10));
        RankingFixtures.Published run1 = publishAndWait(first);
        awaitServed(category, run1.runId());
        HttpResponse<String> before = get("/api/v1/popular?category_id=" + category);
        String etag1 = before.headers().firstValue("ETag").orElseThrow();
        assertThat(before.headers().firstValue("Cache-Control").orElseThrow()).matches("max-age=\\d+, public");
        assertThat(get("/api/v1/popular?category_id=" + category, "If-None-Match", etag1).statusCode())
                .isEqualTo(304);

        var second = RankingFixtures.ranking();
        second.put(category, sold(602, 30, 601, 20));
        RankingFixtures.Published run2 = publishAndWait(second);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<String> after = get("/api/v1/popular?category_id=" + category, "If-None-Match", etag1);
            assertThat(after.statusCode()).as("the old ETag no longer matches").isEqualTo(200);
            JsonNode body = json(after);
            assertThat(body.get("run_id").asLong()).isEqualTo(run2.runId());
            assertThat(body.get("items").get(0).get("product_id").asLong()).isEqualTo(602);
            assertThat(body.get("items")).hasSize(2);
            assertThat(after.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag1);
        });
        assertThat(redis.hasKey("salesrank:v1:run:" + run1.runId() + ":cat:" + category + ":0:10"))
                .as("the old run's entry is left to expire, not deleted").isTrue();
    }

    @Test
    void anEmptyCategoryIs200WithNoItemsAndIsCachedToo() throws Exception {
        var ranking = RankingFixtures.ranking();
        ranking.put(freshCategory(), sold(701, 5));
        RankingFixtures.Published run = publishAndWait(ranking);
        int empty = freshCategory();
        awaitServed(freshCategory(), run.runId());

        double loadsBefore = databaseLoads();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get("/api/v1/popular?category_id=" + empty);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("items").isArray()).isTrue();
            assertThat(body.get("items")).isEmpty();
            assertThat(body.get("run_id").asLong()).isEqualTo(run.runId());
            assertThat(body.get("window_end").asString()).isEqualTo(run.windowEnd().toString());
        }
        assertThat(databaseLoads()).as("one load, then cached").isEqualTo(loadsBefore + 1);
        assertThat(redis.hasKey("salesrank:v1:run:" + run.runId() + ":cat:" + empty + ":0:10")).isTrue();
    }

    @Test
    void productRankListsEveryCategoryTheProductSoldInBestPlacingFirst() throws Exception {
        int toys = freshCategory();
        int games = freshCategory();
        long product = 880_000L + freshCategory();
        var ranking = RankingFixtures.ranking();
        ranking.put(toys, sold(1, 100, 2, 90, product, 80));
        ranking.put(games, sold(product, 40, 3, 10));
        RankingFixtures.Published run = publishAndWait(ranking);
        awaitServed(toys, run.runId());

        JsonNode body = json(get("/api/v1/products/" + product + "/rank"));

        assertThat(body.get("product_id").asLong()).isEqualTo(product);
        assertThat(body.get("run_id").asLong()).isEqualTo(run.runId());
        JsonNode ranks = body.get("ranks");
        assertThat(ranks).hasSize(2);
        assertThat(ranks.get(0).get("category_id").asInt()).isEqualTo(games);
        assertThat(ranks.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(ranks.get(0).get("total_sold").asLong()).isEqualTo(40);
        assertThat(ranks.get(0).get("category_name").isNull()).as("the catalogue does not know it").isTrue();
        assertThat(ranks.get(1).get("category_id").asInt()).isEqualTo(toys);
        assertThat(ranks.get(1).get("rank").asInt()).isEqualTo(3);

        assertThat(json(get("/api/v1/products/" + (product + 1) + "/rank")).get("ranks")).isEmpty();
    }

    @Test
    void namesComeFromTheCatalogAndNullWhereItLacksTheId() throws Exception {
        int kitchen = freshCategory();
        int unnamed = freshCategory();
        long skillet = 890_000L + kitchen;
        long kettle = skillet + 1;
        long untitled = skillet + 2;
        new CatalogFixtures(STACK).name(Map.of(kitchen, "Kitchen & Dining"),
                Map.of(skillet, "Cast-iron skillet \u00e9t\u00e9", kettle, "Kettle"));
        var ranking = RankingFixtures.ranking();
        ranking.put(kitchen, sold(skillet, 90, untitled, 80, kettle, 70));
        ranking.put(unnamed, sold(kettle, 5));
        RankingFixtures.Published run = publishAndWait(ranking);
        awaitServed(kitchen, run.runId());

        JsonNode popular = json(get("/api/v1/popular?category_id=" + kitchen));
        assertThat(popular.get("category_name").asString()).isEqualTo("Kitchen & Dining");
        assertThat(popular.at("/items/0/title").asString()).isEqualTo("Cast-iron skillet \u00e9t\u00e9");
        assertThat(popular.at("/items/1/title").isNull()).as("a product the catalog lacks").isTrue();
        assertThat(popular.at("/items/2/title").asString()).isEqualTo("Kettle");
        assertThat(json(get("/api/v1/popular?category_id=" + unnamed)).get("category_name").isNull()).isTrue();

        JsonNode ranks = json(get("/api/v1/products/" + kettle + "/rank")).get("ranks");
        assertThat(ranks.get(0).get("category_id").asInt()).isEqualTo(unnamed);
        assertThat(ranks.get(0).get("ranked_in_category").asInt()).isEqualTo(1);
        assertThat(ranks.get(0).get("percentile").asDouble()).isEqualTo(100.0);
        assertThat(ranks.get(1).get("category_name").asString()).isEqualTo("Kitchen & Dining");
        assertThat(ranks.get(1).get("rank").asInt()).isEqualTo(3);
        assertThat(ranks.get(1).get("ranked_in_category").asInt()).isEqualTo(3);
        assertThat(ranks.get(1).get("percentile").asDouble()).as("100 * (3 - 3 + 1) / 3").isEqualTo(33.3);
    }

    @Test
    void neighborsAreTheProductsJustAboveAndBelowAndAnUnrankedProductIs404() throws Exception {
        int category = freshCategory();
        long first = 891_000L + category * 10L;
        var ranking = RankingFixtures.ranking();
        ranking.put(category, sold(first, 60, first + 1, 50, first + 2, 40, first + 3, 30, first + 4, 20,
                first + 5, 10));
        RankingFixtures.Published run = publishAndWait(ranking);
        awaitServed(category, run.runId());
        new CatalogFixtures(STACK).name(Map.of(), Map.of(first + 1, "Second best"));

        HttpResponse<String> response = get("/api/v1/products/" + (first + 2) + "/neighbors?category_id=" + category);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("rank").asInt()).isEqualTo(3);
        assertThat(body.get("ranked_in_category").asInt()).isEqualTo(6);
        assertThat(body.get("percentile").asDouble()).as("100 * (6 - 3 + 1) / 6").isEqualTo(66.7);
        assertThat(body.get("total_sold").asLong()).isEqualTo(40);
        assertThat(body.get("run_id").asLong()).isEqualTo(run.runId());
        assertThat(body.get("above").valueStream().map(n -> n.get("product_id").asLong()).toList())
                .containsExactly(first, first + 1);
        assertThat(body.get("below").valueStream().map(n -> n.get("rank").asInt()).toList()).containsExactly(4, 5);
        assertThat(body.at("/below/0/total_sold").asLong()).isEqualTo(30);
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag)
                .startsWith("\"" + run.runId() + ":neighbors:" + (first + 2) + ":" + category + ":2:2"));

        JsonNode edge = json(get("/api/v1/products/" + first + "/neighbors?category_id=" + category
                + "&above=10&below=0"));
        assertThat(edge.get("above")).isEmpty();
        assertThat(edge.get("below")).isEmpty();
        JsonNode last = json(get("/api/v1/products/" + (first + 5) + "/neighbors?category_id=" + category
                + "&above=1&below=10"));
        assertThat(last.get("above").valueStream().map(n -> n.get("rank").asInt()).toList()).containsExactly(5);
        assertThat(last.get("below")).isEmpty();

        HttpResponse<String> notRanked = get("/api/v1/products/" + (first + 9) + "/neighbors?category_id=" + category);
        assertThat(notRanked.statusCode()).isEqualTo(404);
        assertThat(notRanked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(notRanked).get("type").asString()).isEqualTo("urn:salesrank:problem:not-ranked-in-category");

        for (String bad : List.of("above=11", "below=-1", "above=x", "category_id=")) {
            HttpResponse<String> rejected = get("/api/v1/products/" + first + "/neighbors?category_id=" + category
                    + "&" + bad);
            assertThat(rejected.statusCode()).as(bad).isEqualTo(400);
            assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(get("/api/v1/products/" + first + "/neighbors").statusCode()).as("no category").isEqualTo(400);
    }

    @Test
    void readsLandOnTheReplica() throws Exception {
        // With replication paused, the replica keeps the old run while the primary
        // has the new one: whatever the API serves tells where it read.
        int category = freshCategory();
        var old = RankingFixtures.ranking();
        old.put(category, sold(901, 1));
        RankingFixtures.Published oldRun = publishAndWait(old);
        awaitServed(freshCategory(), oldRun.runId());
        double primaryReads = count("salesrank.db.reads", "role", "primary");

        onReplicaAsAdmin("STOP SLAVE SQL_THREAD");
        try {
            var fresh = RankingFixtures.ranking();
            fresh.put(category, sold(902, 2));
            RankingFixtures.Published newRun = FIXTURES.publish(fresh);
            assertThat(FIXTURES.liveRunOnPrimary()).isEqualTo(newRun.runId());
            // the replica stays on the old run through several of the API's run polls
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> FIXTURES.liveRunOnReplica() == oldRun.runId());

            JsonNode body = json(get("/api/v1/popular?category_id=" + category)); // never requested: a cold read
            assertThat(body.get("run_id").asLong()).as("the replica's (older) run").isEqualTo(oldRun.runId());
            assertThat(body.get("items").get(0).get("product_id").asLong()).isEqualTo(901);
            assertThat(count("salesrank.db.reads", "role", "primary")).as("no read on the primary")
                    .isEqualTo(primaryReads);
        } finally {
            onReplicaAsAdmin("START SLAVE SQL_THREAD");
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                json(get("/api/v1/popular?category_id=" + category)).get("items").get(0).get("product_id")
                        .asLong() == 902);
    }
}
