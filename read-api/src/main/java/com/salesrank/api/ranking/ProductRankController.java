package com.salesrank.api.ranking;

import com.salesrank.api.openapi.ApiTags;
import com.salesrank.api.web.CachedPageResponses;
import com.salesrank.api.web.RequestParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/v1/products/{product_id}/rank: "#3 in Toys", for every category the product sold in. */
@RestController
@Tag(name = ApiTags.RANKINGS)
class ProductRankController {

    private final RankingService rankings;
    private final CachedPageResponses responses;

    ProductRankController(RankingService rankings, CachedPageResponses responses) {
        this.rankings = rankings;
        this.responses = responses;
    }

    @Operation(operationId = "getProductRanks", summary = "The product's rank and total in each category it sold in, best placing first",
            description = "While the head ranking's window ends later than the full ranking's, ranks 1..K "
                    + "come from the head and deeper ones from the full ranking; a full-ranking rank within "
                    + "K that the newer head does not confirm is left out. Each rank names its `ranking` "
                    + "and `run_id`; `runs` lists every run the answer was read from (in one statement), "
                    + "and the top-level run fields name the newest of them.",
            parameters = @Parameter(name = "product_id", in = ParameterIn.PATH, required = true,
                    schema = @Schema(type = "integer", format = "int64", minimum = "0")),
            responses = {
                @ApiResponse(responseCode = "200", description = "the product's ranks (empty: no sales in the window)",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ProductRanks.class))),
                @ApiResponse(responseCode = "304", description = "If-None-Match matched the current ETag"),
                @ApiResponse(responseCode = "400", description = "product_id is not a non-negative integer",
                        content = @Content(mediaType = "application/problem+json")),
                @ApiResponse(responseCode = "503", description = "nothing published yet, or neither cache nor database can answer",
                        content = @Content(mediaType = "application/problem+json"))})
    @GetMapping("/api/v1/products/{product_id}/rank")
    Object rank(@Parameter(hidden = true) @PathVariable("product_id") String productId,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false)
            String ifNoneMatch) {
        long id = RequestParameters.parse("product_id", productId, 0, Long.MAX_VALUE);
        return responses.respond(rankings.productRanksAsync(id, ifNoneMatch));
    }
}
