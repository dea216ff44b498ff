package com.salesrank.api.fastpath;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.web.CachedPageResponses;
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
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * A page of GET /api/v1/popular that {@link CacheHitFastPath} found loading from the database:
 * the request thread is released at once (Servlet async), and the thread that completes the load
 * writes the page, without a dispatch through Spring MVC (which would cost two passes through it,
 * the request and the async re-dispatch). A failed load, or one that outlives the async timeout,
 * is dispatched to the controller with its failure, whose exception handlers write the problem
 * document. Registered after Boot's observation filter, so these requests are observed as usual.
 */
class PageLoadWriter implements Filter {

    private final CachedPageResponses responses;
    private final long timeoutMillis;

    /** @param timeout how long a request waits for its page (spring.mvc.async.request-timeout, as Spring MVC's own) */
    PageLoadWriter(CachedPageResponses responses, Duration timeout) {
        this.responses = responses;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        CompletableFuture<CachedPage> loading = PendingPopularPage.takeLoading(request);
        if (loading == null) {
            chain.doFilter(req, res);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(CacheHitFastPath.PATH));
        answerWhenLoaded(loading, request, (HttpServletResponse) res);
    }

    private void answerWhenLoaded(CompletableFuture<CachedPage> page, HttpServletRequest request,
            HttpServletResponse response) {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(timeoutMillis);
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
}
