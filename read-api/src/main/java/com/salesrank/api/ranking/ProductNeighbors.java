package com.salesrank.api.ranking;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.salesrank.contract.Ranking;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of GET /api/v1/products/{product_id}/neighbors: the product's place in one category and the
 * products ranked just above and below it, all from one run of one ranking (one statement reads them).
 */
@JsonPropertyOrder({"product_id", "title", "category_id", "category_name", "run_id", "ranking", "window_start",
    "window_end", "published_at", "rank", "ranked_in_category", "percentile", "total_sold", "above", "below"})
public record ProductNeighbors(
        @JsonProperty("product_id") long productId,
        @Schema(nullable = true, description = "the catalog's title of the product; null when the catalog lacks it")
        @JsonProperty("title") @JsonInclude(JsonInclude.Include.ALWAYS) String title,
        @JsonProperty("category_id") int categoryId,
        @Schema(nullable = true, description = "the catalog's name of the category; null when the catalog lacks it")
        @JsonProperty("category_name") @JsonInclude(JsonInclude.Include.ALWAYS) String categoryName,
        @JsonProperty("run_id") long runId,
        @Schema(description = "the ranking the product's rank was read from, by the same rule as /rank: the head "
                + "for ranks 1..K while its window ends later than the full ranking's, else the full ranking; the "
                + "neighbours come from that same run, so from the head none below rank K are listed")
        @JsonProperty("ranking") Ranking ranking,
        @JsonProperty("window_start") Instant windowStart,
        @JsonProperty("window_end") Instant windowEnd,
        @JsonProperty("published_at") Instant publishedAt,
        @JsonProperty("rank") int rank,
        @Schema(description = "as in /rank: how many products the category's ranking holds")
        @JsonProperty("ranked_in_category") int rankedInCategory,
        @Schema(description = "as in /rank: 100 * (ranked_in_category - rank + 1) / ranked_in_category")
        @JsonProperty("percentile") double percentile,
        @JsonProperty("total_sold") long totalSold,
        @ArraySchema(arraySchema = @Schema(description = "up to `above` products ranked just above, best first"))
        @JsonProperty("above") List<Neighbor> above,
        @ArraySchema(arraySchema = @Schema(description = "up to `below` products ranked just below, best first"))
        @JsonProperty("below") List<Neighbor> below) {

    /** A product ranked near the asked-for one, in the same category and run. */
    @Schema(name = "NeighborProduct")
    @JsonPropertyOrder({"rank", "product_id", "title", "total_sold"})
    public record Neighbor(
            @JsonProperty("rank") int rank,
            @JsonProperty("product_id") long productId,
            @Schema(nullable = true, description = "the catalog's title; null when the catalog lacks it")
            @JsonProperty("title") @JsonInclude(JsonInclude.Include.ALWAYS) String title,
            @JsonProperty("total_sold") long totalSold) {
    }
}
