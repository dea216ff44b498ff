package com.salesrank.api.bestsellers;

import com.salesrank.api.cache.NoSuchPage;
import com.salesrank.api.run.PublishedRun;

/** The live ranking has no products for the category on the page asked for (unknown, empty, or past its end). */
class NoBestSellersException extends RuntimeException implements NoSuchPage {

    private final transient PublishedRun run;
    private final int ranked;

    NoBestSellersException(int categoryId, int page, int ranked, PublishedRun run) {
        super("no best sellers for category " + categoryId + " on page " + page);
        this.run = run;
        this.ranked = ranked;
    }

    PublishedRun run() {
        return run;
    }

    /** 0: the category has no best sellers at all; -1: the page is past its last. */
    int ranked() {
        return ranked;
    }
}
