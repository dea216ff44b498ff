package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.salesrank.client.ApiClient;
import com.salesrank.client.ApiException;
import com.salesrank.client.api.HistoryApi;
import com.salesrank.client.api.RankingsApi;
import com.salesrank.client.model.CategoryRank;
import com.salesrank.client.model.Mover;
import com.salesrank.client.model.Movers;
import com.salesrank.client.model.NeighborProduct;
import com.salesrank.client.model.PopularProducts;
import com.salesrank.client.model.ProblemDetail;
import com.salesrank.client.model.ProductNeighbors;
import com.salesrank.client.model.ProductRanks;
import com.salesrank.client.model.RankHistory;
import com.salesrank.client.model.RankedProduct;
import com.salesrank.client.model.RankingRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The API as a generated client sees it. The client (package com.salesrank.client) is generated at
 * build time by openapi-generator from the checked-in document src/main/openapi/read-api.json; the
 * first test keeps that document equal to the one the service serves, so the client cannot drift
 * from the service. The others call every operation through the client on the real stack, and read
 * a 400 back through the client's exception as a problem document.
 *
 * <p>After a deliberate change to the API, run this IT with {@code -Dopenapi.snapshot.update=true}
 * to write the served document over the checked-in one, and review the diff.
 */
class OpenApiClientIT extends ReadApiIntegrationTest {

    static final Path SNAPSHOT = Path.of("src/main/openapi/read-api.json");
    static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    static final HistoryFixtures HISTORY = new HistoryFixtures(STACK);

    RankingsApi rankings;
    HistoryApi history;
    ApiClient client;

    @BeforeEach
    void generatedClient() {
        client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setReadTimeout(Duration.ofSeconds(20));
        rankings = new RankingsApi(client);
        history = new HistoryApi(client);
    }

    @Test
    void theServedDocumentIsTheCheckedInOneTheClientIsGeneratedFrom() throws Exception {
        HttpResponse<String> served = get("/v3/api-docs");
        assertThat(served.statusCode()).isEqualTo(200);
        JsonNode document = json(served);
        if (Boolean.getBoolean("openapi.snapshot.update")) {
            Files.writeString(SNAPSHOT, PRETTY.writeValueAsString(document) + "\n");
        }

        JsonNode snapshot = JSON.readTree(Files.readString(SNAPSHOT));

        if (!snapshot.equals(document)) {
            Path actual = Path.of("target/openapi/served-api-docs.json");
            Files.createDirectories(actual.getParent());
            Files.writeString(actual, PRETTY.writeValueAsString(document) + "\n");
            throw new AssertionError("the served /v3/api-docs differs from " + SNAPSHOT + " (the generated client's"
                    + " source): compare with " + actual + "; if the change is meant, rerun with"
                    + " -Dopenapi.snapshot.update=true and review the diff");
        }
    }

