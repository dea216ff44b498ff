package com.salesrank.api.ranking;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.web.InvalidParameterException;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The hot path: a GET /api/v1/popular whose page is in this instance's near
 * cache is answered here, with the stored bytes, before Spring MVC's dispatch
 * (handler lookup, argument resolution, content negotiation), which costs
 * more CPU than the rest of such a request. Anything else (a near-cache miss,
 * an invalid parameter, another method) goes on to {@link PopularController}
 * unchanged, so validation errors and every other answer have one source.
 * Registered after Boot's observation filter: these requests still count in
 * http.server.requests, under their uri.
 */
class NearCacheFastPath implements Filter {

    static final String PATH = "/api/v1/popular";

    private final RankingService rankings;
    private final CachedPageResponses responses;

    NearCacheFastPath(RankingService rankings, CachedPageResponses responses) {
        this.rankings = rankings;
        this.responses = responses;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        CachedPage page = "GET".equals(request.getMethod()) ? nearCached(request) : null;
        if (page == null) {
            chain.doFilter(req, res);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(PATH));
        responses.write(page, request, (HttpServletResponse) res);
    }

    private CachedPage nearCached(HttpServletRequest request) {
        try {
            PopularQuery query = PopularQuery.of(request);
            return rankings.popularFromNearCache(query.categoryId(), query.offset(), query.limit(),
                    request.getHeader("If-None-Match"));
        } catch (InvalidParameterException invalid) {
            // The controller answers it, with the problem details. (A query string
            // the container cannot decode is not caught: Tomcat reports it only on
            // the first read, so it goes on to /error, which answers it as such.)
            return null;
        }
    }
}
