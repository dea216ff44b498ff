package com.salesrank.api.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The bodies as RankingService serializes them: snake_case fields only, numbers as JSON numbers. */
class ResponseBodyJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final Instant start = Instant.parse("2026-11-20T13:00:00Z");
    private final Instant end = Instant.parse("2026-11-27T13:00:00Z");
    private final Instant published = Instant.parse("2026-11-27T13:05:00.250Z");

    @Test
    void popularProductsCarryTheRunFieldsAndNothingElse() {
        PopularProducts page = new PopularProducts(7, 59, start, end, published,
                List.of(new PopularProducts.Item(1, 7, 1, 100, 50)));

        JsonNode body = json.readTree(json.writeValueAsBytes(page));

        assertThat(body.propertyNames()).containsExactly("category_id", "run_id", "window_start", "window_end",
                "published_at", "items");
        assertThat(body.get("run_id").isNumber()).isTrue();
        assertThat(body.get("items").get(0).get("total_sold").asLong()).isEqualTo(50);
        assertThat(page.run()).isEqualTo(new PublishedRun(59, start, end, published));
    }

    @Test
    void productRanksCarryTheRunFieldsAndNothingElse() {
        ProductRanks ranks = new ProductRanks(100, 59, start, end, published,
                List.of(new ProductRanks.CategoryRank(1, 7, null, 1, 50)));

        JsonNode body = json.readTree(json.writeValueAsBytes(ranks));

        assertThat(body.propertyNames()).containsExactly("product_id", "run_id", "window_start", "window_end",
                "published_at", "ranks");
        assertThat(ranks.run()).isEqualTo(new PublishedRun(59, start, end, published));
    }
}
