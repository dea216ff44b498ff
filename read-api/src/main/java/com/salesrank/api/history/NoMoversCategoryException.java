package com.salesrank.api.history;

/** The live ranking does not rank the category: its Movers & Shakers page is a 404. */
class NoMoversCategoryException extends RuntimeException {

    NoMoversCategoryException(int categoryId) {
        super("category " + categoryId + " is not ranked in the live ranking");
    }
}
