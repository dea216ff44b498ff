package com.salesrank.api.fastpath;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.DatabaseLoadsBusyException;
import com.salesrank.api.ranking.PopularQuery;
import com.salesrank.api.ranking.RankingService;
import com.salesrank.api.web.CachedPageResponses;
import com.salesrank.api.web.HttpCachingProperties;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class CacheHitFastPathTest {

    static final Instant PUBLISHED = Instant.parse("2026-11-27T21:00:00Z");
    static final CachedPage PAGE = new CachedPage(42, PUBLISHED.toEpochMilli(), "\"42:cat:7:0:10\"",
            "{\"category_id\":7}".getBytes(StandardCharsets.UTF_8));

    final RankingService rankings = mock(RankingService.class);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CacheHitFastPath fastPath = new CacheHitFastPath(rankings, responses(),
            new HitRequestsTimer(meters, new DefaultServerRequestObservationConvention(), List.of(), true));
    final MockHttpServletResponse response = new MockHttpServletResponse();
    final MockFilterChain chain = new MockFilterChain();

    static CachedPageResponses responses() {
        return new CachedPageResponses(Clock.fixed(Instant.parse("2026-11-27T21:20:00Z"), ZoneOffset.UTC),
                new HttpCachingProperties(Duration.ofHours(1), Duration.ofMinutes(10)), () -> 42L);
    }

    /** The http.server.requests timer Boot's observation would record a request of the fast path's URI under. */
    Timer timed(String status, String outcome) {
        return meters.find("http.server.requests").tags("method", "GET", "uri", "/api/v1/popular",
                "status", status, "outcome", outcome, "exception", "none", "error", "none").timer();
    }

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
        assertThat(timed("200", "SUCCESS")).as("timed as Boot's observation would").isNotNull()
                .extracting(Timer::count).isEqualTo(1L);
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
        assertThat(timed("304", "REDIRECTION")).isNotNull().extracting(Timer::count).isEqualTo(1L);
        assertThat(timed("200", "SUCCESS")).isNull();
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
    void aPageStillLoadingIsHandedOnUntimedForTheObservedFiltersAfter() throws Exception {
        CompletableFuture<CachedPage> loading = new CompletableFuture<>();
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(loading);
        MockHttpServletRequest request = get("category_id=7");

        fastPath.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(request.isAsyncStarted()).isFalse();
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(PendingPopularPage.takeLoading(request)).as("the very lookup").isSameAs(loading);
        assertThat(meters.find("http.server.requests").timers()).as("Boot's filter times it").isEmpty();
    }

    @Test
    void timersAreNotRecordedWhenTheObservationIsOff() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(PAGE));
        CacheHitFastPath untimed = new CacheHitFastPath(rankings, responses(),
                new HitRequestsTimer(meters, new DefaultServerRequestObservationConvention(), List.of(), false));

        untimed.doFilter(get("category_id=7"), response, chain);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(meters.find("http.server.requests").timers()).isEmpty();
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
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willThrow(new DatabaseLoadsBusyException(8, 256));
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
    void aPathWithParametersOrEscapesGoesOnForTheFiltersAfter() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(PAGE));
        for (String uri : new String[] {"/api/v1/popular;p=%G0", "/api/v1/%70opular", "/api/v1/popular;x"}) {
            MockHttpServletRequest request = get("category_id=7");
            request.setRequestURI(uri);
            MockFilterChain next = new MockFilterChain();
            MockHttpServletResponse untouched = new MockHttpServletResponse();

            fastPath.doFilter(request, untouched, next);

            assertThat(next.getRequest()).as(uri).isSameAs(request);
            assertThat(untouched.getContentAsByteArray()).as(uri).isEmpty();
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
