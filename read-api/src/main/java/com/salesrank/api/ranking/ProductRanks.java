package com.salesrank.api.ranking;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.contract.Ranking;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of GET /api/v1/products/{product_id}/rank: the product's place in every category it sold in.
 * The top-level run fields name the newest run the answer was read from; {@code runs} lists every
 * run it was read from (the full ranking's, and the head's when the head is newer), and each rank
 * names its ranking and run. All of them were read in one statement.
 */
@JsonPropertyOrder({"product_id", "run_id", "ranking", "window_start", "window_end", "published_at", "runs",
    "ranks"})
record ProductRanks(
        @JsonProperty("product_id") long productId,
        @JsonProperty("run_id") long runId,
        @JsonProperty("ranking") Ranking ranking,
        @JsonProperty("window_start") Instant windowStart,
        @JsonProperty("window_end") Instant windowEnd,
        @JsonProperty("published_at") Instant publishedAt,
        @ArraySchema(arraySchema = @Schema(description = "every run this answer was read from, newest first"))
        @JsonProperty("runs") List<Run> runs,
        @JsonProperty("ranks") List<CategoryRank> ranks) {

    /** An answer read from one run only (the full ranking's, or the head's when there is no full one). */
    static ProductRanks of(long productId, Ranking ranking, PublishedRun run, List<CategoryRank> ranks) {
        return new ProductRanks(productId, run.runId(), ranking, run.windowStart(), run.windowEnd(),
                run.publishedAt(), List.of(Run.of(ranking, run)), ranks);
    }

    /** The newest run these rows come from; its fields are in the body already. */
    @JsonIgnore
    PublishedRun run() {
        return new PublishedRun(runId, windowStart, windowEnd, publishedAt);
    }

    /** One run the answer was read from. */
    @Schema(name = "RankingRun")
    @JsonPropertyOrder({"ranking", "run_id", "window_start", "window_end", "published_at"})
    record Run(
            @JsonProperty("ranking") Ranking ranking,
            @JsonProperty("run_id") long runId,
            @JsonProperty("window_start") Instant windowStart,
            @JsonProperty("window_end") Instant windowEnd,
            @JsonProperty("published_at") Instant publishedAt) {

        static Run of(Ranking ranking, PublishedRun run) {
            return new Run(ranking, run.runId(), run.windowStart(), run.windowEnd(), run.publishedAt());
        }
    }

    /**
     * "#3 in Toys, of 250": {@code category_name} is null when the catalogue does not know the category;
     * {@code ranking} and {@code run_id} say which run this rank was read from.
     */
    @JsonPropertyOrder({"id", "category_id", "category_name", "rank", "ranked_in_category", "percentile", "total_sold",
        "ranking", "run_id"})
    record CategoryRank(
            @JsonProperty("id") long id,
            @JsonProperty("category_id") int categoryId,
            @Schema(nullable = true) @JsonProperty("category_name") @JsonInclude(JsonInclude.Include.ALWAYS) String categoryName,
            @JsonProperty("rank") int rank,
            @Schema(description = "how many products the category's full ranking holds (its deepest rank: ranks "
                    + "are dense from 1); the head holds ranks 1..K only, so while the head answers this is the "
                    + "full ranking's count, or K's depth if that is larger")
            @JsonProperty("ranked_in_category") int rankedInCategory,
            @Schema(description = "the share of the category's ranked products that this product sells as well "
                    + "as or better than, in percent with one decimal: 100 * (ranked_in_category - rank + 1) / "
                    + "ranked_in_category; #1 is 100.0")
            @JsonProperty("percentile") double percentile,
            @JsonProperty("total_sold") long totalSold,
            @JsonProperty("ranking") Ranking ranking,
            @JsonProperty("run_id") long runId) {

        static CategoryRank of(long id, int categoryId, String categoryName, int rank, int rankedInCategory,
                long totalSold, Ranking ranking, long runId) {
            int ranked = Math.max(rank, rankedInCategory);
            return new CategoryRank(id, categoryId, categoryName, rank, ranked, percentile(rank, ranked), totalSold,
                    ranking, runId);
        }

        /** 100 * (ranked - rank + 1) / ranked, rounded half up to one decimal. */
        static double percentile(int rank, int ranked) {
            return Math.round(1000.0 * (ranked - rank + 1) / ranked) / 10.0;
        }
    }
}
