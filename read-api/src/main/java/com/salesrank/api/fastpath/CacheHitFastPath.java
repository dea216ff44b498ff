package com.salesrank.api.fastpath;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.ranking.PopularQuery;
import com.salesrank.api.ranking.RankingService;
import com.salesrank.api.web.CachedPageResponses;
import com.salesrank.api.web.InvalidParameterException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;

/**
 * The hit path: a GET /api/v1/popular whose page either cache tier holds (the near cache, or
 * Redis, read on this thread under its tight timeout and circuit breaker) is answered here, with
 * the stored bytes, first of all filters: before Spring MVC's dispatch (handler lookup, argument
 * resolution, return value handling, content negotiation), and before Boot's observation filter,
 * each of which costs more CPU than the rest of such a request. The hit is timed in
 * http.server.requests all the same ({@link HitRequestsTimer}).
 *
 * <p>Anything else goes on, observed by Boot's filter as usual: a page still loading from the
 * database, or whose load failed, is handed on ({@link PendingPopularPage}) so one request makes
 * one lookup and at most one load ({@link PageLoadWriter} writes a loading page once loaded, the
 * controller answers a failure); an invalid parameter, another method, or a refused lookup goes
 * to {@link PopularController}, so validation errors and every other answer have one source.
 */
class CacheHitFastPath implements Filter {

    static final String PATH = "/api/v1/popular";

    private final RankingService rankings;
    private final CachedPageResponses responses;
    private final HitRequestsTimer timer;

    CacheHitFastPath(RankingService rankings, CachedPageResponses responses, HitRequestsTimer timer) {
        this.rankings = rankings;
        this.responses = responses;
        this.timer = timer;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        HttpServletRequest request = (HttpServletRequest) req;
        CompletableFuture<CachedPage> page =
                "GET".equals(request.getMethod()) && plainPath(request) ? lookUp(request) : null;
        if (page == null) {
            chain.doFilter(req, res);
            return;
        }
        if (!page.isDone() || page.isCompletedExceptionally()) {
            PendingPopularPage.handOn(request, page);
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        try {
            responses.write(page.join(), request, response);
        } catch (IOException | RuntimeException failed) {
            timer.record(request, response, failed, System.nanoTime() - start);
            throw failed;
        }
        timer.record(request, response, null, System.nanoTime() - start);
    }

    /**
     * The path exactly as mapped, with no path parameters ({@code ;p=...}) or percent-escapes:
     * those go on to web.MalformedPathFilter and the rest of the chain, whose answer they get
     * whatever the order between that filter and this one (both run first of all).
     */
    private static boolean plainPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri.length() == context.length() + PATH.length() && uri.startsWith(context) && uri.endsWith(PATH);
    }

    private CompletableFuture<CachedPage> lookUp(HttpServletRequest request) {
        PopularQuery query;
        try {
            query = PopularQuery.of(request);
        } catch (InvalidParameterException invalid) {
            // The controller answers it, with the problem details. (A query string
            // the container cannot decode is not caught: Tomcat reports it only on
            // the first read, so it goes on to /error, which answers it as such.)
            return null;
        }
        try {
            return rankings.popularAsync(query.categoryId(), query.offset(), query.limit(),
                    request.getHeader(HttpHeaders.IF_NONE_MATCH));
        } catch (RuntimeException refused) {
            // e.g. the database-load queue is full: the controller asks again and its exception
            // handlers answer with the problem document (an exception leaving a filter would not reach them)
            return null;
        }
    }
}
