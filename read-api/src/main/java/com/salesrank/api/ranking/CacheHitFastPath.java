package com.salesrank.api.ranking;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.web.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The hit path: a GET /api/v1/popular whose page either cache tier holds (the near cache, or
 * Redis, read on this thread under its tight timeout and circuit breaker) is answered here, with
 * the stored bytes, before Spring MVC's dispatch (handler lookup, argument resolution, return
 * value handling, content negotiation), which costs more CPU than the rest of such a request.
 * A page loading from the database is written here too, once loaded, by the thread that loaded
 * it (Servlet async, no second dispatch through Spring MVC). Anything else goes on to
 * {@link PopularController}, so validation errors and every other answer have one source: an
 * invalid parameter, another method, and a failed load, whose future is handed on
 * ({@link PendingPopularPage}) so the controller answers that failure without looking up or
 * loading the page again. Registered after Boot's observation filter: these requests still count
 * in http.server.requests, under their uri.
 */
class CacheHitFastPath implements Filter {

    static final String PATH = "/api/v1/popular";

    private final RankingService rankings;
    private final CachedPageResponses responses;

    CacheHitFastPath(RankingService rankings, CachedPageResponses responses) {
        this.rankings = rankings;
        this.responses = responses;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        CompletableFuture<CachedPage> page = "GET".equals(request.getMethod()) ? lookUp(request) : null;
        if (page == null) {
            chain.doFilter(req, res);
            return;
        }
        if (page.isCompletedExceptionally()) {
            PendingPopularPage.handOn(request, page);
            chain.doFilter(req, res);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(PATH));
        if (page.isDone()) {
            responses.write(page.join(), request, (HttpServletResponse) res);
        } else {
            answerWhenLoaded(page, request, (HttpServletResponse) res);
        }
    }

    /**
     * A page loading from the database: the request thread is released at once (Servlet async),
     * and the thread that completes the load writes the page, without a second dispatch through
     * Spring MVC. A failed load, or one that outlives the async timeout, is dispatched to the
     * controller with its failure, whose exception handlers write the problem document.
     */
    private void answerWhenLoaded(CompletableFuture<CachedPage> page, HttpServletRequest request,
            HttpServletResponse response) {
        AsyncContext async = request.startAsync(request, response);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                if (answered.compareAndSet(false, true)) {
                    PendingPopularPage.handOn(request,
                            CompletableFuture.failedFuture(new AsyncRequestTimeoutException()));
                    async.dispatch();
                }
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        page.whenComplete((loaded, failure) -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            if (failure != null) {
                PendingPopularPage.handOn(request, page);
                async.dispatch();
                return;
            }
            try {
                responses.write(loaded, request, response);
            } catch (IOException | RuntimeException clientGone) {
                // the client closed the connection: nothing left to answer
            } finally {
                async.complete();
            }
        });
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
