package com.salesrank.ranker.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;

/**
 * Stage-1 key: one (category, product) pair, 12 bytes on the wire. Both fields are
 * written with the sign bit flipped, so the big-endian bytes compare exactly like
 * the numbers and the registered {@link Comparator} never deserializes.
 */
public final class CategoryProductKey implements WritableComparable<CategoryProductKey> {

    static final int SERIALIZED_LENGTH = Integer.BYTES + Long.BYTES;

    private int categoryId;
    private long productId;

    static {
        WritableComparator.define(CategoryProductKey.class, new Comparator());
    }

    public CategoryProductKey() {
    }

    public CategoryProductKey(int categoryId, long productId) {
        set(categoryId, productId);
    }

    public void set(int categoryId, long productId) {
        this.categoryId = categoryId;
        this.productId = productId;
    }

    public int categoryId() {
        return categoryId;
    }

    public long productId() {
        return productId;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeInt(categoryId ^ Integer.MIN_VALUE);
        out.writeLong(productId ^ Long.MIN_VALUE);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        categoryId = in.readInt() ^ Integer.MIN_VALUE;
        productId = in.readLong() ^ Long.MIN_VALUE;
    }

    @Override
    public int compareTo(CategoryProductKey other) {
        int byCategory = Integer.compare(categoryId, other.categoryId);
        return byCategory != 0 ? byCategory : Long.compare(productId, other.productId);
    }

    /** Spreads keys over stage-1 reducers (the default HashPartitioner masks the sign). */
    @Override
    public int hashCode() {
        long h = productId * 0x9E3779B97F4A7C15L + categoryId;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoryProductKey other && categoryId == other.categoryId && productId == other.productId;
    }

    @Override
    public String toString() {
        return categoryId + "/" + productId;
    }

    /** Byte-wise comparison of the serialized form. */
    public static final class Comparator extends WritableComparator {
        public Comparator() {
            super(CategoryProductKey.class);
        }

        @Override
        public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
            return compareBytes(b1, s1, SERIALIZED_LENGTH, b2, s2, SERIALIZED_LENGTH);
        }
    }
}
