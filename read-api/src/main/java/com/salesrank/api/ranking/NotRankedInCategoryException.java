package com.salesrank.api.ranking;

import com.salesrank.api.cache.NoSuchPage;

/** The product has no rank in the category in the ranking that answers (GET .../neighbors answers 404). */
public class NotRankedInCategoryException extends RuntimeException implements NoSuchPage {

    private final long productId;
    private final int categoryId;

    NotRankedInCategoryException(long productId, int categoryId) {
        super("product " + productId + " is not ranked in category " + categoryId);
        this.productId = productId;
        this.categoryId = categoryId;
    }

    public long productId() {
        return productId;
    }

    public int categoryId() {
        return categoryId;
    }
}