    @Test
    void theDocumentPublishesOnlyTheApiEachOperationNamedTaggedAndWithProblemDocumentsForErrors() throws Exception {
        JsonNode document = json(get("/v3/api-docs"));

        assertThat(document.get("info").get("title").asString()).isEqualTo("salesrank read API");
        assertThat(document.get("info").get("version").asString()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(document.get("security").isArray() && document.get("security").isEmpty())
                .as("security: [] (public)").isTrue();
        assertThat(document.at("/servers/0/url").asString()).isEqualTo("/");
        // no /error (its 7 methods), no actuator, no HTML page
        assertThat(document.get("paths").propertyNames()).containsExactlyInAnyOrder("/api/v1/popular",
                "/api/v1/products/{product_id}/rank", "/api/v1/products/{product_id}/neighbors",
                "/api/v1/products/{product_id}/rank/history", "/api/v1/movers");
        List<String> operationIds = new ArrayList<>();
        for (JsonNode path : document.get("paths")) {
            assertThat(path.propertyNames()).as("GET only").containsExactly("get");
            JsonNode operation = path.get("get");
            operationIds.add(operation.get("operationId").asString());
            assertThat(operation.get("tags")).hasSize(1);
            assertThat(operation.at("/responses/200/content/application~1json/schema/$ref").asString())
                    .startsWith("#/components/schemas/");
            for (String status : List.of("400", "406", "500", "503")) {
                assertThat(operation.at("/responses/" + status + "/content/application~1problem+json/schema/$ref")
                        .asString()).as(operation.get("operationId") + " " + status)
                        .isEqualTo("#/components/schemas/ProblemDetail");
            }
        }
        assertThat(operationIds).containsExactlyInAnyOrder("getPopularProducts", "getProductRanks",
                "getProductNeighbors", "getRankHistory", "getMovers");
    }

    @Test
    void everyOperationAnswersThroughTheGeneratedClient() throws Exception {
        // full rankings with their history a day apart, at window ends no other test uses
        Instant end = Instant.parse("3000-01-01T00:00:00Z")
                .plus(Duration.ofHours(ThreadLocalRandom.current().nextLong(0, 7_000_000)));
        HISTORY.clearHistory(end.minus(Duration.ofDays(40)), end.plus(Duration.ofDays(40)));
        int category = freshCategory();
        HISTORY.publish(end.minus(Duration.ofHours(24)), Map.of(category, sold(31, 90, 32, 80, 33, 70)));
        RankingFixtures.Published live = HISTORY.publish(end, Map.of(category, sold(33, 95, 31, 85, 32, 75)));
        FIXTURES.awaitReplicated(live.runId());
        awaitLiveRun(live.runId());

        PopularProducts popular = rankings.getPopularProducts(category, 2, 0, null);
        assertThat(popular.getCategoryId()).isEqualTo(category);
        assertThat(popular.getRunId()).isEqualTo(live.runId());
        assertThat(popular.getRanking()).isEqualTo(PopularProducts.RankingEnum.FULL);
        assertThat(popular.getWindowEnd().toInstant()).isEqualTo(end);
        assertThat(popular.getItems()).extracting(RankedProduct::getProductId, RankedProduct::getRank,
                RankedProduct::getTotalSold).containsExactly(
                        tuple(33L, 1, 95L), tuple(31L, 2, 85L));

        ProductRanks ranks = rankings.getProductRanks(33L, null);
        assertThat(ranks.getProductId()).isEqualTo(33L);
        assertThat(ranks.getRanks()).extracting(CategoryRank::getCategoryId, CategoryRank::getRank,
                CategoryRank::getCategoryName, CategoryRank::getRanking, CategoryRank::getRunId)
                .containsExactly(tuple(category, 1, null, CategoryRank.RankingEnum.FULL,
                        live.runId()));
        assertThat(ranks.getRuns()).extracting(RankingRun::getRunId).containsExactly(live.runId());
        assertThat(ranks.getRanks()).extracting(CategoryRank::getRankedInCategory, CategoryRank::getPercentile)
                .containsExactly(tuple(3, 100.0));

        ProductNeighbors neighbors = rankings.getProductNeighbors(31L, category, 1, 2, null);
        assertThat(neighbors.getRank()).isEqualTo(2);
        assertThat(neighbors.getRankedInCategory()).isEqualTo(3);
        assertThat(neighbors.getPercentile()).isEqualTo(66.7);
        assertThat(neighbors.getAbove()).extracting(NeighborProduct::getProductId, NeighborProduct::getRank,
                NeighborProduct::getTotalSold).containsExactly(tuple(33L, 1, 95L));
        assertThat(neighbors.getBelow()).extracting(NeighborProduct::getProductId).containsExactly(32L);
        ApiException unranked = catchThrowableOfType(ApiException.class,
                () -> rankings.getProductNeighbors(34L, category, 2, 2, null));
        assertThat(unranked.getCode()).isEqualTo(404);
        assertThat(client.getObjectMapper().readValue(unranked.getResponseBody(), ProblemDetail.class).getType())
                .isEqualTo("urn:salesrank:problem:not-ranked-in-category");

        RankHistory points = history.getRankHistory(33L, category, 48, null);
        assertThat(points.getPoints()).extracting(point -> point.getWindowEnd().toInstant() + " #" + point.getRank())
                .containsExactly(end.minus(Duration.ofHours(24)) + " #3", end + " #1");

        Movers movers = history.getMovers(category, 10, null);
        assertThat(movers.getWindowEnd().toInstant()).isEqualTo(end);
        assertThat(movers.getComparedWith().toInstant()).isEqualTo(end.minus(Duration.ofHours(24)));
        assertThat(movers.getItems()).extracting(Mover::getProductId, Mover::getRank, Mover::getPreviousRank,
                Mover::getChange).containsExactly(tuple(33L, 1, 3, 2));

        // the documented If-None-Match: the ETag of a 200 brings a 304, which this client throws
        String etag = rankings.getPopularProductsWithHttpInfo(category, 2, 0, null).getHeaders().get("ETag").get(0);
        ApiException notModified = catchThrowableOfType(ApiException.class,
                () -> rankings.getPopularProducts(category, 2, 0, etag));
        assertThat(notModified.getCode()).isEqualTo(304);
    }

    @Test
    void aPageWithinTheHeadSaysSoThroughTheClient() throws Exception {
        // three hours back, as HeadRankingIT: older than the full rankings other tests publish for this hour
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        int category = freshCategory();
        var full = RankingFixtures.ranking();
        full.put(category, sold(41, 30, 42, 20, 43, 10));
        RankingFixtures.Published fullRun = FIXTURES.publish(full, base);
        FIXTURES.awaitReplicated(fullRun.runId());
        var head = RankingFixtures.ranking();
        head.put(category, sold(43, 40, 41, 31, 42, 20));
        RankingFixtures.Published headRun = FIXTURES.publishHead(head, base.plus(Duration.ofMinutes(10)));
        FIXTURES.awaitHeadReplicated(headRun.runId());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
                rankings.getPopularProducts(category, 3, 0, null).getRunId() == headRun.runId());

        PopularProducts page = rankings.getPopularProducts(category, 3, 0, null);
        assertThat(page.getRanking()).isEqualTo(PopularProducts.RankingEnum.HEAD);
        assertThat(page.getItems()).extracting(RankedProduct::getProductId).containsExactly(43L, 41L, 42L);
        ProductRanks ranks = rankings.getProductRanks(43L, null);
        assertThat(ranks.getRanking()).isEqualTo(ProductRanks.RankingEnum.HEAD);
        assertThat(ranks.getRuns()).extracting(RankingRun::getRanking).contains(RankingRun.RankingEnum.HEAD);
    }

