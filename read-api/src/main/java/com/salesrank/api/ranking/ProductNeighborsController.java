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
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/v1/products/{product_id}/neighbors: the products ranked just above and below one in a category. */
@RestController
@Tag(name = ApiTags.RANKINGS)
class ProductNeighborsController {

    static final int DEFAULT_SPAN = 2;
    static final int MAX_SPAN = 10;

    private final RankingService rankings;
    private final CachedPageResponses responses;

    ProductNeighborsController(RankingService rankings, CachedPageResponses responses) {
        this.rankings = rankings;
        this.responses = responses;
    }

    @Operation(operationId = "getProductNeighbors",
            summary = "The products ranked just above and below the product in one category",
            description = "The product's rank comes from the ranking that answers it in /rank (the head for "
                    + "ranks 1..K while the head's window ends later, else the full ranking), and its "
                    + "neighbours from that same run, read in the same statement.",
            parameters = {
                @Parameter(name = "product_id", in = ParameterIn.PATH, required = true,
                        schema = @Schema(type = "integer", format = "int64", minimum = "0")),
                @Parameter(name = "category_id", in = ParameterIn.QUERY, required = true,
                        schema = @Schema(type = "integer", format = "int32", minimum = "0",
                                maximum = "" + Integer.MAX_VALUE)),
                @Parameter(name = "above", in = ParameterIn.QUERY, description = "products listed above at most",
                        schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "" + MAX_SPAN,
                                defaultValue = "" + DEFAULT_SPAN)),
                @Parameter(name = "below", in = ParameterIn.QUERY, description = "products listed below at most",
                        schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "" + MAX_SPAN,
                                defaultValue = "" + DEFAULT_SPAN))},
            responses = {
                @ApiResponse(responseCode = "200", description = "the product's rank and its neighbours",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ProductNeighbors.class))),
                @ApiResponse(responseCode = "304", description = "If-None-Match matched the current ETag"),
                @ApiResponse(responseCode = "400", description = "missing, non-numeric, out-of-range or repeated parameter",
                        content = @Content(mediaType = "application/problem+json")),
                @ApiResponse(responseCode = "404", description = "the product is not ranked in that category",
                        content = @Content(mediaType = "application/problem+json")),
                @ApiResponse(responseCode = "503", description = "nothing published yet, or neither cache nor database can answer",
                        content = @Content(mediaType = "application/problem+json"))})
    @GetMapping("/api/v1/products/{product_id}/neighbors")
    Object neighbors(@Parameter(hidden = true) @PathVariable("product_id") String productId,
            @Parameter(hidden = true) HttpServletRequest request) {
        long id = RequestParameters.parse("product_id", productId, 0, Long.MAX_VALUE);
        int categoryId = RequestParameters.requiredInt(request, "category_id", 0, Integer.MAX_VALUE);
        int above = RequestParameters.optionalInt(request, "above", DEFAULT_SPAN, 0, MAX_SPAN);
        int below = RequestParameters.optionalInt(request, "below", DEFAULT_SPAN, 0, MAX_SPAN);
        return responses.respond(rankings.neighborsAsync(id, categoryId, above, below,
                request.getHeader(HttpHeaders.IF_NONE_MATCH)));
    }
}
