package com.salesrank.api.ranking;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Body of GET /api/v1/popular: a slice of one category's ranking and the run it comes from. */
@JsonPropertyOrder({"category_id", "run_id", "window_start", "window_end", "published_at", "items"})
record PopularProducts(
        @JsonProperty("category_id") int categoryId,
        @JsonProperty("run_id") long runId,
        @JsonProperty("window_start") Instant windowStart,
        @JsonProperty("window_end") Instant windowEnd,
        @JsonProperty("published_at") Instant publishedAt,
        @JsonProperty("items") List<Item> items) {

    /** The run these rows come from; its fields are in the body already. */
    @JsonIgnore
    PublishedRun run() {
        return new PublishedRun(runId, windowStart, windowEnd, publishedAt);
    }

    /** One ranked product; {@code rank} 1 is the best seller. */
    @JsonPropertyOrder({"id", "category_id", "rank", "product_id", "total_sold"})
    record Item(
            @JsonProperty("id") long id,
            @JsonProperty("category_id") int categoryId,
            @JsonProperty("rank") int rank,
            @JsonProperty("product_id") long productId,
            @JsonProperty("total_sold") long totalSold) {
    }
}
