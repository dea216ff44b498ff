package com.salesrank.api.ranking;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.DatabaseLoadsBusyException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class CacheHitFastPathTest {

    static final Instant PUBLISHED = Instant.parse("2026-11-27T21:00:00Z");
    static final CachedPage PAGE = new CachedPage(42, PUBLISHED.toEpochMilli(), "\"42:cat:7:0:10\"",
            "{\"category_id\":7}".getBytes(StandardCharsets.UTF_8));

    final RankingService rankings = mock(RankingService.class);
    final CacheHitFastPath fastPath = new CacheHitFastPath(rankings, new CachedPageResponses(
            Clock.fixed(Instant.parse("2026-11-27T21:20:00Z"), ZoneOffset.UTC),
            new HttpCachingProperties(Duration.ofHours(1), Duration.ofMinutes(10)), () -> 42L));
    final MockHttpServletResponse response = new MockHttpServletResponse();
    final MockFilterChain chain = new MockFilterChain();

    static MockHttpServletRequest get(String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/popular");
        request.setQueryString(query);
        request.setAsyncSupported(true);
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            request.addParameter(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return request;
    }

    @Test
    void aCacheHitIsAnsweredWithoutDispatching() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(PAGE));

        fastPath.doFilter(get("category_id=7"), response, chain);

        assertThat(chain.getRequest()).as("not passed on").isNull();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getContentAsString()).isEqualTo("{\"category_id\":7}");
        assertThat(response.getHeader("ETag")).isEqualTo("\"42:cat:7:0:10\"");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=2400, public");
    }

    @Test
    void aMatchingIfNoneMatchIs304() throws Exception {
        given(rankings.popularAsync(eq(7), eq(20), eq(5), any())).willReturn(completedFuture(PAGE));
        MockHttpServletRequest request = get("category_id=7&limit=5&offset=20");
        request.addHeader("If-None-Match", "\"42:cat:7:0:10\"");

        fastPath.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(304);
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(response.getHeader("ETag")).isEqualTo("\"42:cat:7:0:10\"");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=2400, public");
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAnOtherRunsTagIsA200() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(PAGE));

        MockHttpServletRequest weak = get("category_id=7");
        weak.addHeader("If-None-Match", "\"41:cat:7:0:10\", W/\"42:cat:7:0:10\"");
        fastPath.doFilter(weak, response, chain);
        assertThat(response.getStatus()).isEqualTo(304);

        MockHttpServletRequest older = get("category_id=7");
        older.addHeader("If-None-Match", "\"41:cat:7:0:10\"");
        MockHttpServletResponse full = new MockHttpServletResponse();
        fastPath.doFilter(older, full, new MockFilterChain());
        assertThat(full.getStatus()).isEqualTo(200);
        assertThat(full.getContentAsString()).isEqualTo("{\"category_id\":7}");
    }

    @Test
    void aMissHandsTheParsedQueryOnSoTheControllerDoesNotParseAgain() throws Exception {
        given(rankings.popularAsync(eq(7), eq(20), eq(5), any())).willReturn(new CompletableFuture<>());
        MockHttpServletRequest request = get("category_id=7&offset=20&limit=5");

        fastPath.doFilter(request, response, chain);

        PopularQuery parsed = PopularQuery.of(request);
        assertThat(parsed).isEqualTo(new PopularQuery(7, 20, 5));
        request.removeAllParameters(); // a second parse would now fail: category_id is gone
        assertThat(PopularQuery.of(request)).isSameAs(parsed);
    }

    @Test
    void aPageStillLoadingIsWrittenByTheLoadWithoutDispatching() throws Exception {
        CompletableFuture<CachedPage> loading = new CompletableFuture<>();
        given(rankings.popularAsync(eq(7), eq(0), eq(10), eq("\"41:cat:7:0:10\""))).willReturn(loading);
        MockHttpServletRequest request = get("category_id=7");
        request.addHeader("If-None-Match", "\"41:cat:7:0:10\"");

        fastPath.doFilter(request, response, chain);

        assertThat(request.isAsyncStarted()).as("the request thread is released").isTrue();
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
        verify(rankings, times(1)).popularAsync(anyInt(), anyInt(), anyInt(), any());
    }

    @Test
    void aPageStillLoadingGetsA304WhenItsTagMatches() throws Exception {
        CompletableFuture<CachedPage> loading = new CompletableFuture<>();
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(loading);
        MockHttpServletRequest request = get("category_id=7");
        request.addHeader("If-None-Match", "W/\"42:cat:7:0:10\"");

        fastPath.doFilter(request, response, chain);
        loading.complete(PAGE);

        assertThat(response.getStatus()).isEqualTo(304);
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(response.getHeader("ETag")).isEqualTo("\"42:cat:7:0:10\"");
    }

    @Test
    void aLoadThatFailsLaterIsDispatchedToTheControllerWithItsFailure() throws Exception {
        CompletableFuture<CachedPage> loading = new CompletableFuture<>();
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(loading);
        MockHttpServletRequest request = get("category_id=7");

        fastPath.doFilter(request, response, chain);
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
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(loading);
        MockHttpServletRequest request = get("category_id=7");

        fastPath.doFilter(request, response, chain);
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

    @Test
    void aLoadThatHasFailedAlreadyGoesOnToTheControllerForItsProblemDetails() throws Exception {
        CompletableFuture<CachedPage> failed = CompletableFuture.failedFuture(new IllegalStateException("down"));
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(failed);
        MockHttpServletRequest request = get("category_id=7");

        fastPath.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(PendingPopularPage.take(request)).isSameAs(failed);
    }

    @Test
    void aRefusedLookupGoesOnToTheControllerWithoutAFuture() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willThrow(new DatabaseLoadsBusyException(
                new java.util.concurrent.RejectedExecutionException("full")));
        MockHttpServletRequest request = get("category_id=7");

        fastPath.doFilter(request, response, chain);

        assertThat(chain.getRequest()).as("the controller asks again; its handlers answer").isSameAs(request);
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(PendingPopularPage.take(request)).isNull();
    }

    @Test
    void invalidParametersGoOnToTheControllerForTheirProblemDetails() throws Exception {
        for (String query : new String[] {"category_id=x", "limit=5", "category_id=7&limit=0",
                "category_id=7&category_id=8"}) {
            MockFilterChain next = new MockFilterChain();
            fastPath.doFilter(get(query), new MockHttpServletResponse(), next);
            assertThat(next.getRequest()).as(query).isNotNull();
        }
        verify(rankings, never()).popularAsync(anyInt(), anyInt(), anyInt(), any());
    }

    @Test
    void otherMethodsGoOnToTheController() throws Exception {
        MockHttpServletRequest post = get("category_id=7");
        post.setMethod("POST");

        fastPath.doFilter(post, response, chain);

        assertThat(chain.getRequest()).isSameAs(post);
        verify(rankings, never()).popularAsync(anyInt(), anyInt(), anyInt(), any());
    }
}
