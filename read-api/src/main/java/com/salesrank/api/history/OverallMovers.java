package com.salesrank.api.history;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The biggest 24 h gainers of every category's live top 100 together (the /movers page's data): the
 * per-category rule of {@link MoverSelection} ({@code change = previous_rank - rank}, a newcomer counted
 * from rank 101, only climbers) across categories, biggest change first, then best rank, then category
 * id and product id. {@code compared_with} is null (and there are no items) when no published full
 * ranking ends 24 hours or more before the live one.
 */
@JsonPropertyOrder({"window_end", "compared_with", "items"})
record OverallMovers(
        @JsonProperty("window_end") Instant windowEnd,
        @JsonProperty("compared_with") @JsonInclude(JsonInclude.Include.ALWAYS) Instant comparedWith,
        @JsonProperty("items") List<Item> items) {

    /** {@code category_name} and {@code title} are null where the catalog lacks the id. */
    @JsonPropertyOrder({"category_id", "category_name", "product_id", "title", "rank", "previous_rank", "change"})
    record Item(
            @JsonProperty("category_id") int categoryId,
            @JsonProperty("category_name") @JsonInclude(JsonInclude.Include.ALWAYS) String categoryName,
            @JsonProperty("product_id") long productId,
            @JsonProperty("title") @JsonInclude(JsonInclude.Include.ALWAYS) String title,
            @JsonProperty("rank") int rank,
            @JsonProperty("previous_rank") @JsonInclude(JsonInclude.Include.ALWAYS) Integer previousRank,
            @JsonProperty("change") int change) {
    }
}
