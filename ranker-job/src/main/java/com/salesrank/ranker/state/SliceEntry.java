package com.salesrank.ranker.state;

/**
 * One slice of the state: the sales of one raw log file that an incremental run read, summed per
 * (minute of the sale's own timestamp, category, product), as a text file of
 * {@code epoch_minute TAB category_id TAB product_id TAB quantity} lines, in no particular order.
 *
 * @param file        the slice file, relative to the state directory
 * @param folderHour  the epoch hour of the hour folder the log lies in, or {@link #NO_FOLDER} for a log
 *                    under a root that is not in the {@code yyyy/MM/dd/HH} layout (read by every window)
 * @param firstMinute the earliest minute in the slice ({@link Long#MAX_VALUE} when empty)
 * @param lastMinute  the latest minute in the slice ({@link Long#MIN_VALUE} when empty)
 * @param records     lines in the slice file
 * @param crc         CRC-32 of the slice file's bytes
 * @param source      the raw log the slice was made from
 */
public record SliceEntry(String file, long folderHour, long firstMinute, long lastMinute, long records, long crc,
        InputFileId source) {

    public static final long NO_FOLDER = Long.MIN_VALUE;

    public boolean isEmpty() {
        return records == 0;
    }
}
