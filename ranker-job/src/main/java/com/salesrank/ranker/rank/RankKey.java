package com.salesrank.ranker.rank;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;

/**
 * Stage-2 composite key (category ascending, total sold descending, product
 * ascending): the secondary sort. Serialized as 20 big-endian bytes whose unsigned
 * byte order is exactly that order:
 * <ul>
 *   <li>category: {@code category ^ Integer.MIN_VALUE} (sign bit flipped, so negative sorts before positive);</li>
 *   <li>total: {@code total ^ Long.MAX_VALUE}, i.e. the sign-flipped value complemented, which reverses the order;</li>
 *   <li>product: {@code product ^ Long.MIN_VALUE}.</li>
 * </ul>
 * So {@link RankKeyComparator} compares raw bytes and never deserializes.
 */
public final class RankKey implements WritableComparable<RankKey> {

    static final int SERIALIZED_LENGTH = Integer.BYTES + Long.BYTES + Long.BYTES;
    static final int CATEGORY_LENGTH = Integer.BYTES;

    private int categoryId;
    private long totalSold;
    private long productId;

    static {
        WritableComparator.define(RankKey.class, new RankKeyComparator());
    }

    public RankKey() {
    }

    public RankKey(int categoryId, long totalSold, long productId) {
        set(categoryId, totalSold, productId);
    }

    public void set(int categoryId, long totalSold, long productId) {
        this.categoryId = categoryId;
        this.totalSold = totalSold;
        this.productId = productId;
    }

    public int categoryId() {
        return categoryId;
    }

    public long totalSold() {
        return totalSold;
    }

    public long productId() {
        return productId;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeInt(categoryId ^ Integer.MIN_VALUE);
        out.writeLong(totalSold ^ Long.MAX_VALUE);
        out.writeLong(productId ^ Long.MIN_VALUE);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        categoryId = in.readInt() ^ Integer.MIN_VALUE;
        totalSold = in.readLong() ^ Long.MAX_VALUE;
        productId = in.readLong() ^ Long.MIN_VALUE;
    }

    @Override
    public int compareTo(RankKey other) {
        int c = Integer.compare(categoryId, other.categoryId);
        if (c != 0) {
            return c;
        }
        c = Long.compare(other.totalSold, totalSold); // best-sellers first
        return c != 0 ? c : Long.compare(productId, other.productId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * categoryId + Long.hashCode(totalSold)) + Long.hashCode(productId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankKey other && categoryId == other.categoryId && totalSold == other.totalSold
                && productId == other.productId;
    }

    @Override
    public String toString() {
        return "RankKey[category=" + categoryId + ", total=" + totalSold + ", product=" + productId + "]";
    }
}
