package com.salesrank.ranker.aggregate;

import com.salesrank.ranker.RankerConfigKeys;
import com.salesrank.ranker.parse.MalformedReason;
import com.salesrank.ranker.parse.ParseResult;
import com.salesrank.ranker.parse.SaleLineParser;
import com.salesrank.ranker.window.RankingWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import com.salesrank.ranker.failure.TaskFailures;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.util.ReflectionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage-1 mapper: parses each log line, drops what is outside the ranking window,
 * and emits (category, product) -> quantity.
 *
 * <p>By default it combines in the mapper: quantities are summed in a primitive
 * hash map and emitted when the map is full and at the end of the split. That is
 * cheaper than one record per sale through {@link SalesSumCombiner}, which has to
 * serialize, sort and deserialize every sale. Setting {@value RankerConfigKeys#IN_MAPPER_COMBINING}
 * to false switches to the combiner.
 *
 * <p>Counters are kept in fields and added to the Hadoop counters once, in cleanup:
 * a counter lookup per line costs more than the parse.
 */
public class SalesMapper extends Mapper<LongWritable, Text, CategoryProductKey, LongWritable> {

    static final int DEFAULT_COMBINING_MAX_ENTRIES = RankerConfigKeys.COMBINING_MAX_ENTRIES_DEFAULT;
    static final int DEFAULT_MALFORMED_SAMPLES = RankerConfigKeys.MALFORMED_SAMPLES_DEFAULT;
    private static final int SAMPLE_MAX_CHARS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(SalesMapper.class);

    private final SaleLineParser parser = new SaleLineParser();
    private final CategoryProductKey outKey = new CategoryProductKey();
    private final LongWritable outValue = new LongWritable();
    private final LineCounts counts = new LineCounts();
    private RankingWindow window;
    private CategoryProductSums sums;
    private int combiningMaxEntries;
    private int samplesLeft;
    private Partitioner<CategoryProductKey, LongWritable> partitioner;
    private int partitions;

    /**
     * {@link Mapper#run} with the reader's failures naming the file ({@link TaskFailures#next}): a truncated
     * {@code .gz} otherwise fails the job with "NA" and the file only in a task's stack trace.
     */
    @Override
    public void run(Context context) throws IOException, InterruptedException {
        setup(context);
        try {
            while (TaskFailures.next(context)) {
                map(context.getCurrentKey(), context.getCurrentValue(), context);
            }
        } finally {
            cleanup(context);
        }
    }

    @Override
    protected void setup(Context context) {
        Configuration conf = context.getConfiguration();
        window = RankingWindow.readFrom(conf::get);
        samplesLeft = conf.getInt(RankerConfigKeys.MALFORMED_SAMPLES, DEFAULT_MALFORMED_SAMPLES);
        if (conf.getBoolean(RankerConfigKeys.IN_MAPPER_COMBINING, true)) {
            combiningMaxEntries = conf.getInt(RankerConfigKeys.COMBINING_MAX_ENTRIES, DEFAULT_COMBINING_MAX_ENTRIES);
            sums = new CategoryProductSums(Math.min(combiningMaxEntries, 1 << 20)); // pre-sized: growing copies big arrays
            partitioner = partitionerOf(context);
            partitions = partitioner == null ? 1 : context.getNumReduceTasks(); // null: a test's mock context
        }
    }

    /**
     * One value holds one line (Hadoop's line readers) or a block of whole lines ({@link LineBlockInputFormat}):
     * the lines are cut here ({@link BlockLines}) and parsed in place, with no copy and no framework call per line.
     */
    @Override
    protected void map(LongWritable offset, Text lines, Context context) throws IOException, InterruptedException {
        BlockLines.forEach(lines.getBytes(), lines.getLength(), (bytes, start, length) -> line(bytes, start, length, offset, context));
        counts.reportLinesRead(context);
    }

    private void line(byte[] bytes, int start, int length, LongWritable offset, Context context)
            throws IOException, InterruptedException {
        counts.line();
        ParseResult result = parser.scan(bytes, start, length); // allocation-free form of parse
        switch (result.kind()) {
            case VALID -> {
                boolean inside = window.contains(parser.epochSecond(), parser.nano());
                counts.valid(inside);
                if (inside && sums != null) {
                    sums.add(parser.categoryId(), parser.productId(), parser.quantity());
                    if (sums.size() >= combiningMaxEntries) {
                        flush(context);
                    }
                } else if (inside) {
                    outKey.set(parser.categoryId(), parser.productId());
                    outValue.set(parser.quantity());
                    context.write(outKey, outValue);
                }
            }
            case HEADER -> counts.header();
            case EMPTY -> counts.empty();
            case MALFORMED -> {
                counts.malformed(result.reason());
                if (samplesLeft > 0) {
                    samplesLeft--;
                    logSample(result.reason(), bytes, start, length, offset.get() + start);
                }
            }
        }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
        if (sums != null) {
            flush(context);
        }
        counts.addTo(context);
    }

    private void flush(Context context) throws IOException, InterruptedException {
        try {
            // in the order of the map-side sort (partition, then key), which PresortedSorter then only checks
            sums.forEachInPartitionThenKeyOrder(partitions, this::partitionOf, (categoryId, productId, total) -> {
                outKey.set(categoryId, productId);
                outValue.set(total);
                try {
                    context.write(outKey, outValue);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while emitting combined sums", e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        sums.clear();
    }

    private int partitionOf(int categoryId, long productId) {
        outKey.set(categoryId, productId);
        return partitioner.getPartition(outKey, outValue, partitions);
    }

    /** The job's partitioner, to emit in the map-side sort's order; null in a test's mock context. */
    @SuppressWarnings("unchecked")
    public static Partitioner<CategoryProductKey, LongWritable> partitionerOf(
            org.apache.hadoop.mapreduce.TaskInputOutputContext<?, ?, CategoryProductKey, LongWritable> context) {
        try {
            Class<?> type = context.getPartitionerClass();
            return type == null ? null : (Partitioner<CategoryProductKey, LongWritable>) ReflectionUtils.newInstance(
                    type, context.getConfiguration());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("stage 1's partitioner class is not on the classpath", e);
        }
    }

    private void logSample(MalformedReason reason, byte[] bytes, int start, int length, long offset) {
        int shown = Math.min(length, SAMPLE_MAX_CHARS);
        String text = new String(bytes, start, shown, StandardCharsets.UTF_8);
        LOG.warn("malformed line ({}) at byte offset {}: {}{}", reason, offset,
                text.replace("\t", "\\t").replace("\r", "\\r"), length > shown ? "..." : "");
    }
}
