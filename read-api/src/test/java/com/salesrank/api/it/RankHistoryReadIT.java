package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.salesrank.api.history.RankHistoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rank history and movers end to end: full rankings published with their history at chosen window
 * ends (far in the future, a fresh stretch per test, its history cleared first), read through the
 * replica and the caches.
 */
class RankHistoryReadIT extends ReadApiIntegrationTest {

    static final HistoryFixtures HISTORY = new HistoryFixtures(STACK);
    static final CatalogFixtures CATALOG = new CatalogFixtures(STACK);

    @Autowired
    RankHistoryService historyService;

    /** The live window end of this test: its rankings lie within 10 days before it. */
    Instant end;

    @BeforeEach
    void freshStretchOfTime() throws Exception {
        end = Instant.parse("3000-01-01T00:00:00Z")
                .plus(Duration.ofHours(ThreadLocalRandom.current().nextLong(0, 7_000_000)));
        HISTORY.clearHistory(end.minus(Duration.ofDays(40)), end.plus(Duration.ofDays(40)));
    }

    RankingFixtures.Published publishAt(long hoursBeforeEnd, int category, List<RankingFixtures.Sold> rows)
            throws Exception {
        var ranking = RankingFixtures.ranking();
        ranking.put(category, rows);
        return HISTORY.publish(end.minus(Duration.ofHours(hoursBeforeEnd)), ranking);
    }