    @Test
    void aBadParameterComesBackThroughTheClientAsAProblemDocument() throws Exception {
        int category = freshCategory();

        ApiException tooMany = catchThrowableOfType(ApiException.class,
                () -> rankings.getPopularProducts(category, 500, 0, null));

        assertThat(tooMany.getCode()).isEqualTo(400);
        assertThat(tooMany.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        ProblemDetail problem = client.getObjectMapper().readValue(tooMany.getResponseBody(), ProblemDetail.class);
        assertThat(problem.getType()).isEqualTo("urn:salesrank:problem:invalid-parameter");
        assertThat(problem.getTitle()).isEqualTo("Invalid request parameter");
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).contains("limit", "500");
        assertThat(problem.getInstance()).isEqualTo("/api/v1/popular");
        assertThat(problem.getParameter()).isEqualTo("limit");
        assertThat(problem.getReason()).isEqualTo(ProblemDetail.ReasonEnum.OUT_OF_RANGE);

        ApiException noHours = catchThrowableOfType(ApiException.class,
                () -> history.getRankHistory(33L, category, 0, null));
        assertThat(noHours.getCode()).isEqualTo(400);
        ProblemDetail hours = client.getObjectMapper().readValue(noHours.getResponseBody(), ProblemDetail.class);
        assertThat(hours.getParameter()).isEqualTo("hours");
        assertThat(hours.getReason()).isEqualTo(ProblemDetail.ReasonEnum.OUT_OF_RANGE);
    }
}
