package com.salesrank.ranker.rank;

import org.apache.hadoop.mapreduce.Partitioner;

/** Sends every key of a category to the same reducer, so a category is never split across part files. */
public final class CategoryPartitioner<V> extends Partitioner<RankKey, V> {

    @Override
    public int getPartition(RankKey key, V value, int numPartitions) {
        return partitionOf(key.categoryId(), numPartitions);
    }

    /** The part file a category's rows go to; incremental runs keep every category in the same part. */
    public static int partitionOf(int categoryId, int numPartitions) {
        return (Integer.hashCode(categoryId) & Integer.MAX_VALUE) % numPartitions;
    }
}
