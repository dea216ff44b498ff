package com.salesrank.ranker.rank;

import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Stage-2 reducer: receives one category per call, its rows already sorted by
 * total descending then product ascending, and numbers them 1..n.
 *
 * <p>Hadoop refills the key object as the values are iterated, so {@code key}
 * holds the current row's fields inside the loop (the secondary-sort idiom).
 */
public class RankReducer extends Reducer<RankKey, NullWritable, NullWritable, Text> {

    private final StringBuilder line = new StringBuilder(64);
    private final Text out = new Text();

    @Override
    protected void reduce(RankKey key, Iterable<NullWritable> rows, Context context)
            throws IOException, InterruptedException {
        int rank = 0;
        for (NullWritable ignored : rows) {
            rank++;
            line.setLength(0);
            line.append(key.categoryId()).append('\t')
                    .append(rank).append('\t')
                    .append(key.productId()).append('\t')
                    .append(key.totalSold());
            out.set(line.toString());
            context.write(NullWritable.get(), out);
        }
    }
}
