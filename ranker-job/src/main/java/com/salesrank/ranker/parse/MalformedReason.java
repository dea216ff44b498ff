package com.salesrank.ranker.parse;

/**
 * Why a log line was rejected: one constant per rule of the input format. The
 * constants double as Hadoop counter names, so renaming one renames a counter.
 */
public enum MalformedReason {
    /** Not exactly 7 tab-separated fields. */
    WRONG_FIELD_COUNT,
    /** One of the 7 fields is empty. */
    EMPTY_FIELD,
    /** Timestamp is not {@code yyyy-MM-ddTHH:mm:ss[.fraction]} followed by a zone (a date alone, an epoch number, garbage). */
    TIMESTAMP_SYNTAX,
    /** Timestamp has a date and a time but no {@code Z} or {@code ±hh:mm} zone. */
    TIMESTAMP_WITHOUT_ZONE,
    /** Timestamp is well formed but names no real instant (month 13, 30 February, hour 24, offset +19:00). */
    TIMESTAMP_OUT_OF_RANGE,
    /** Product id is not a canonical unsigned decimal (sign, space, decimal point, leading zero). */
    PRODUCT_ID_NOT_DIGITS,
    /** Product id is 0 or above 2^63-1. */
    PRODUCT_ID_OUT_OF_RANGE,
    /** Category id is not a canonical unsigned decimal. */
    CATEGORY_ID_NOT_DIGITS,
    /** Category id is 0 or above 2^31-1. */
    CATEGORY_ID_OUT_OF_RANGE,
    /** Quantity is not a canonical unsigned decimal. */
    QUANTITY_NOT_DIGITS,
    /** Quantity is 0 or above 2^31-1. */
    QUANTITY_OUT_OF_RANGE
}
