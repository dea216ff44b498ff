package com.salesrank.ranker.aggregate;

import com.salesrank.ranker.rank.RankKey;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.junit.jupiter.api.Test;

class SalesSumReducersTest {

    private static final List<LongWritable> QUANTITIES = List.of(
            new LongWritable(Integer.MAX_VALUE), new LongWritable(Integer.MAX_VALUE), new LongWritable(5));
    private static final long SUM = 2L * Integer.MAX_VALUE + 5; // above 2^31: must not wrap

    @Test
    void combinerEmitsThePartialSumUnderTheSameKey() throws IOException {
        ReduceDriver.newReduceDriver(new SalesSumCombiner())
                .withInput(new CategoryProductKey(10, 50), QUANTITIES)
                .withOutput(new CategoryProductKey(10, 50), new LongWritable(SUM))
                .runTest();
    }

    @Test
    void reducerEmitsTheTotalAsTheStageTwoRankKey() throws IOException {
        ReduceDriver.newReduceDriver(new SalesSumReducer())
                .withInput(new CategoryProductKey(10, 50), QUANTITIES)
                .withInput(new CategoryProductKey(10, 51), List.of(new LongWritable(1)))
                .withOutput(new RankKey(10, SUM, 50), NullWritable.get())
                .withOutput(new RankKey(10, 1, 51), NullWritable.get())
                .runTest();
    }
}
