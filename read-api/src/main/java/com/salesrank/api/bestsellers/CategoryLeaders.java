package com.salesrank.api.bestsellers;

import java.util.List;

import com.salesrank.api.run.PublishedRun;

/**
 * Every category the live ranking ranks, with its name and its #1, from one run of one ranking (the
 * head's when its window ends later than the full ranking's, as /api/v1/popular answers rank 1).
 */
record CategoryLeaders(PublishedRun run, boolean head, List<Leader> leaders) {

    /** @param name the catalog's name, or null; @param title the #1's catalog title, or null */
    record Leader(int categoryId, String name, long productId, String title, long totalSold) {

        public String shownName() {
            return name != null ? name : "Category " + categoryId;
        }
    }
}
