package com.salesrank.api.fastpath;

import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A page of GET /api/v1/popular that {@link CacheHitFastPath} asked for and could not answer at
 * once, handed on in a request attribute: a page still loading to {@link PageLoadWriter}, a failed
 * load (or one that outlived the async timeout) to {@link PopularController}, which answers that
 * very future (with its problem document), so one request makes one lookup, and at most one load.
 */
public final class PendingPopularPage {

    private static final String ATTRIBUTE = PendingPopularPage.class.getName();

    private PendingPopularPage() {
    }

    public static void handOn(HttpServletRequest request, CompletableFuture<CachedPage> page) {
        request.setAttribute(ATTRIBUTE, page);
    }

    /** @return the page handed on for this request if it is still loading (taken), else null (left for the controller) */
    static CompletableFuture<CachedPage> takeLoading(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof CompletableFuture<?> page && !page.isDone()) {
            return take(request);
        }
        return null;
    }

    /** @return the page handed on for this request, or null */
    @SuppressWarnings("unchecked")
    public static CompletableFuture<CachedPage> take(HttpServletRequest request) {
        Object page = request.getAttribute(ATTRIBUTE);
        if (page == null) {
            return null;
        }
        request.removeAttribute(ATTRIBUTE);
        return (CompletableFuture<CachedPage>) page;
    }
}
