package com.salesrank.ranker.rank;

import org.apache.hadoop.mapreduce.Partitioner;

/** Sends every key of a category to the same reducer, so a category is never split across part files. */
public final class CategoryPartitioner<V> extends Partitioner<RankKey, V> {

    @Override
    public int getPartition(RankKey key, V value, int numPartitions) {
        return (Integer.hashCode(key.categoryId()) & Integer.MAX_VALUE) % numPartitions;
    }
}
