package com.salesrank.api.ranking;

import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.fastpath.PendingPopularPage;
import com.salesrank.api.openapi.ApiTags;
import com.salesrank.api.web.CachedPageResponses;
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

/**
 * GET /api/v1/popular: a category's best sellers in the latest published window; pages within the
 * head's K from the newer of the head and the full ranking (see {@link RankingService}).
 */
@RestController
@Tag(name = ApiTags.RANKINGS)
class PopularController {

    private final RankingService rankings;
    private final CachedPageResponses responses;

    PopularController(RankingService rankings, CachedPageResponses responses) {
        this.rankings = rankings;
        this.responses = responses;
    }

    @Operation(operationId = "getPopularProducts", summary = "Best sellers of a category in the latest published window, best first",
            description = "A page that lies wholly within the head ranking (offset + limit <= K, the deepest "
                    + "rank the head holds, typically 100) is answered by whichever of the head (refreshed "
                    + "every 10 minutes) and the full ranking (hourly) has the later window end; any other "
                    + "page by the full ranking. One page always comes from one run: `ranking` and "
                    + "`run_id` name it, the window fields give its window.",
            parameters = {
                @Parameter(name = "category_id", in = ParameterIn.QUERY, required = true,
                        schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "" + Integer.MAX_VALUE)),
                @Parameter(name = "limit", in = ParameterIn.QUERY,
                        schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                maximum = "" + PopularQuery.MAX_LIMIT, defaultValue = "" + PopularQuery.DEFAULT_LIMIT)),
                @Parameter(name = "offset", in = ParameterIn.QUERY, description = "ranks skipped",
                        schema = @Schema(type = "integer", format = "int32", minimum = "0",
                                maximum = "" + PopularQuery.MAX_OFFSET, defaultValue = "0"))},
            responses = {
                @ApiResponse(responseCode = "200", description = "the ranking slice (no items: no sales in the window)",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = PopularProducts.class))),
                @ApiResponse(responseCode = "304", description = "If-None-Match matched the current ETag"),
                @ApiResponse(responseCode = "400", description = "missing, non-numeric, out-of-range or repeated parameter",
                        content = @Content(mediaType = "application/problem+json")),
                @ApiResponse(responseCode = "503", description = "nothing published yet, or neither cache nor database can answer",
                        content = @Content(mediaType = "application/problem+json"))})
    @GetMapping("/api/v1/popular")
    Object popular(@Parameter(hidden = true) HttpServletRequest request) {
        CompletableFuture<CachedPage> pending = PendingPopularPage.take(request);
        if (pending != null) {
            return responses.respond(pending);
        }
        PopularQuery query = PopularQuery.of(request);
        return responses.respond(rankings.popularAsync(query.categoryId(), query.offset(), query.limit(),
                request.getHeader(HttpHeaders.IF_NONE_MATCH)));
    }
}
