package com.salesrank.ranker.aggregate;

import com.salesrank.ranker.rank.RankKey;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Stage-1 reducer: the window's total per (category, product), written straight
 * as the stage-2 sort key into a SequenceFile, so stage 2 needs no parsing and no
 * mapper of its own.
 */
public class SalesSumReducer extends Reducer<CategoryProductKey, LongWritable, RankKey, NullWritable> {

    private final RankKey out = new RankKey();

    @Override
    protected void reduce(CategoryProductKey key, Iterable<LongWritable> quantities, Context context)
            throws IOException, InterruptedException {
        out.set(key.categoryId(), SalesSumCombiner.total(quantities), key.productId());
        context.write(out, NullWritable.get());
    }
}
