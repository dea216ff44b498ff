package com.salesrank.ranker.rank;

import com.salesrank.ranker.RankerConfigKeys;
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

    private final byte[] line = new byte[4 * 20 + 3];
    private final Text out = new Text();
    private long top = Long.MAX_VALUE;

    @Override
    protected void setup(Context context) {
        top = context.getConfiguration().getLong(RankerConfigKeys.RANK_TOP, Long.MAX_VALUE);
    }

    @Override
    protected void reduce(RankKey key, Iterable<NullWritable> rows, Context context)
            throws IOException, InterruptedException {
        int rank = 0;
        for (NullWritable ignored : rows) {
            if (rank == top) {
                break;
            }
            rank++;
            int n = appendDecimal(line, 0, key.categoryId());
            line[n++] = '\t';
            n = appendDecimal(line, n, rank);
            line[n++] = '\t';
            n = appendDecimal(line, n, key.productId());
            line[n++] = '\t';
            n = appendDecimal(line, n, key.totalSold());
            out.set(line, 0, n); // ASCII digits: no String, no charset encoder per row
            context.write(NullWritable.get(), out);
        }
    }

    /** Writes {@code value} in decimal at {@code at}; returns the index after it. */
    public static int appendDecimal(byte[] buffer, int at, long value) {
        if (value >= 0 && value <= Integer.MAX_VALUE) {
            return appendDecimal(buffer, at, (int) value); // ids, ranks, minutes: int division is the cheaper
        }
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                byte[] min = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                System.arraycopy(min, 0, buffer, at, min.length);
                return at + min.length;
            }
            buffer[at++] = '-';
            value = -value;
        }
        int end = at;
        long v = value;
        do {
            end++;
            v /= 10;
        } while (v > 0);
        int i = end;
        do {
            buffer[--i] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        return end;
    }

    private static int appendDecimal(byte[] buffer, int at, int value) {
        int end = at + digits(value);
        int i = end;
        do {
            int quotient = value / 10;
            buffer[--i] = (byte) ('0' + value - quotient * 10);
            value = quotient;
        } while (value > 0);
        return end;
    }

    /** Decimal digits of {@code value} (not negative). */
    private static int digits(int value) {
        int n = 1;
        for (int bound = 10; n < 10 && value >= bound; bound *= 10) {
            n++;
        }
        return n;
    }
}
