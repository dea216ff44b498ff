package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving the head: both rankings published into the real stack the way the job's publisher does,
 * read through the replica. Windows end three hours before this hour, so a head left behind by this
 * class is always older than the full rankings the other tests publish (for this hour) and never
 * answers their pages.
 */
class HeadRankingIT extends ReadApiIntegrationTest {

    static final int K = 5;

    @Autowired
    StringRedisTemplate redis;

    Instant base;
    int toys;
    int games;

    @BeforeEach
    void windows() {
        base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        toys = freshCategory();
        games = freshCategory();
    }

    RankingFixtures.Published full(Map<Integer, List<RankingFixtures.Sold>> ranking, Duration after)
            throws Exception {
        RankingFixtures.Published run = FIXTURES.publish(ranking, base.plus(after));
        FIXTURES.awaitReplicated(run.runId());
        return run;
    }

    RankingFixtures.Published head(Map<Integer, List<RankingFixtures.Sold>> ranking, Duration after)
            throws Exception {
        RankingFixtures.Published run = FIXTURES.publishHead(ranking, base.plus(after));
        FIXTURES.awaitHeadReplicated(run.runId());
        return run;
    }

    /** Toys: products 101..108 in the full ranking; games: 3 products only (fewer than K). */
    Map<Integer, List<RankingFixtures.Sold>> fullRanking() {
        var ranking = RankingFixtures.ranking();
        ranking.put(toys, sold(101, 80, 102, 70, 103, 60, 104, 50, 105, 40, 106, 30, 107, 20, 108, 10));
        ranking.put(games, sold(201, 9, 202, 8, 203, 7));
        return ranking;
    }

    /** Ten minutes later 108 sells best; the head keeps every category's top K. */
    Map<Integer, List<RankingFixtures.Sold>> headRanking() {
        var ranking = RankingFixtures.ranking();
        ranking.put(toys, sold(108, 95, 101, 81, 102, 71, 103, 61, 104, 51));
        ranking.put(games, sold(203, 12, 201, 9, 202, 8));
        return ranking;
    }

