package com.salesrank.api.run;

/**
 * The live head ranking and its K: the deepest rank it holds in any category (MAX(category_rank)
 * over sales_rank_head), read in the same statement as the run row, so K belongs to this run. The
 * head is the full recompute cut at K, so a category with fewer than K products has all of them
 * in it; a page [offset + 1, offset + limit] is wholly within the head iff offset + limit <= k.
 * An empty head has k = 0 and covers no page.
 */
public record HeadRun(PublishedRun run, int k) {

    public boolean covers(int offset, int limit) {
        return (long) offset + limit <= k;
    }

    /**
     * Newer than the full ranking: by window end, strictly (on a tie the full answers). A head
     * taken from Redis (no database reached yet) has no window; it was remembered because it was
     * newer.
     */
    public boolean newerThan(PublishedRun full) {
        return full == null || run.windowEnd() == null || run.windowEnd().isAfter(full.windowEnd());
    }

    /** Known from Redis only: a database read must replace it before anything relies on its window. */
    boolean remembered() {
        return run.windowEnd() == null;
    }
}
