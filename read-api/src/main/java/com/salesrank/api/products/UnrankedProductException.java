package com.salesrank.api.products;

/** The live ranking does not rank the product in any category: its page is a 404. */
class UnrankedProductException extends RuntimeException {

    UnrankedProductException(long productId) {
        super("product " + productId + " is not ranked in the live ranking");
    }
}
