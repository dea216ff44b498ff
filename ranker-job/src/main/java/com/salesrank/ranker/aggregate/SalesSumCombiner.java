package com.salesrank.ranker.aggregate;

import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Reducer;

/** Stage-1 combiner: partial sums per (category, product) on the map side. */
public class SalesSumCombiner extends Reducer<CategoryProductKey, LongWritable, CategoryProductKey, LongWritable> {

    private final LongWritable sum = new LongWritable();

    @Override
    protected void reduce(CategoryProductKey key, Iterable<LongWritable> quantities, Context context)
            throws IOException, InterruptedException {
        sum.set(total(quantities));
        context.write(key, sum);
    }

    /** The sum of partial totals; a 64-bit overflow fails the task rather than wrapping. */
    public static long total(Iterable<LongWritable> quantities) {
        long total = 0;
        for (LongWritable quantity : quantities) {
            total = Math.addExact(total, quantity.get());
        }
        return total;
    }
}
