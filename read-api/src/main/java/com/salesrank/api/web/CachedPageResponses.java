package com.salesrank.api.web;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.run.PublishedRunTracker;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Turns a cached page into the HTTP answer: 200 with the stored bytes, or 304
 * when the client's If-None-Match already names the page's ETag (Spring's
 * conditional-request support decides, for the controllers and the fast path alike). The ETag
 * comes from the run id and the query; Cache-Control lets browsers and CDNs
 * keep the page until the next expected publish of the ranking(s) that answered
 * it (hourly for the full ranking, every 10 minutes for the head), unless the
 * page belongs to a run that is no longer live for its ranking (read from a
 * lagging replica, or the run Redis remembered while no database answered):
 * that one must be revalidated.
 */
@Component
public class CachedPageResponses {

    static final CacheControl SUPERSEDED = CacheControl.noCache().cachePublic();

    private final Clock clock;
    private final long intervalMillis;
    private final long headIntervalMillis;
    private final LongSupplier liveRunId;
    private final LongSupplier liveHeadRunId;

    @Autowired
    CachedPageResponses(Clock clock, HttpCachingProperties properties, PublishedRunTracker tracker) {
        this(clock, properties, tracker::newestRunId, tracker::currentHeadRunId);
    }

    /** Full-ranking pages only (no head is live). */
    public CachedPageResponses(Clock clock, HttpCachingProperties properties, LongSupplier liveRunId) {
        this(clock, properties, liveRunId, () -> -1);
    }

    CachedPageResponses(Clock clock, HttpCachingProperties properties, LongSupplier liveRunId,
            LongSupplier liveHeadRunId) {
        this.clock = clock;
        this.intervalMillis = properties.publishInterval().toMillis();
        this.headIntervalMillis = properties.headPublishInterval().toMillis();
        this.liveRunId = liveRunId;
        this.liveHeadRunId = liveHeadRunId;
    }

    /**
     * Until the next expected publish; revalidate every time if a newer run of the ranking that
     * answered is live already. A page the head answered (alone, or with the full ranking: its
     * run id is then the head's) is compared with the live head run, any other with the live
     * full run.
     */
    CacheControl cacheControl(CachedPage page) {
        boolean head = page.headPublishedAtMillis() >= 0;
        if (page.runId() < (head ? liveHeadRunId : liveRunId).getAsLong()) {
            return SUPERSEDED;
        }
        return CacheControl.maxAge(maxAgeSeconds(page, clock.millis()), TimeUnit.SECONDS).cachePublic();
    }

    /**
     * The answer to a page that may still be loading: the entity itself when the page is there (a
     * cache hit: no async dispatch), else a future of it, so the request thread is free while the
     * database reads (Spring MVC answers when it completes, or with the load's exception).
     */
    public Object respond(CompletableFuture<CachedPage> page) {
        return respond(page, MediaType.APPLICATION_JSON);
    }

    /** The same for a body of another type (the best sellers page's HTML). */
    public Object respond(CompletableFuture<CachedPage> page, MediaType contentType) {
        if (page.isDone() && !page.isCompletedExceptionally()) {
            return entity(page.join(), contentType);
        }
        return page.thenApply(loaded -> entity(loaded, contentType));
    }

    /**
     * 200 with the stored bytes, its ETag and Cache-Control. Spring MVC turns it into a 304 (the same
     * headers, no body) when If-None-Match names the ETag (weak comparison, "*" included).
     */
    ResponseEntity<byte[]> entity(CachedPage page) {
        return entity(page, MediaType.APPLICATION_JSON);
    }

    private ResponseEntity<byte[]> entity(CachedPage page, MediaType contentType) {
        return ResponseEntity.ok()
                .contentType(contentType)
                .eTag(page.etag())
                .cacheControl(cacheControl(page))
                .body(page.json());
    }

    /**
     * The same answer as {@link #entity}, written straight to the servlet response (the near-cache
     * fast path, outside Spring MVC); Spring's {@link ServletWebRequest#checkNotModified} decides the 304.
     */
    public void write(CachedPage page, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.ETAG, page.etag());
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl(page).getHeaderValue());
        if (request.getHeader(HttpHeaders.IF_NONE_MATCH) != null
                && new ServletWebRequest(request, response).checkNotModified(page.etag())) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(page.json().length);
        response.getOutputStream().write(page.json());
    }

    /**
     * Seconds from now to the next expected publish: the first
     * publishedAt + k * interval (k >= 1) after now. A late job moves the
     * expectation to the following interval. In 1..interval (a little more
     * when this clock is behind the publisher's).
     */
    long maxAgeSeconds(long publishedAtMillis, long nowMillis) {
        return maxAgeSeconds(publishedAtMillis, intervalMillis, nowMillis);
    }

    /**
     * Until the first expected publish of any ranking that answered the page: a page read from both
     * (a product's ranks while the head is newer) changes when either publishes.
     */
    long maxAgeSeconds(CachedPage page, long nowMillis) {
        long maxAge = Long.MAX_VALUE;
        if (page.publishedAtMillis() >= 0) {
            maxAge = maxAgeSeconds(page.publishedAtMillis(), intervalMillis, nowMillis);
        }
        if (page.headPublishedAtMillis() >= 0) {
            maxAge = Math.min(maxAge, maxAgeSeconds(page.headPublishedAtMillis(), headIntervalMillis, nowMillis));
        }
        return maxAge == Long.MAX_VALUE ? 1 : maxAge;
    }

    private static long maxAgeSeconds(long publishedAtMillis, long interval, long nowMillis) {
        long elapsed = Math.max(0, nowMillis - publishedAtMillis);
        long next = publishedAtMillis + (elapsed / interval + 1) * interval;
        return Math.max(1, (next - nowMillis + 999) / 1000);
    }
}
