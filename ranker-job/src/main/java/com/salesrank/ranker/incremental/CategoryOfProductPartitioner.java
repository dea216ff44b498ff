package com.salesrank.ranker.incremental;

import com.salesrank.ranker.aggregate.CategoryProductKey;
import com.salesrank.ranker.rank.CategoryPartitioner;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Sends a (category, product) to the part its category's ranking lives in ({@link CategoryPartitioner}),
 * so the delta for the categories of totals part N is exactly the delta job's part N.
 */
public class CategoryOfProductPartitioner<V> extends Partitioner<CategoryProductKey, V> {

    @Override
    public int getPartition(CategoryProductKey key, V value, int numPartitions) {
        return CategoryPartitioner.partitionOf(key.categoryId(), numPartitions);
    }
}
