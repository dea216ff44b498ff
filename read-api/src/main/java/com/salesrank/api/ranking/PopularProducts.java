package com.salesrank.api.ranking;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.contract.Ranking;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of GET /api/v1/popular: a slice of one category's ranking and the run it comes from. Every
 * item comes from that one run of that one ranking (one statement reads them).
 */
@JsonPropertyOrder({"category_id", "category_name", "run_id", "ranking", "window_start", "window_end", "published_at", "items"})
record PopularProducts(
        @JsonProperty("category_id") int categoryId,
        @Schema(nullable = true, description = "the catalog's name of the category; null when the catalog lacks it")
        @JsonProperty("category_name") @JsonInclude(JsonInclude.Include.ALWAYS) String categoryName,
        @JsonProperty("run_id") long runId,
        @Schema(description = "the ranking that answered: \"head\" (ranks 1..K of every category, refreshed "
                + "every 10 minutes) when the page lies within the head and the head's window ends later "
                + "than the full ranking's; else \"full\" (hourly, every rank)")
        @JsonProperty("ranking") Ranking ranking,
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
    @Schema(name = "RankedProduct")
    @JsonPropertyOrder({"id", "category_id", "rank", "product_id", "title", "total_sold"})
    record Item(
            @JsonProperty("id") long id,
            @JsonProperty("category_id") int categoryId,
            @JsonProperty("rank") int rank,
            @JsonProperty("product_id") long productId,
            @Schema(nullable = true, description = "the catalog's title of the product; null when the catalog lacks it")
            @JsonProperty("title") @JsonInclude(JsonInclude.Include.ALWAYS) String title,
            @JsonProperty("total_sold") long totalSold) {
    }
}