    /** Products {@code first..first+count-1}, best first, with falling totals. */
    static List<RankingFixtures.Sold> filler(long first, int count) {
        List<RankingFixtures.Sold> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new RankingFixtures.Sold(first + i, 10_000 - i));
        }
        return rows;
    }

    /** {@code product} at {@code rank} (1-based) among filler products. */
    static List<RankingFixtures.Sold> withAt(long product, int rank, int count) {
        List<RankingFixtures.Sold> rows = filler(900_000, count - 1);
        rows.add(rank - 1, new RankingFixtures.Sold(product, 0));
        return rows;
    }

    void goLive(RankingFixtures.Published run) throws Exception {
        FIXTURES.awaitReplicated(run.runId());
        awaitLiveRun(run.runId());
    }

    @Test
    void historyHasOnePointPerPublishedWindowOldestFirstWithGapsWhereTheProductWasNotInTheTop100() throws Exception {
        int category = freshCategory();
        long product = 77;
        publishAt(200, category, withAt(product, 1, 5));          // before the 168 h
        publishAt(100, category, withAt(product, 3, 5));
        publishAt(50, category, withAt(product, 101, 101));       // rank 101: not in the top 100, a gap
        publishAt(30, category, filler(1, 5));                    // not ranked at all: a gap
        publishAt(20, category, withAt(product, 5, 5));
        publishAt(20, category, withAt(product, 2, 5));           // the same window again: this one counts
        RankingFixtures.Published live = publishAt(0, category, withAt(product, 4, 6));
        goLive(live);

        HttpResponse<String> response = get("/api/v1/products/" + product + "/rank/history?category_id=" + category);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.propertyNames()).containsExactly("product_id", "category_id", "points");
        assertThat(body.get("product_id").asLong()).isEqualTo(product);
        assertThat(body.get("category_id").asInt()).isEqualTo(category);
        assertThat(points(body)).containsExactly(
                end.minus(Duration.ofHours(100)) + " #3",
                end.minus(Duration.ofHours(20)) + " #2",
                end + " #4");
        assertThat(body.get("points").get(2).get("total_sold").asLong()).isZero();
        assertThat(response.headers().firstValue("ETag"))
                .hasValue("\"" + live.runId() + ":history:" + product + ":" + category + ":168\"");

        // (live end - hours, live end]: 100 hours leaves the point 100 hours back out, 101 takes it in
        assertThat(points(json(get("/api/v1/products/" + product + "/rank/history?category_id=" + category
                + "&hours=100")))).containsExactly(end.minus(Duration.ofHours(20)) + " #2", end + " #4");
        assertThat(points(json(get("/api/v1/products/" + product + "/rank/history?category_id=" + category
                + "&hours=101")))).hasSize(3);
        assertThat(points(json(get("/api/v1/products/" + product + "/rank/history?category_id=" + category
                + "&hours=201")))).hasSize(4).first().isEqualTo(end.minus(Duration.ofHours(200)) + " #1");
        // another category, or a product never ranked: no points
        assertThat(points(json(get("/api/v1/products/" + product + "/rank/history?category_id=" + freshCategory()))))
                .isEmpty();
    }

    @Test
    void aProductOutOfTheLiveTop100HasNoLivePoint() throws Exception {
        int category = freshCategory();
        long product = 78;
        publishAt(10, category, withAt(product, 7, 8));
        RankingFixtures.Published live = publishAt(0, category, filler(1, 8));
        goLive(live);

        assertThat(points(json(get("/api/v1/products/" + product + "/rank/history?category_id=" + category))))
                .containsExactly(end.minus(Duration.ofHours(10)) + " #7");
    }

    @Test
    void moversCompareWithTheLatestRankingAtLeast24HoursOlderAndListOnlyClimbers() throws Exception {
        int category = freshCategory();
        // 30 h back: p3 was first (not the compared ranking: an older one)
        publishAt(30, category, List.of(sold(3, 99), sold(1, 98)));
        // 24 h back, published twice: the second is the compared ranking
        publishAt(24, category, List.of(sold(9, 50)));
        List<RankingFixtures.Sold> compared = new ArrayList<>(filler(500_000, 101));
        compared.set(0, sold(1, 100_000));          // p1 #1
        compared.set(1, sold(5, 99_999));           // p5 #2
        compared.set(4, sold(2, 99_996));           // p2 #5
        compared.set(6, sold(4, 99_994));           // p4 #7
        compared.set(100, sold(6, 1));              // p6 #101: outside the top 100
        publishAt(24, category, compared);
        // 10 h back: newer than 24 h, never compared
        publishAt(10, category, List.of(sold(4, 1000), sold(2, 999)));
        RankingFixtures.Published live = publishAt(0, category, List.of(
                sold(1, 60), sold(2, 50), sold(3, 40), sold(4, 30), sold(5, 20), sold(6, 10)));
        goLive(live);

        HttpResponse<String> response = get("/api/v1/movers?category_id=" + category);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.propertyNames()).containsExactly("category_id", "category_name", "window_end", "compared_with",
                "items");
        assertThat(body.get("category_name").isNull()).as("a category the catalog lacks").isTrue();
        assertThat(body.get("category_id").asInt()).isEqualTo(category);
        assertThat(body.get("window_end").asString()).isEqualTo(end.toString());
        assertThat(body.get("compared_with").asString()).isEqualTo(end.minus(Duration.ofHours(24)).toString());
        // p3 and p6 are newcomers (101 - rank); p2 and p4 climbed 3 each, the better rank first;
        // p1 stayed, p5 fell: not listed
        assertThat(items(body)).containsExactly("p3 #3 was null +98", "p6 #6 was null +95", "p2 #2 was 5 +3",
                "p4 #4 was 7 +3");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + live.runId() + ":movers:" + category + ":10\"");

        assertThat(items(json(get("/api/v1/movers?category_id=" + category + "&limit=2"))))
                .containsExactly("p3 #3 was null +98", "p6 #6 was null +95");
        // a category without sales in the live window: nothing moved
        JsonNode empty = json(get("/api/v1/movers?category_id=" + freshCategory()));
        assertThat(empty.get("items")).isEmpty();
        assertThat(empty.get("compared_with").asString()).isEqualTo(end.minus(Duration.ofHours(24)).toString());
    }

    @Test
    void overallMoversAreEveryCategorysBiggestClimbsByChangeThenRankThenCategory() throws Exception {
        int[] ids = {freshCategory(), freshCategory(), freshCategory()};
        Arrays.sort(ids);
        int a = ids[0];
        int b = ids[1];
        int c = ids[2];
        CATALOG.name(Map.of(a, "Movers Test Kitchen"), Map.of());
        // 30 h back: older than the compared ranking, never compared
        HISTORY.publish(end.minus(Duration.ofHours(30)), Map.of(b, List.of(sold(400, 9))));
        // 24 h back, published twice: the second is the compared ranking
        HISTORY.publish(end.minus(Duration.ofHours(24)), Map.of(a, List.of(sold(106, 9))));
        var compared = new LinkedHashMap<Integer, List<RankingFixtures.Sold>>();
        compared.put(a, List.of(sold(101, 60), sold(102, 50), sold(103, 40), sold(104, 30), sold(105, 20),
                sold(107, 10)));                                   // p107 #6
        compared.put(b, filler(201, 101));                         // p201..p301 at #1..#101: p301 outside the top 100
        compared.put(c, List.of(sold(101, 60), sold(302, 50)));    // p302 #2
        HISTORY.publish(end.minus(Duration.ofHours(24)), compared);
        // 10 h back: newer than 24 h, never compared
        HISTORY.publish(end.minus(Duration.ofHours(10)), Map.of(c, List.of(sold(500, 9))));
        var now = new LinkedHashMap<Integer, List<RankingFixtures.Sold>>();
        now.put(a, List.of(sold(101, 60), sold(107, 50), sold(102, 40), sold(103, 30), sold(106, 20)));
        now.put(b, List.of(sold(205, 60), sold(301, 50), sold(201, 40), sold(250, 30), sold(400, 20)));
        now.put(c, List.of(sold(302, 60), sold(101, 50), sold(500, 40)));
        RankingFixtures.Published live = HISTORY.publish(end, now);
        goLive(live);

        HttpResponse<String> page = get("/movers");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        // newcomers count from 101; a tie in change goes to the better rank now, then the lower category id;
        // what fell (a: p102, p103; b: p201; c: p101) or stayed (a: p101) is not listed
        assertThat(rows(page.body(), a, b, c)).containsExactly(
                "b p301 #2 was not in the top 100 ▲ 99",
                "c p500 #3 was not in the top 100 ▲ 98",
                "a p106 #5 was not in the top 100 ▲ 96",
                "b p400 #5 was not in the top 100 ▲ 96",
                "b p250 #4 was 50 ▲ 46",
                "b p205 #1 was 5 ▲ 4",
                "a p107 #2 was 6 ▲ 4",
                "c p302 #1 was 2 ▲ 1");
        assertThat(page.body()).contains("<a class=\"category-link\" href=\"/movers/" + a + "\">Movers Test Kitchen</a>")
                .contains("<a class=\"category-link\" href=\"/movers/" + b + "\">Category " + b + "</a>")
                .contains("<time datetime=\"" + end.minus(Duration.ofHours(24)) + "\">");

        // the SQL keeps the first N
        JsonNode firstThree = JSON.readTree(historyService.overallMovers(3, null).join().json());
        assertThat(firstThree.get("items").valueStream().map(item -> item.get("category_id").asInt() + " p"
                + item.get("product_id").asLong() + " +" + item.get("change").asInt()).toList())
                .containsExactly(b + " p301 +99", c + " p500 +98", a + " p106 +96");

        // cached under the live run, with its ETag
        assertThat(page.headers().firstValue("ETag")).hasValue("\"" + live.runId() + ":page:movers\"");
        assertThat(redisTemplate.hasKey("salesrank:v1:run:" + live.runId() + ":page:movers")).isTrue();
        assertThat(redisTemplate.hasKey("salesrank:v1:run:" + live.runId() + ":movers:all:50")).isTrue();
        double loads = databaseLoads();
        assertThat(get("/movers").body()).isEqualTo(page.body());
        assertThat(get("/movers", "If-None-Match", "\"" + live.runId() + ":page:movers\"").statusCode()).isEqualTo(304);
        assertThat(databaseLoads()).as("served from the cache").isEqualTo(loads);
    }

    private static final Pattern ROW = Pattern.compile(
            "<tr data-category-id=\"(\\d+)\" data-product-id=\"(\\d+)\">(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>",
            Pattern.DOTALL);

    /** The /movers page's rows as "a p106 #5 was 7 ▲ 2", the categories named a, b, c. */
    static List<String> rows(String html, int a, int b, int c) {
        List<String> rows = new ArrayList<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            int category = Integer.parseInt(row.group(1));
            String letter = category == a ? "a" : category == b ? "b" : category == c ? "c" : "category " + category;
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(3));
            while (cell.find()) {
                cells.add(cell.group(1).replaceAll("<[^>]+>", "").strip());
            }
            rows.add(letter + " p" + row.group(2) + " #" + cells.get(0) + " was " + cells.get(3) + " " + cells.get(4));
        }
        return rows;
    }

    @Test
    void bothAreCachedUnderTheLiveRunAndANewPublishMakesNewKeys() throws Exception {
        int category = freshCategory();
        publishAt(25, category, List.of(sold(2, 10), sold(1, 9)));
        RankingFixtures.Published live = publishAt(0, category, List.of(sold(1, 10), sold(2, 9)));
        goLive(live);
        String history = "/api/v1/products/1/rank/history?category_id=" + category;
        String movers = "/api/v1/movers?category_id=" + category;

        HttpResponse<String> firstHistory = get(history);
        HttpResponse<String> firstMovers = get(movers);
        double loads = databaseLoads();
        HttpResponse<String> againHistory = get(history);
        HttpResponse<String> againMovers = get(movers);

        assertThat(databaseLoads()).as("served from the cache").isEqualTo(loads);
        assertThat(againHistory.body()).isEqualTo(firstHistory.body());
        assertThat(againMovers.body()).isEqualTo(firstMovers.body());
        assertThat(items(json(firstMovers))).containsExactly("p1 #1 was 2 +1");
        assertThat(redisTemplate.hasKey("salesrank:v1:run:" + live.runId() + ":history:1:" + category + ":168")).isTrue();
        assertThat(redisTemplate.hasKey("salesrank:v1:run:" + live.runId() + ":movers:" + category + ":10")).isTrue();
        String etag = firstMovers.headers().firstValue("ETag").orElseThrow();
        assertThat(get(movers, "If-None-Match", etag).statusCode()).isEqualTo(304);

        RankingFixtures.Published next = HISTORY.publish(end.plus(Duration.ofHours(1)),
                Map.of(category, List.of(sold(2, 10), sold(1, 9))));
        goLive(next);

        HttpResponse<String> afterHistory = get(history, "If-None-Match", etag);
        assertThat(afterHistory.statusCode()).isEqualTo(200);
        assertThat(points(json(afterHistory))).containsExactly(end.minus(Duration.ofHours(25)) + " #2", end + " #1",
                end.plus(Duration.ofHours(1)) + " #2");
        assertThat(get(movers, "If-None-Match", etag).statusCode()).as("a new run, a new ETag").isEqualTo(200);
    }

    @Test
    void bothAreInTheOpenApiDocumentWithTheirParameters() throws Exception {
        JsonNode paths = json(get("/v3/api-docs")).get("paths");

        JsonNode history = paths.get("/api/v1/products/{product_id}/rank/history").get("get");
        JsonNode movers = paths.get("/api/v1/movers").get("get");
        assertThat(parameterNames(history)).containsExactlyInAnyOrder("product_id", "category_id", "hours",
                "If-None-Match");
        assertThat(parameterNames(movers)).containsExactlyInAnyOrder("category_id", "limit", "If-None-Match");
        assertThat(history.get("responses").propertyNames()).contains("200", "304", "400", "503");
        assertThat(movers.get("responses").propertyNames()).contains("200", "304", "400", "503");
    }

    static List<String> parameterNames(JsonNode operation) {
        List<String> names = new ArrayList<>();
        for (JsonNode parameter : operation.get("parameters")) {
            names.add(parameter.get("name").asString());
        }
        return names;
    }

    static RankingFixtures.Sold sold(long product, long total) {
        return new RankingFixtures.Sold(product, total);
    }

    static List<String> points(JsonNode body) {
        List<String> points = new ArrayList<>();
        for (JsonNode point : body.get("points")) {
            points.add(point.get("window_end").asString() + " #" + point.get("rank").asInt());
        }
        return points;
    }

    static List<String> items(JsonNode body) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : body.get("items")) {
            JsonNode previous = item.get("previous_rank");
            items.add("p" + item.get("product_id").asLong() + " #" + item.get("rank").asInt() + " was "
                    + (previous.isNull() ? "null" : previous.asInt()) + " +" + item.get("change").asInt());
        }
        return items;
    }
}
