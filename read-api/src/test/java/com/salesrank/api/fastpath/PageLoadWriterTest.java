package com.salesrank.api.fastpath;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;

import static com.salesrank.api.fastpath.CacheHitFastPathTest.PAGE;
import static com.salesrank.api.fastpath.CacheHitFastPathTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageLoadWriterTest {

    final PageLoadWriter writer = new PageLoadWriter(CacheHitFastPathTest.responses(), Duration.ofMillis(2500));
    final MockHttpServletResponse response = new MockHttpServletResponse();
    final MockFilterChain chain = new MockFilterChain();

    @Test
    void aRequestWithNoPageLoadingGoesOn() throws Exception {
        MockHttpServletRequest request = get("category_id=7");

        writer.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(request.isAsyncStarted()).isFalse();
    }

    @Test
    void aFailedLoadIsLeftForTheController() throws Exception {
        CompletableFuture<CachedPage> failed = CompletableFuture.failedFuture(new IllegalStateException("down"));
        MockHttpServletRequest request = get("category_id=7");
        PendingPopularPage.handOn(request, failed);

        writer.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(request.isAsyncStarted()).isFalse();
        assertThat(PendingPopularPage.take(request)).isSameAs(failed);
    }

    @Test
    void aPageStillLoadingIsWrittenByTheLoadWithoutDispatching() throws Exception {
        CompletableFuture<CachedPage> loading = new CompletableFuture<>();
        MockHttpServletRequest request = get("category_id=7");
        request.addHeader("If-None-Match", "\"41:cat:7:0:10\"");

        PendingPopularPage.handOn(request, loading);
        writer.doFilter(request, response, chain);

        assertThat(request.isAsyncStarted()).as("the request thread is released").isTrue();
        assertThat(request.getAsyncContext().getTimeout()).as("the request timeout, as Spring MVC's").isEqualTo(2500);
        assertThat(chain.getRequest()).as("not passed on").isNull();
        assertThat(response.getContentAsByteArray()).isEmpty();

        loading.complete(PAGE);

        assertThat(request.isAsyncStarted()).as("completed").isFalse();
        assertThat(((MockAsyncContext) request.getAsyncContext()).getDispatchedPath()).isNull();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getContentAsString()).isEqualTo("{\"category_id\":7}");
        assertThat(response.getHeader("ETag")).isEqualTo("\"42:cat:7:0:10\"");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=2400, public");
    }

    @Test
    void aPageStillLoadingGetsA304WhenItsTagMatches() throws Exception {
        CompletableFuture<CachedPage> loading = new CompletableFuture<>();
        MockHttpServletRequest request = get("category_id=7");
        request.addHeader("If-None-Match", "W/\"42:cat:7:0:10\"");

        PendingPopularPage.handOn(request, loading);
        writer.doFilter(request, response, chain);
        loading.complete(PAGE);

        assertThat(response.getStatus()).isEqualTo(304);
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(response.getHeader("ETag")).isEqualTo("\"42:cat:7:0:10\"");
    }

    @Test
    void aLoadThatFailsLaterIsDispatchedToTheControllerWithItsFailure() throws Exception {
        CompletableFuture<CachedPage> loading = new CompletableFuture<>();
        MockHttpServletRequest request = get("category_id=7");

        PendingPopularPage.handOn(request, loading);
        writer.doFilter(request, response, chain);
        loading.completeExceptionally(new IllegalStateException("down"));

        assertThat(((MockAsyncContext) request.getAsyncContext()).getDispatchedPath())
                .as("dispatched to the controller").isEqualTo("/api/v1/popular");
        assertThat(PendingPopularPage.take(request)).as("the very load, not a second one").isSameAs(loading);
        assertThat(PendingPopularPage.take(request)).as("taken once").isNull();
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    @Test
    void aLoadThatOutlivesTheAsyncTimeoutIsDispatchedAsATimeoutAndNotWrittenLater() throws Exception {
        CompletableFuture<CachedPage> loading = new CompletableFuture<>();
        MockHttpServletRequest request = get("category_id=7");

        PendingPopularPage.handOn(request, loading);
        writer.doFilter(request, response, chain);
        MockAsyncContext async = (MockAsyncContext) request.getAsyncContext();
        for (AsyncListener listener : async.getListeners()) {
            listener.onTimeout(new AsyncEvent(async, request, response));
        }

        assertThat(async.getDispatchedPath()).isEqualTo("/api/v1/popular");
        CompletableFuture<CachedPage> handedOn = PendingPopularPage.take(request);
        assertThat(handedOn).isCompletedExceptionally();
        assertThatThrownBy(handedOn::join).hasCauseInstanceOf(AsyncRequestTimeoutException.class);

        loading.complete(PAGE);
        assertThat(response.getContentAsByteArray()).as("the controller answers it, not the late load").isEmpty();
    }
}
