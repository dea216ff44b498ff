package com.salesrank.ranker.aggregate;

import com.salesrank.ranker.RankerConfigKeys;
import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.parse.MalformedReason;
import com.salesrank.ranker.window.RankingWindow;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesMapperTest {

    private static final RankingWindow WINDOW = RankingWindow.ending(Instant.parse("2026-11-20T13:00:00Z"), 168);
    private static final List<String> LINES = List.of(
            "timestamp\tproduct_id\tcategory_id\tqty\ttotal_price\tseller_id\tbuyer_id",
            "2026-11-20T12:59:59.999Z\t50\t10\t2\t20.00\t1\t1",       // last instant inside
            "2026-11-13T13:00:00Z\t50\t10\t3\t30.00\t1\t1",           // first instant inside
            "2026-11-13T15:00:00+02:00\t50\t10\t100\t1.00\t1\t1",     // 13:00Z: inside, via an offset
            "2026-11-20T13:00:00Z\t50\t10\t1000\t9.00\t1\t1",         // window end: outside
            "2026-11-13T12:59:59.999999999Z\t50\t10\t1000\t9.00\t1\t1", // just before start: outside
            "2026-11-18T08:00:00Z\t50\t11\t1\t10.00\t1\t1\r",         // same product, another category, CRLF
            "",
            "2026-11-18T08:00:00Z\t50\t0\t1\t10.00\t1\t1",            // malformed: category 0
            "2026-11-18T08:00:00\t50\t10\t1\t10.00\t1\t1");           // malformed: no zone

    private MapDriver<LongWritable, Text, CategoryProductKey, LongWritable> driver;

    @BeforeEach
    void setUp() {
        driver = MapDriver.newMapDriver(new SalesMapper());
        WINDOW.writeTo(driver.getConfiguration()::set);
        long offset = 0;
        for (String line : LINES) {
            driver.withInput(new LongWritable(offset), new Text(line));
            offset += line.length() + 1;
        }
    }

    private static Map<CategoryProductKey, Long> summed(List<Pair<CategoryProductKey, LongWritable>> output) {
        Map<CategoryProductKey, Long> sums = new HashMap<>();
        for (Pair<CategoryProductKey, LongWritable> pair : output) {
            sums.merge(new CategoryProductKey(pair.getFirst().categoryId(), pair.getFirst().productId()),
                    pair.getSecond().get(), Long::sum);
        }
        return sums;
    }

    @Test
    void combinesInTheMapperAndCountsEveryKindOfLine() throws IOException {
        List<Pair<CategoryProductKey, LongWritable>> output = driver.run();

        assertThat(output).hasSize(2); // one record per key, not per sale
        assertThat(summed(output)).containsOnly(
                Map.entry(new CategoryProductKey(10, 50), 105L),
                Map.entry(new CategoryProductKey(11, 50), 1L));
        assertThat(driver.getCounters().findCounter(SalesCounter.LINES_READ).getValue()).isEqualTo(10);
        assertThat(driver.getCounters().findCounter(SalesCounter.VALID).getValue()).isEqualTo(6);
        assertThat(driver.getCounters().findCounter(SalesCounter.OUTSIDE_WINDOW).getValue()).isEqualTo(2);
        assertThat(driver.getCounters().findCounter(SalesCounter.HEADER_SKIPPED).getValue()).isEqualTo(1);
        assertThat(driver.getCounters().findCounter(SalesCounter.EMPTY_SKIPPED).getValue()).isEqualTo(1);
        assertThat(driver.getCounters().findCounter(MalformedReason.CATEGORY_ID_OUT_OF_RANGE).getValue()).isEqualTo(1);
        assertThat(driver.getCounters().findCounter(MalformedReason.TIMESTAMP_WITHOUT_ZONE).getValue()).isEqualTo(1);
    }

    @Test
    void withoutInMapperCombiningEmitsOneRecordPerSaleInOrder() throws IOException {
        driver.getConfiguration().setBoolean(RankerConfigKeys.IN_MAPPER_COMBINING, false);
        driver.withOutput(new CategoryProductKey(10, 50), new LongWritable(2))
                .withOutput(new CategoryProductKey(10, 50), new LongWritable(3))
                .withOutput(new CategoryProductKey(10, 50), new LongWritable(100))
                .withOutput(new CategoryProductKey(11, 50), new LongWritable(1))
                .runTest(true);
    }

    @Test
    void aFullCombiningMapIsFlushedEarlyWithoutLosingQuantity() throws IOException {
        driver.getConfiguration().setInt(RankerConfigKeys.COMBINING_MAX_ENTRIES, 1);
        List<Pair<CategoryProductKey, LongWritable>> output = driver.run();

        assertThat(output).hasSize(4);
        assertThat(summed(output)).containsOnly(
                Map.entry(new CategoryProductKey(10, 50), 105L),
                Map.entry(new CategoryProductKey(11, 50), 1L));
    }

    @Test
    void aBlockOfLinesCountsAsItsLinesWhateverTheirLineEnds() throws IOException {
        MapDriver<LongWritable, Text, CategoryProductKey, LongWritable> blocks = MapDriver.newMapDriver(new SalesMapper());
        WINDOW.writeTo(blocks.getConfiguration()::set);
        // LINES again, ended by \n, \r\n and lone \r in turn (Hadoop's LineReader's three), in two blocks
        StringBuilder first = new StringBuilder();
        String[] ends = {"\n", "\r\n", "\r"};
        for (int i = 0; i < 6; i++) {
            first.append(LINES.get(i)).append(ends[i % 3]);
        }
        StringBuilder second = new StringBuilder();
        for (int i = 6; i < LINES.size(); i++) {
            second.append(LINES.get(i)).append(i == LINES.size() - 1 ? "" : ends[i % 3]); // the last line unended
        }
        blocks.withInput(new LongWritable(0), new Text(first.toString()))
                .withInput(new LongWritable(first.length()), new Text(second.toString()));

        List<Pair<CategoryProductKey, LongWritable>> output = blocks.run();

        assertThat(summed(output)).containsOnly(
                Map.entry(new CategoryProductKey(10, 50), 105L),
                Map.entry(new CategoryProductKey(11, 50), 1L));
        assertThat(blocks.getCounters().findCounter(SalesCounter.LINES_READ).getValue()).isEqualTo(10);
        assertThat(blocks.getCounters().findCounter(SalesCounter.VALID).getValue()).isEqualTo(6);
        assertThat(blocks.getCounters().findCounter(SalesCounter.EMPTY_SKIPPED).getValue()).isEqualTo(1);
        assertThat(blocks.getCounters().findCounter(SalesCounter.HEADER_SKIPPED).getValue()).isEqualTo(1);
        assertThat(blocks.getCounters().findCounter(MalformedReason.CATEGORY_ID_OUT_OF_RANGE).getValue()).isEqualTo(1);
        assertThat(blocks.getCounters().findCounter(MalformedReason.TIMESTAMP_WITHOUT_ZONE).getValue()).isEqualTo(1);
    }
}
