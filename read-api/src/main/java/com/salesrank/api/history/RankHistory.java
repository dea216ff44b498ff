package com.salesrank.api.history;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of GET /api/v1/products/{product_id}/rank/history: the product's rank in one category at every
 * published full ranking of the period where it was in that category's top 100, oldest first. A
 * ranking where it was not in the top 100 has no point (a gap in the window ends, not a null).
 */
@JsonPropertyOrder({"product_id", "category_id", "points"})
record RankHistory(
        @JsonProperty("product_id") long productId,
        @JsonProperty("category_id") int categoryId,
        @JsonProperty("points") List<Point> points) {

    /** The product's place in the full ranking of the window ending at {@code window_end}. */
    @Schema(name = "RankHistoryPoint")
    @JsonPropertyOrder({"window_end", "rank", "total_sold"})
    record Point(
            @JsonProperty("window_end") Instant windowEnd,
            @JsonProperty("rank") int rank,
            @JsonProperty("total_sold") long totalSold) {
    }
}
