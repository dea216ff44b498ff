package com.salesrank.api.ranking;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Body of GET /api/v1/products/{product_id}/rank: the product's place in every category it sold in. */
@JsonPropertyOrder({"product_id", "run_id", "window_start", "window_end", "published_at", "ranks"})
record ProductRanks(
        @JsonProperty("product_id") long productId,
        @JsonProperty("run_id") long runId,
        @JsonProperty("window_start") Instant windowStart,
        @JsonProperty("window_end") Instant windowEnd,
        @JsonProperty("published_at") Instant publishedAt,
        @JsonProperty("ranks") List<CategoryRank> ranks) {

    /** The run these rows come from; its fields are in the body already. */
    @JsonIgnore
    PublishedRun run() {
        return new PublishedRun(runId, windowStart, windowEnd, publishedAt);
    }

    /** "#3 in Toys": {@code category_name} is null when the catalogue does not know the category. */
    @JsonPropertyOrder({"id", "category_id", "category_name", "rank", "total_sold"})
    record CategoryRank(
            @JsonProperty("id") long id,
            @JsonProperty("category_id") int categoryId,
            @JsonProperty("category_name") @JsonInclude(JsonInclude.Include.ALWAYS) String categoryName,
            @JsonProperty("rank") int rank,
            @JsonProperty("total_sold") long totalSold) {
    }
}
