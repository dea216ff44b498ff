package com.salesrank.ranker.rank;

import org.apache.hadoop.io.WritableComparator;

/** Sort comparator of stage 2: the raw bytes of a {@link RankKey} are already in rank order. */
public final class RankKeyComparator extends WritableComparator {

    public RankKeyComparator() {
        super(RankKey.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
        return compareBytes(b1, s1, RankKey.SERIALIZED_LENGTH, b2, s2, RankKey.SERIALIZED_LENGTH);
    }
}
