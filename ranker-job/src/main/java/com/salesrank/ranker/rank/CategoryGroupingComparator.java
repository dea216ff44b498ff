package com.salesrank.ranker.rank;

import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;

/** Groups stage-2 keys by category alone, so one reduce call sees a whole category in rank order. */
public final class CategoryGroupingComparator extends WritableComparator {

    public CategoryGroupingComparator() {
        super(RankKey.class, true);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
        return compareBytes(b1, s1, RankKey.CATEGORY_LENGTH, b2, s2, RankKey.CATEGORY_LENGTH);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
        return Integer.compare(((RankKey) a).categoryId(), ((RankKey) b).categoryId());
    }
}
