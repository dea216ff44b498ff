package com.salesrank.api.history;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of GET /api/v1/movers: the products of a category's live top 100 that climbed most since the
 * ranking 24 hours earlier. {@code compared_with} is that ranking's window end, null when no published
 * full ranking ends 24 hours or more before the live one (then there is nothing to compare, and no items).
 */
@JsonPropertyOrder({"category_id", "category_name", "window_end", "compared_with", "items"})
record Movers(
        @JsonProperty("category_id") int categoryId,
        @Schema(nullable = true, description = "the catalog's name of the category; null when the catalog lacks it")
        @JsonProperty("category_name") @JsonInclude(JsonInclude.Include.ALWAYS) String categoryName,
        @JsonProperty("window_end") Instant windowEnd,
        @Schema(nullable = true) @JsonProperty("compared_with") @JsonInclude(JsonInclude.Include.ALWAYS) Instant comparedWith,
        @JsonProperty("items") List<Item> items) {

    /**
     * {@code previous_rank} is null for a newcomer (outside the earlier top 100); {@code change} is
     * {@code previous_rank - rank}, or {@code 101 - rank} for a newcomer.
     */
    @Schema(name = "Mover")
    @JsonPropertyOrder({"product_id", "title", "rank", "previous_rank", "change"})
    record Item(
            @JsonProperty("product_id") long productId,
            @Schema(nullable = true, description = "the catalog's title of the product; null when the catalog lacks it")
            @JsonProperty("title") @JsonInclude(JsonInclude.Include.ALWAYS) String title,
            @JsonProperty("rank") int rank,
            @Schema(nullable = true) @JsonProperty("previous_rank") @JsonInclude(JsonInclude.Include.ALWAYS) Integer previousRank,
            @JsonProperty("change") int change) {

        /** A mover the catalog has no title for. */
        Item(long productId, int rank, Integer previousRank, int change) {
            this(productId, null, rank, previousRank, change);
        }
    }
}
