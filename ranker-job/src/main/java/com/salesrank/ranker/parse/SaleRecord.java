package com.salesrank.ranker.parse;

/**
 * One valid sale from the log. The instant is kept as epoch second plus nano so a
 * window edge compares exactly, whatever fraction of a second the line carried.
 * The price, seller and buyer fields are validated as present but not kept: the
 * ranking does not use them.
 */
public record SaleRecord(long epochSecond, int nano, long productId, int categoryId, int quantity) {
}