    JsonNode popular(int category, int offset, int limit) throws Exception {
        HttpResponse<String> response = get("/api/v1/popular?category_id=" + category + "&offset=" + offset
                + "&limit=" + limit);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    /**
     * Waits until the service answers pages within K from {@code runId}: its tracker has seen the
     * publish (so cache keys name that run) and a page says so.
     */
    void awaitServedWithinHead(long runId) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (rankingsHealth().at("/details/pagesWithinHeadFrom/runId").asLong() != runId) {
                return false;
            }
            HttpResponse<String> page = get("/api/v1/popular?category_id=" + toys + "&limit=" + K);
            return page.statusCode() == 200 && json(page).get("run_id").asLong() == runId;
        });
    }

    static List<Long> products(JsonNode page) {
        return page.get("items").valueStream().map(item -> item.get("product_id").asLong()).toList();
    }

    @Test
    void aPageWithinTheHeadComesFromTheNewerHeadAndADeeperPageFromTheFullRanking() throws Exception {
        RankingFixtures.Published full = full(fullRanking(), Duration.ZERO);
        RankingFixtures.Published head = head(headRanking(), Duration.ofMinutes(10));
        awaitServedWithinHead(head.runId());

        JsonNode top = popular(toys, 0, K);
        assertThat(top.get("ranking").asString()).isEqualTo("head");
        assertThat(top.get("run_id").asLong()).isEqualTo(head.runId());
        assertThat(top.get("window_start").asString()).isEqualTo(head.windowStart().toString());
        assertThat(top.get("window_end").asString()).isEqualTo(head.windowEnd().toString());
        assertThat(top.get("published_at").asString()).isEqualTo(head.publishedAt().toString());
        assertThat(products(top)).containsExactly(108L, 101L, 102L, 103L, 104L);
        assertThat(top.get("items").get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(top.get("items").get(0).get("total_sold").asLong()).isEqualTo(95);

        JsonNode middle = popular(toys, 2, 3); // ranks 3..5: still within K
        assertThat(middle.get("ranking").asString()).isEqualTo("head");
        assertThat(products(middle)).containsExactly(102L, 103L, 104L);

        JsonNode shortCategory = popular(games, 0, K); // fewer products than K: all of them are in the head
        assertThat(shortCategory.get("ranking").asString()).isEqualTo("head");
        assertThat(products(shortCategory)).containsExactly(203L, 201L, 202L);

        JsonNode straddling = popular(toys, 0, 10); // ranks 1..10 reach past K: the full ranking, whole
        assertThat(straddling.get("ranking").asString()).isEqualTo("full");
        assertThat(straddling.get("run_id").asLong()).isEqualTo(full.runId());
        assertThat(straddling.get("window_end").asString()).isEqualTo(full.windowEnd().toString());
        assertThat(products(straddling)).containsExactly(101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L);

        JsonNode deeper = popular(toys, K, 3);
        assertThat(deeper.get("ranking").asString()).isEqualTo("full");
        assertThat(deeper.get("run_id").asLong()).isEqualTo(full.runId());
        assertThat(products(deeper)).containsExactly(106L, 107L, 108L);
    }

    @Test
    void whenTheFullRankingIsNewerItAnswersPagesWithinTheHeadToo() throws Exception {
        full(fullRanking(), Duration.ZERO);
        RankingFixtures.Published head = head(headRanking(), Duration.ofMinutes(10));
        awaitServedWithinHead(head.runId());

        var newer = RankingFixtures.ranking();
        newer.put(toys, sold(107, 99, 101, 90, 102, 80, 103, 70, 104, 60, 105, 50));
        RankingFixtures.Published full = full(newer, Duration.ofMinutes(20));
        awaitServedWithinHead(full.runId());

        JsonNode top = popular(toys, 0, K);
        assertThat(top.get("ranking").asString()).isEqualTo("full");
        assertThat(top.get("window_end").asString()).isEqualTo(full.windowEnd().toString());
        assertThat(products(top)).containsExactly(107L, 101L, 102L, 103L, 104L);
    }

    @Test
    void aHeadForTheSameWindowAsTheFullRankingDoesNotAnswer() throws Exception {
        RankingFixtures.Published full = full(fullRanking(), Duration.ofMinutes(10));
        RankingFixtures.Published head = head(headRanking(), Duration.ofMinutes(10));

        // the tracker has seen this head once the health endpoint names it
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                rankingsHealth().at("/details/pagesWithinHeadFrom/headRunId").asLong() == head.runId());
        awaitServedWithinHead(full.runId());
        JsonNode top = popular(toys, 0, K);
        assertThat(top.get("ranking").asString()).isEqualTo("full");
        assertThat(top.get("run_id").asLong()).isEqualTo(full.runId());
        double loads = databaseLoads();
        assertThat(popular(toys, 0, K)).isEqualTo(top);
        assertThat(databaseLoads()).as("expected and keyed on the full run: a cache hit").isEqualTo(loads);
    }

    @Test
    void productRanksNameTheRankingAndRunOfEachRank() throws Exception {
        int outdoor = freshCategory();
        int kitchen = freshCategory();
        long product = 7_000_000L + freshCategory();
        var fullRanking = RankingFixtures.ranking();
        // toys: rank 4; outdoor: rank 7 (deeper than K); kitchen: rank 2
        fullRanking.put(toys, sold(1, 90, 2, 80, 3, 70, product, 60, 5, 50));
        fullRanking.put(outdoor, sold(11, 99, 12, 98, 13, 97, 14, 96, 15, 95, 16, 94, product, 93));
        fullRanking.put(kitchen, sold(21, 50, product, 40, 22, 30));
        var headRanking = RankingFixtures.ranking();
        // ten minutes later: toys rank 2; outdoor's top K and kitchen's top K no longer have it
        headRanking.put(toys, sold(1, 95, product, 91, 2, 81, 3, 71, 5, 51));
        headRanking.put(outdoor, sold(11, 99, 12, 98, 13, 97, 14, 96, 15, 95));
        headRanking.put(kitchen, sold(21, 55, 22, 41, 23, 35));
        RankingFixtures.Published full = full(fullRanking, Duration.ZERO);
        RankingFixtures.Published head = head(headRanking, Duration.ofMinutes(10));
        awaitServedWithinHead(head.runId());
        // the answer's key names both runs: the tracker must know this full run too
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                rankingsHealth().at("/details/pagesWithinHeadFrom/fullRunId").asLong() == full.runId());

        HttpResponse<String> response = get("/api/v1/products/" + product + "/rank");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("run_id").asLong()).isEqualTo(head.runId());
        assertThat(body.get("ranking").asString()).isEqualTo("head");
        assertThat(body.get("window_end").asString()).isEqualTo(head.windowEnd().toString());
        JsonNode runs = body.get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("ranking").asString()).isEqualTo("head");
        assertThat(runs.get(0).get("run_id").asLong()).isEqualTo(head.runId());
        assertThat(runs.get(1).get("ranking").asString()).isEqualTo("full");
        assertThat(runs.get(1).get("run_id").asLong()).isEqualTo(full.runId());
        assertThat(runs.get(1).get("window_end").asString()).isEqualTo(full.windowEnd().toString());
        JsonNode ranks = body.get("ranks");
        // kitchen's full rank 2 is within K, and the newer head's top K of kitchen lacks the product
        assertThat(ranks).hasSize(2);
        assertThat(ranks.get(0).get("category_id").asInt()).isEqualTo(toys);
        assertThat(ranks.get(0).get("rank").asInt()).isEqualTo(2);
        assertThat(ranks.get(0).get("total_sold").asLong()).isEqualTo(91);
        assertThat(ranks.get(0).get("ranking").asString()).isEqualTo("head");
        assertThat(ranks.get(0).get("run_id").asLong()).isEqualTo(head.runId());
        assertThat(ranks.get(1).get("category_id").asInt()).isEqualTo(outdoor);
        assertThat(ranks.get(1).get("rank").asInt()).isEqualTo(7);
        assertThat(ranks.get(1).get("ranking").asString()).isEqualTo("full");
        assertThat(ranks.get(1).get("run_id").asLong()).isEqualTo(full.runId());
        assertThat(response.headers().firstValue("ETag"))
                .hasValue("\"" + head.runId() + "+" + full.runId() + ":product:" + product + "\"");
        assertThat(maxAge(response)).as("until the next head publish at the latest").isBetween(1L, 600L);
        double loads = databaseLoads();
        assertThat(get("/api/v1/products/" + product + "/rank").body()).isEqualTo(response.body());
        assertThat(databaseLoads()).as("keyed on both runs, the answer is a cache hit").isEqualTo(loads);

        // once the full ranking is newer, it alone answers
        RankingFixtures.Published newer = full(fullRanking, Duration.ofMinutes(20));
        awaitServedWithinHead(newer.runId());
        JsonNode fromFull = json(get("/api/v1/products/" + product + "/rank"));
        assertThat(fromFull.get("ranking").asString()).isEqualTo("full");
        assertThat(fromFull.get("run_id").asLong()).isEqualTo(newer.runId());
        assertThat(fromFull.get("runs")).hasSize(1);
        assertThat(fromFull.get("ranks").valueStream().map(rank -> rank.get("rank").asInt()))
                .as("best placing first").containsExactly(2, 4, 7);
        assertThat(fromFull.get("ranks").valueStream().map(rank -> rank.get("ranking").asString()))
                .containsOnly("full");
    }

    @Test
    void theEtagAndTheCacheKeyFollowTheAnsweringRun() throws Exception {
        full(fullRanking(), Duration.ZERO);
        RankingFixtures.Published head1 = head(headRanking(), Duration.ofMinutes(10));
        awaitServedWithinHead(head1.runId());
        String query = "/api/v1/popular?category_id=" + toys + "&limit=" + K;

        HttpResponse<String> first = get(query);
        String etag1 = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag1).isEqualTo("\"" + head1.runId() + ":cat:" + toys + ":0:" + K + "\"");
        assertThat(maxAge(first)).as("the head publishes every 10 minutes").isBetween(1L, 600L);
        double loads = databaseLoads();
        assertThat(get(query, "If-None-Match", etag1).statusCode()).isEqualTo(304);
        assertThat(get(query).body()).isEqualTo(first.body());
        assertThat(databaseLoads()).as("keyed on the head's run, the page is a cache hit").isEqualTo(loads);
        assertThat(redis.hasKey("salesrank:v1:run:" + head1.runId() + ":cat:" + toys + ":0:" + K)).isTrue();

        var later = headRanking();
        later.put(toys, sold(105, 120, 108, 95, 101, 81, 102, 71, 103, 61));
        RankingFixtures.Published head2 = head(later, Duration.ofMinutes(20));
        awaitServedWithinHead(head2.runId());
        HttpResponse<String> second = get(query, "If-None-Match", etag1);
        assertThat(second.statusCode()).as("the old head's ETag no longer matches").isEqualTo(200);
        String etag2 = second.headers().firstValue("ETag").orElseThrow();
        assertThat(etag2).isEqualTo("\"" + head2.runId() + ":cat:" + toys + ":0:" + K + "\"");
        assertThat(products(json(second)).get(0)).isEqualTo(105L);

        RankingFixtures.Published full = full(fullRanking(), Duration.ofMinutes(30));
        awaitServedWithinHead(full.runId());
        HttpResponse<String> third = get(query, "If-None-Match", etag2);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.headers().firstValue("ETag"))
                .hasValue("\"" + full.runId() + ":cat:" + toys + ":0:" + K + "\"");
        assertThat(json(third).get("ranking").asString()).isEqualTo("full");
    }

    @Test
    void healthShowsBothRankingsFreshnessAndWhatAnswersPagesWithinTheHead() throws Exception {
        RankingFixtures.Published full = full(fullRanking(), Duration.ZERO);
        RankingFixtures.Published head = head(headRanking(), Duration.ofMinutes(10));
        awaitServedWithinHead(head.runId());

        JsonNode rankings = rankingsHealth();

        assertThat(rankings.get("status").asString()).isEqualTo("UP");
        JsonNode details = rankings.get("details");
        assertThat(details.get("full").get("runId").asLong()).isEqualTo(full.runId());
        assertThat(details.get("full").get("windowEnd").asString()).isEqualTo(full.windowEnd().toString());
        assertThat(details.get("full").get("targetMinutes").asInt()).isEqualTo(60);
        assertThat(details.get("full").get("windowAgeMinutes").asLong()).isGreaterThanOrEqualTo(180);
        assertThat(details.get("full").get("stale").asBoolean()).as("its window ended 3 hours ago").isTrue();
        assertThat(details.get("head").get("runId").asLong()).isEqualTo(head.runId());
        assertThat(details.get("head").get("windowEnd").asString()).isEqualTo(head.windowEnd().toString());
        assertThat(details.get("head").get("targetMinutes").asInt()).isEqualTo(10);
        assertThat(details.get("head").get("publishedAgeMinutes").asLong()).isBetween(0L, 1L);
        assertThat(details.get("pagesWithinHeadFrom").get("ranking").asString()).isEqualTo("head");
        assertThat(details.get("pagesWithinHeadFrom").get("headK").asInt()).isEqualTo(K);
        assertThat(details.get("pagesWithinHeadFrom").get("headRunId").asLong()).isEqualTo(head.runId());
        assertThat(details.get("pagesWithinHeadFrom").get("runId").asLong()).isEqualTo(head.runId());
        assertThat(details.get("pagesWithinHeadFrom").get("fullRunId").asLong()).isEqualTo(full.runId());
    }

    @Test
    void theOpenApiDocumentNamesTheRankingOfPagesAndRanks() throws Exception {
        JsonNode schemas = json(get("/v3/api-docs")).at("/components/schemas");

        assertThat(schemas.at("/PopularProducts/properties/ranking/enum").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("head", "full");
        assertThat(schemas.at("/PopularProducts/properties/ranking/description").asString()).contains("head");
        assertThat(schemas.at("/ProductRanks/properties/runs").isMissingNode()).isFalse();
        assertThat(schemas.at("/CategoryRank/properties/ranking/enum").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("head", "full");
        assertThat(schemas.at("/CategoryRank/properties/run_id").isMissingNode()).isFalse();
    }

    JsonNode rankingsHealth() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        JsonNode rankings = json(health).get("components").get("rankings");
        assertThat(rankings).as("a rankings component in " + health.body()).isNotNull();
        return rankings;
    }

    static long maxAge(HttpResponse<String> response) {
        String cacheControl = response.headers().firstValue("Cache-Control").orElseThrow();
        assertThat(cacheControl).matches("max-age=\\d+, public");
        return Long.parseLong(cacheControl.substring(cacheControl.indexOf('=') + 1, cacheControl.indexOf(',')));
    }
}
