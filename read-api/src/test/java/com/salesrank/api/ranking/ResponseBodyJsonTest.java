package com.salesrank.api.ranking;

import java.time.Instant;
import java.util.List;

import com.salesrank.api.run.PublishedRun;
import com.salesrank.contract.Ranking;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The bodies as RankingService serializes them: snake_case fields only, numbers as JSON numbers. */
class ResponseBodyJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final Instant start = Instant.parse("2026-11-20T13:00:00Z");
    private final Instant end = Instant.parse("2026-11-27T13:00:00Z");
    private final Instant published = Instant.parse("2026-11-27T13:05:00.250Z");
    private final Instant headEnd = Instant.parse("2026-11-27T13:20:00Z");
    private final Instant headPublished = Instant.parse("2026-11-27T13:21:00.500Z");

    @Test
    void popularProductsCarryTheRunFieldsAndTheirRanking() {
        PopularProducts page = new PopularProducts(7, "Kitchen & Dining", 59, Ranking.FULL, start, end, published,
                List.of(new PopularProducts.Item(1, 7, 1, 100, "Cast-iron skillet", 50),
                        new PopularProducts.Item(2, 7, 2, 101, null, 40)));

        JsonNode body = json.readTree(json.writeValueAsBytes(page));

        assertThat(body.propertyNames()).containsExactly("category_id", "category_name", "run_id", "ranking",
                "window_start", "window_end", "published_at", "items");
        assertThat(body.get("category_name").asString()).isEqualTo("Kitchen & Dining");
        assertThat(body.get("items").get(0).propertyNames()).containsExactly("id", "category_id", "rank",
                "product_id", "title", "total_sold");
        assertThat(body.get("items").get(0).get("title").asString()).isEqualTo("Cast-iron skillet");
        assertThat(body.get("items").get(1).get("title").isNull()).as("a product the catalog lacks").isTrue();
        assertThat(body.get("run_id").isNumber()).isTrue();
        assertThat(body.get("ranking").asString()).isEqualTo("full");
        assertThat(body.get("items").get(0).get("total_sold").asLong()).isEqualTo(50);
        assertThat(page.run()).isEqualTo(new PublishedRun(59, start, end, published));
    }

    @Test
    void aPageFromTheHeadSaysSo() {
        PopularProducts page = new PopularProducts(7, null, 61, Ranking.HEAD, start, headEnd, headPublished, List.of());

        JsonNode body = json.readTree(json.writeValueAsBytes(page));

        assertThat(body.get("ranking").asString()).isEqualTo("head");
        assertThat(body.get("window_end").asString()).isEqualTo("2026-11-27T13:20:00Z");
        assertThat(body.get("category_name").isNull()).as("a category the catalog lacks").isTrue();
    }

    @Test
    void productRanksFromTheFullRankingNameItOnceAndOnEveryRank() {
        PublishedRun run = new PublishedRun(59, start, end, published);
        ProductRanks ranks = ProductRanks.of(100, Ranking.FULL, run,
                List.of(ProductRanks.CategoryRank.of(1, 7, null, 1, 40, 50, Ranking.FULL, 59)));

        JsonNode body = json.readTree(json.writeValueAsBytes(ranks));

        assertThat(body.propertyNames()).containsExactly("product_id", "run_id", "ranking", "window_start",
                "window_end", "published_at", "runs", "ranks");
        assertThat(body.get("ranking").asString()).isEqualTo("full");
        assertThat(body.get("runs")).hasSize(1);
        assertThat(body.get("runs").get(0).propertyNames()).containsExactly("ranking", "run_id", "window_start",
                "window_end", "published_at");
        assertThat(body.get("runs").get(0).get("run_id").asLong()).isEqualTo(59);
        assertThat(body.get("ranks").get(0).propertyNames()).containsExactly("id", "category_id", "category_name",
                "rank", "ranked_in_category", "percentile", "total_sold", "ranking", "run_id");
        assertThat(body.get("ranks").get(0).get("ranked_in_category").asInt()).isEqualTo(40);
        assertThat(body.get("ranks").get(0).get("percentile").asDouble()).isEqualTo(100.0);
        assertThat(body.get("ranks").get(0).get("ranking").asString()).isEqualTo("full");
        assertThat(body.get("ranks").get(0).get("run_id").asLong()).isEqualTo(59);
        assertThat(body.get("ranks").get(0).get("category_name").isNull()).isTrue();
        assertThat(ranks.run()).isEqualTo(run);
    }

    @Test
    void productRanksFromBothRankingsListBothRunsNewestFirst() {
        PublishedRun full = new PublishedRun(59, start, end, published);
        PublishedRun head = new PublishedRun(61, start, headEnd, headPublished);
        ProductRanks ranks = new ProductRankRows(100, full,
                List.of(ProductRanks.CategoryRank.of(9, 8, "Games", 250, 400, 3, Ranking.FULL, 59)),
                head, List.of(ProductRanks.CategoryRank.of(2, 7, "Toys", 3, 40, 40, Ranking.HEAD, 61)))
                .answer(100);

        JsonNode body = json.readTree(json.writeValueAsBytes(ranks));

        assertThat(body.get("run_id").asLong()).as("the newest run read").isEqualTo(61);
        assertThat(body.get("ranking").asString()).isEqualTo("head");
        assertThat(body.get("window_end").asString()).isEqualTo("2026-11-27T13:20:00Z");
        assertThat(body.get("runs").get(0).get("ranking").asString()).isEqualTo("head");
        assertThat(body.get("runs").get(0).get("run_id").asLong()).isEqualTo(61);
        assertThat(body.get("runs").get(1).get("ranking").asString()).isEqualTo("full");
        assertThat(body.get("runs").get(1).get("run_id").asLong()).isEqualTo(59);
        assertThat(body.get("ranks").get(0).get("ranking").asString()).isEqualTo("head");
        assertThat(body.get("ranks").get(1).get("ranking").asString()).isEqualTo("full");
        assertThat(body.get("ranks").get(1).get("run_id").asLong()).isEqualTo(59);
    }
}
