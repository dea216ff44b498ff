package com.salesrank.ranker.state;

/**
 * One part file of the state's window totals: the ranking of the state's window exactly as the job
 * wrote it ({@code category_id TAB category_rank TAB product_id TAB total_sold}, each category whole
 * and in rank order), which is also every product's total for that window.
 *
 * @param file  relative to the state directory
 * @param bytes the file's length
 * @param rows  its lines
 * @param crc   CRC-32 of its bytes
 */
public record TotalsPart(String file, long bytes, long rows, long crc) {
}
