package com.salesrank.ranker.input;

/**
 * The work a job's maps have done, as its progress lines measure it: bytes of their input splits read, out of
 * the splits' total length. Hadoop's own {@code FileInputFormatCounter.BYTES_READ} is kept only for plain
 * FileSplits, from the file system's thread statistics, which our splits avoid ({@link UntrackedSplit}).
 */
public enum InputCounter {
    /** Bytes of the input splits the maps have read (of a compressed file, its compressed bytes as the reader reports them). */
    SPLIT_BYTES_READ
}
