package com.salesrank.api.history;

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

/** GET /api/v1/products/{product_id}/rank/history: where the product stood in a category, hour by hour. */
@RestController
@Tag(name = ApiTags.HISTORY)
class RankHistoryController {

    static final int DEFAULT_HOURS = 168;
    /** A year: beyond the publisher's retention (30 days by default) there are no points anyway. */
    static final int MAX_HOURS = 8760;

    private final RankHistoryService history;
    private final CachedPageResponses responses;

    RankHistoryController(RankHistoryService history, CachedPageResponses responses) {
        this.history = history;
        this.responses = responses;
    }

    @Operation(operationId = "getRankHistory", summary = "The product's rank in a category at each published full ranking of the last hours, oldest first",
            description = "Points are the published full rankings whose window end lies in (live window end - hours,"
                    + " live window end], one per window end (the latest run if a window was published twice)."
                    + " A ranking where the product was not in the category's top 100 has no point.",
            parameters = {
                @Parameter(name = "product_id", in = ParameterIn.PATH, required = true,
                        schema = @Schema(type = "integer", format = "int64", minimum = "0")),
                @Parameter(name = "category_id", in = ParameterIn.QUERY, required = true,
                        schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "" + Integer.MAX_VALUE)),
                @Parameter(name = "hours", in = ParameterIn.QUERY, description = "how far back from the live window end",
                        schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "" + MAX_HOURS,
                                defaultValue = "" + DEFAULT_HOURS))},
            responses = {
                @ApiResponse(responseCode = "200", description = "the points (none: never in the top 100 in the period)",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = RankHistory.class))),
                @ApiResponse(responseCode = "304", description = "If-None-Match matched the current ETag"),
                @ApiResponse(responseCode = "400", description = "missing, non-numeric, out-of-range or repeated parameter",
                        content = @Content(mediaType = "application/problem+json")),
                @ApiResponse(responseCode = "503", description = "nothing published yet, or neither cache nor database can answer",
                        content = @Content(mediaType = "application/problem+json"))})
    @GetMapping("/api/v1/products/{product_id}/rank/history")
    Object history(@Parameter(hidden = true) @PathVariable("product_id") String productId,
            @Parameter(hidden = true) HttpServletRequest request) {
        long id = RequestParameters.parse("product_id", productId, 0, Long.MAX_VALUE);
        int categoryId = RequestParameters.requiredInt(request, "category_id", 0, Integer.MAX_VALUE);
        int hours = RequestParameters.optionalInt(request, "hours", DEFAULT_HOURS, 1, MAX_HOURS);
        return responses.respond(history.history(id, categoryId, hours, request.getHeader(HttpHeaders.IF_NONE_MATCH)));
    }
}
