package com.salesrank.ranker.incremental;

import com.salesrank.ranker.RankerConfigKeys;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state merge: one part of the old ranking plus the net changes of its categories gives the new part. */
class ApplyDeltaMapperTest {

    /** MRUnit's input split is a FileSplit of this path. */
    private static final String MRUNIT_SPLIT_PATH = "somefile";

    private static final List<String> OLD_PART = List.of(
            "1\t1\t10\t50", "1\t2\t11\t40", "1\t3\t12\t30", "1\t4\t13\t20",
            "3\t1\t30\t5",
            "5\t1\t50\t8", "5\t2\t51\t8");

    @TempDir
    Path dir;

    private MapDriver<LongWritable, Text, NullWritable, NullWritable> driver;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("delta"));
        // as two maps of the delta job wrote them: product 12's change comes in two parts
        writeDelta("part-m-00000", 1, 10, -45, 1, 12, 20, 1, 99, 35, // 10 drops to 5, 12 climbs to 55, 99 is new at 35
                2, 20, 7);                                              // a category the old part did not have
        writeDelta("part-m-00001", 1, 12, 5,
                3, 30, -5,                                              // 30 loses every sale: category 3 is gone
                6, 60, 1);                                              // another new category, after the last old one
        driver = MapDriver.newMapDriver(new ApplyDeltaMapper());
        Configuration conf = driver.getConfiguration();
        conf.set(RankerConfigKeys.INCREMENTAL_APPLY_TOTALS_DIR, dir.resolve("totals").toUri().toString());
        conf.setInt(RankerConfigKeys.INCREMENTAL_APPLY_PARTS + ".count", 1);
        long offset = 0;
        for (String line : OLD_PART) {
            driver.withInput(new LongWritable(offset), new Text(line));
            offset += line.length() + 1;
        }
    }

    private void expectOldPart(long rows, long crc) {
        Configuration conf = driver.getConfiguration();
        conf.set(RankerConfigKeys.INCREMENTAL_APPLY_PARTS + ".0", rows + "\t" + crc + "\t" + MRUNIT_SPLIT_PATH);
        conf.setInt(RankerConfigKeys.INCREMENTAL_APPLY_DELTA_FILES + ".count", 2);
        conf.set(RankerConfigKeys.INCREMENTAL_APPLY_DELTA_FILES + ".0", dir.resolve("delta/part-m-00000").toUri().toString());
        conf.set(RankerConfigKeys.INCREMENTAL_APPLY_DELTA_FILES + ".1", dir.resolve("delta/part-m-00001").toUri().toString());
    }

    /** A delta file as the delta job writes it: (category, product) -> net change, triples in {@code values}. */
    private void writeDelta(String name, long... values) throws Exception {
        try (org.apache.hadoop.io.SequenceFile.Writer out = org.apache.hadoop.io.SequenceFile.createWriter(new Configuration(),
                org.apache.hadoop.io.SequenceFile.Writer.file(new org.apache.hadoop.fs.Path(dir.resolve("delta/" + name).toUri())),
                org.apache.hadoop.io.SequenceFile.Writer.keyClass(com.salesrank.ranker.aggregate.CategoryProductKey.class),
                org.apache.hadoop.io.SequenceFile.Writer.valueClass(LongWritable.class))) {
            for (int i = 0; i < values.length; i += 3) {
                out.append(new com.salesrank.ranker.aggregate.CategoryProductKey((int) values[i], values[i + 1]),
                        new LongWritable(values[i + 2]));
            }
        }
    }

    private static long crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    @Test
    void mergesChangedProductsIntoTheUnchangedOnesInRankOrder() throws Exception {
        expectOldPart(OLD_PART.size(), crc(String.join("\n", OLD_PART) + "\n"));
        driver.runTest();

        String expected = String.join("\n",
                "1\t1\t12\t55", "1\t2\t11\t40", "1\t3\t99\t35", "1\t4\t13\t20", "1\t5\t10\t5",
                "2\t1\t20\t7",
                "5\t1\t50\t8", "5\t2\t51\t8",
                "6\t1\t60\t1") + "\n";
        assertThat(Files.readString(dir.resolve("totals/part-r-00000"))).isEqualTo(expected);
        int category5 = expected.indexOf("5\t1\t50");
        assertThat(Files.readString(dir.resolve("totals/part-r-00000.index"))).isEqualTo(
                expected.length() + "\t9\t" + crc(expected) + "\n"
                        + "1\t0\t5\n"
                        + "2\t" + expected.indexOf("2\t1\t20") + "\t1\n"
                        + "5\t" + category5 + "\t2\n"
                        + "6\t" + expected.indexOf("6\t1\t60") + "\t1\n");
        assertThat(driver.getCounters().findCounter(StateCounter.CORRUPT_FILES).getValue()).isZero();
        assertThat(driver.getCounters().findCounter(StateCounter.INCONSISTENT_ROWS).getValue()).isZero();
    }

    @Test
    void anOldPartThatFailsItsChecksumIsCounted() throws Exception {
        expectOldPart(OLD_PART.size(), crc(String.join("\n", OLD_PART) + "\n") ^ 1);
        driver.runTest();
        assertThat(driver.getCounters().findCounter(StateCounter.CORRUPT_FILES).getValue()).isEqualTo(1);
    }

    @Test
    void rowsOutOfRankOrderAreCountedAsInconsistent() throws Exception {
        driver = MapDriver.newMapDriver(new ApplyDeltaMapper());
        driver.getConfiguration().set(RankerConfigKeys.INCREMENTAL_APPLY_TOTALS_DIR, dir.resolve("totals").toUri().toString());
        driver.getConfiguration().setInt(RankerConfigKeys.INCREMENTAL_APPLY_PARTS + ".count", 1);
        String swapped = "1\t1\t10\t40\n1\t2\t11\t50\n";
        expectOldPart(2, crc(swapped));
        driver.withInput(new LongWritable(0), new Text("1\t1\t10\t40")).withInput(new LongWritable(11), new Text("1\t2\t11\t50"));
        driver.runTest();
        assertThat(driver.getCounters().findCounter(StateCounter.INCONSISTENT_ROWS).getValue()).isEqualTo(1);
    }
}
