package com.salesrank.ranker.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mrunit.mapreduce.MapReduceDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

/** Stage 2 with the real sort comparator, grouping comparator and partitioner. */
class RankStageTest {

    /** Deliberately shuffled: the sort, not the input order, must produce the ranking. */
    private static final List<RankKey> ROWS = List.of(
            new RankKey(2, 7, 30),
            new RankKey(1, 5, 12),
            new RankKey(3, 1, 1),
            new RankKey(1, 9, 40),
            new RankKey(2, 3_000_000_000L, 31),
            new RankKey(1, 5, 11),   // tie with product 12: lower product id first
            new RankKey(2, 7, 29),   // tie with product 30
            new RankKey(1, 1, 99));

    private static MapReduceDriver<RankKey, NullWritable, RankKey, NullWritable, NullWritable, Text> stage2() {
        MapReduceDriver<RankKey, NullWritable, RankKey, NullWritable, NullWritable, Text> driver =
                MapReduceDriver.newMapReduceDriver(new Mapper<RankKey, NullWritable, RankKey, NullWritable>(), new RankReducer());
        driver.setKeyOrderComparator(new RankKeyComparator());
        driver.setKeyGroupingComparator(new CategoryGroupingComparator());
        return driver;
    }

    private static Text line(String text) {
        return new Text(text);
    }

    @Test
    void ranksEachCategoryByTotalDescendingThenProductAscending() throws IOException {
        MapReduceDriver<RankKey, NullWritable, RankKey, NullWritable, NullWritable, Text> driver = stage2();
        for (RankKey row : ROWS) {
            driver.withInput(row, NullWritable.get());
        }
        driver.withOutput(NullWritable.get(), line("1\t1\t40\t9"))
                .withOutput(NullWritable.get(), line("1\t2\t11\t5"))
                .withOutput(NullWritable.get(), line("1\t3\t12\t5"))
                .withOutput(NullWritable.get(), line("1\t4\t99\t1"))
                .withOutput(NullWritable.get(), line("2\t1\t31\t3000000000"))
                .withOutput(NullWritable.get(), line("2\t2\t29\t7"))
                .withOutput(NullWritable.get(), line("2\t3\t30\t7"))
                .withOutput(NullWritable.get(), line("3\t1\t1\t1"))
                .runTest(true);
    }

    @Test
    void eachPartitionHoldsWholeCategoriesAndRanksThemAlone() throws IOException {
        int partitions = 2;
        CategoryPartitioner<NullWritable> partitioner = new CategoryPartitioner<>();
        List<List<RankKey>> byPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            byPartition.add(new ArrayList<>());
        }
        for (RankKey row : ROWS) {
            byPartition.get(partitioner.getPartition(row, NullWritable.get(), partitions)).add(row);
        }
        Set<String> seenCategories = new HashSet<>();
        List<String> all = new ArrayList<>();
        for (List<RankKey> partition : byPartition) {
            MapReduceDriver<RankKey, NullWritable, RankKey, NullWritable, NullWritable, Text> driver = stage2();
            partition.forEach(row -> driver.withInput(row, NullWritable.get()));
            Set<String> categoriesHere = new HashSet<>();
            for (Pair<NullWritable, Text> out : driver.run()) {
                String category = out.getSecond().toString().split("\t")[0];
                categoriesHere.add(category);
                all.add(out.getSecond().toString());
            }
            assertThat(seenCategories).doesNotContainAnyElementsOf(categoriesHere);
            seenCategories.addAll(categoriesHere);
        }
        assertThat(all).containsExactlyInAnyOrder("1\t1\t40\t9", "1\t2\t11\t5", "1\t3\t12\t5", "1\t4\t99\t1",
                "2\t1\t31\t3000000000", "2\t2\t29\t7", "2\t3\t30\t7", "3\t1\t1\t1");
    }

    @Test
    void reducerNumbersTheRowsOfOneCategoryFromOne() throws IOException {
        // a reduce call receives one category; Hadoop refills the key per value
        ReduceDriver.newReduceDriver(new RankReducer())
                .withInput(new RankKey(5, 10, 1), List.of(NullWritable.get()))
                .withOutput(NullWritable.get(), line("5\t1\t1\t10"))
                .runTest();
    }

    @Test
    void decimalsAreWrittenLikeLongToString() {
        byte[] buffer = new byte[40];
        for (long v : new long[] {0, 1, 9, 10, 99, 100, 4_294_967_304L, Long.MAX_VALUE, -1, -10, Long.MIN_VALUE}) {
            int end = RankReducer.appendDecimal(buffer, 3, v);
            assertThat(new String(buffer, 3, end - 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }
}
