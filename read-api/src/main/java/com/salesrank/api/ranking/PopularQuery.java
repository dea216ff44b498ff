package com.salesrank.api.ranking;

import com.salesrank.api.web.RequestParameters;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The query of GET /api/v1/popular, parsed once per request: the near-cache fast path parses it,
 * and on a miss the controller takes the same object from the request instead of parsing again.
 * An invalid parameter throws {@link com.salesrank.api.web.InvalidParameterException} wherever it
 * is first parsed, and the controller answers it.
 */
public record PopularQuery(int categoryId, int offset, int limit) {

    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 10;
    /** Deep enough for any page a person browses; bounds the key space an anonymous client can make us cache. */
    static final int MAX_OFFSET = 10_000;

    private static final String ATTRIBUTE = PopularQuery.class.getName();

    public static PopularQuery of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof PopularQuery parsed) {
            return parsed;
        }
        int categoryId = RequestParameters.requiredInt(request, "category_id", 0, Integer.MAX_VALUE);
        int limit = RequestParameters.optionalInt(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = RequestParameters.optionalInt(request, "offset", 0, 0, MAX_OFFSET);
        PopularQuery query = new PopularQuery(categoryId, offset, limit);
        request.setAttribute(ATTRIBUTE, query);
        return query;
    }
}
