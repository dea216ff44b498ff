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
import org.springframework.web.bind.annotation.RestController;

/** GET /api/v1/movers: the products of a category's top 100 that climbed most in a day. */
@RestController
@Tag(name = ApiTags.HISTORY)
class MoversController {

    static final int MAX_LIMIT = MoverSelection.TOP;
    static final int DEFAULT_LIMIT = 10;

    private final RankHistoryService history;
    private final CachedPageResponses responses;

    MoversController(RankHistoryService history, CachedPageResponses responses) {
        this.history = history;
        this.responses = responses;
    }

    @Operation(operationId = "getMovers", summary = "Products of the category's live top 100 whose rank improved most against the ranking 24 h earlier",
            description = "compared_with is the window end of the newest published full ranking ending at least 24 h"
                    + " before the live one (null, with no items, when there is none). previous_rank is null for a"
                    + " product outside that ranking's top 100; change is previous_rank - rank, or 101 - rank for a"
                    + " newcomer. Only change > 0, by change descending, then rank ascending.",
            parameters = {
                @Parameter(name = "category_id", in = ParameterIn.QUERY, required = true,
                        schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "" + Integer.MAX_VALUE)),
                @Parameter(name = "limit", in = ParameterIn.QUERY,
                        schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "" + MAX_LIMIT,
                                defaultValue = "" + DEFAULT_LIMIT))},
            responses = {
                @ApiResponse(responseCode = "200", description = "the movers (none: nothing climbed, or nothing to compare with)",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = Movers.class))),
                @ApiResponse(responseCode = "304", description = "If-None-Match matched the current ETag"),
                @ApiResponse(responseCode = "400", description = "missing, non-numeric, out-of-range or repeated parameter",
                        content = @Content(mediaType = "application/problem+json")),
                @ApiResponse(responseCode = "503", description = "nothing published yet, or neither cache nor database can answer",
                        content = @Content(mediaType = "application/problem+json"))})
    @GetMapping("/api/v1/movers")
    Object movers(@Parameter(hidden = true) HttpServletRequest request) {
        int categoryId = RequestParameters.requiredInt(request, "category_id", 0, Integer.MAX_VALUE);
        int limit = RequestParameters.optionalInt(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return responses.respond(history.movers(categoryId, limit, request.getHeader(HttpHeaders.IF_NONE_MATCH)));
    }
}
