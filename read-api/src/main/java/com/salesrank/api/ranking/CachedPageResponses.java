package com.salesrank.api.ranking;

import java.io.IOException;
import java.time.Clock;
import java.util.function.LongSupplier;

import jakarta.servlet.http.HttpServletResponse;

import com.salesrank.api.cache.CachedPage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Turns a cached page into the HTTP answer: 200 with the stored bytes, or 304
 * when the client's If-None-Match already names the page's ETag. The ETag
 * comes from the run id and the query; Cache-Control lets browsers and CDNs
 * keep the page until the next expected publish of the ranking(s) that answered
 * it (hourly for the full ranking, every 10 minutes for the head), unless the
 * page belongs to a run that is no longer live for its ranking (read from a
 * lagging replica, or the run Redis remembered while no database answered):
 * that one must be revalidated.
 */
@Component
class CachedPageResponses {

    static final String SUPERSEDED = "public, no-cache";

    private final Clock clock;
    private final long intervalMillis;
    private final long headIntervalMillis;
    private final LongSupplier liveRunId;
    private final LongSupplier liveHeadRunId;

    @Autowired
    CachedPageResponses(Clock clock, HttpCachingProperties properties, PublishedRunTracker tracker) {
        this(clock, properties, tracker::currentRunId, tracker::currentHeadRunId);
    }

    /** Full-ranking pages only (no head is live). */
    CachedPageResponses(Clock clock, HttpCachingProperties properties, LongSupplier liveRunId) {
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
    String cacheControl(CachedPage page) {
        boolean head = page.headPublishedAtMillis() >= 0;
        if (page.runId() < (head ? liveHeadRunId : liveRunId).getAsLong()) {
            return SUPERSEDED;
        }
        return "public, max-age=" + maxAgeSeconds(page, clock.millis());
    }

    ResponseEntity<byte[]> respond(CachedPage page, String ifNoneMatch) {
        return respond(page, ifNoneMatch, MediaType.APPLICATION_JSON);
    }

    /** The same answer for a body of another type (the best sellers page's HTML). */
    ResponseEntity<byte[]> respond(CachedPage page, String ifNoneMatch, MediaType contentType) {
        String cacheControl = cacheControl(page);
        if (ifNoneMatch != null && matches(ifNoneMatch, page.etag())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(page.etag())
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .build();
        }
        return ResponseEntity.ok()
                .contentType(contentType)
                .eTag(page.etag())
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .body(page.json());
    }

    /** The same answer as {@link #respond}, written straight to the servlet response. */
    void write(CachedPage page, String ifNoneMatch, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.ETAG, page.etag());
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl(page));
        if (ifNoneMatch != null && matches(ifNoneMatch, page.etag())) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
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

    /** If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored; "*" matches. */
    static boolean matches(String ifNoneMatch, String etag) {
        int length = ifNoneMatch.length();
        int i = 0;
        while (i < length) {
            while (i < length && (ifNoneMatch.charAt(i) == ' ' || ifNoneMatch.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < length && ifNoneMatch.charAt(i) != ',') {
                i++;
            }
            String candidate = ifNoneMatch.substring(start, i).trim();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals("*") || candidate.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
