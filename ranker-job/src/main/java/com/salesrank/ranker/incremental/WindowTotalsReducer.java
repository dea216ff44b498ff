package com.salesrank.ranker.incremental;

import com.salesrank.ranker.aggregate.CategoryProductKey;
import com.salesrank.ranker.aggregate.SalesSumCombiner;
import com.salesrank.ranker.rank.RankKey;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Delta job reducer when the state is built from nothing: every slice is new, so the sums are the window's
 * totals, written as stage 2's sort key exactly like the full job's stage 1.
 */
public class WindowTotalsReducer extends Reducer<CategoryProductKey, LongWritable, RankKey, NullWritable> {

    private final RankKey out = new RankKey();

    @Override
    protected void reduce(CategoryProductKey key, Iterable<LongWritable> quantities, Context context)
            throws IOException, InterruptedException {
        long total = SalesSumCombiner.total(quantities); // overflow fails the task
        if (total > 0) {
            out.set(key.categoryId(), total, key.productId());
            context.write(out, NullWritable.get());
        } else if (total < 0) {
            context.getCounter(StateCounter.INCONSISTENT_ROWS).increment(1);
        }
    }
}
