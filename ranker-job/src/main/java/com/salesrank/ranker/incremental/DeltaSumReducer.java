package com.salesrank.ranker.incremental;

import com.salesrank.ranker.aggregate.CategoryProductKey;
import com.salesrank.ranker.aggregate.SalesSumCombiner;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Delta job reducer: the net change per (category, product), written as {@code category TAB product TAB change}; no-ops are dropped. */
public class DeltaSumReducer extends Reducer<CategoryProductKey, LongWritable, NullWritable, Text> {

    private final byte[] line = new byte[64];
    private final Text out = new Text();

    @Override
    protected void reduce(CategoryProductKey key, Iterable<LongWritable> changes, Context context)
            throws IOException, InterruptedException {
        long sum = SalesSumCombiner.total(changes); // overflow fails the task
        if (sum != 0) {
            int n = TabbedLongs.append(line, 0, key.categoryId(), key.productId(), sum);
            out.set(line, 0, n - 1); // TextOutputFormat adds the newline
            context.write(NullWritable.get(), out);
        }
    }
}
