package com.salesrank.ranker.incremental;

import com.salesrank.ranker.aggregate.SalesCounter;
import com.salesrank.ranker.parse.MalformedReason;
import com.salesrank.ranker.parse.ParseResult;
import com.salesrank.ranker.parse.SaleLineParser;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import com.salesrank.ranker.state.StateStore;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slice job mapper: reads one whole raw log (see {@link WholeFileTextInputFormat}) and writes its slice,
 * the sales summed per (minute of the sale's timestamp, category, product), keeping only minutes from the
 * new window's start on (older sales can never count again). Lines are counted exactly like the full job
 * counts them, so the malformed-ratio gate sees the lines this run read.
 *
 * <p>The slice is written straight to its final name, {@code s-INDEX} under the run's slice directory,
 * with a {@code .meta} line beside it; a retried task rewrites the same bytes, and a failed run's files
 * are never referenced by a committed manifest.
 */
public class SliceMapper extends Mapper<LongWritable, Text, NullWritable, NullWritable> {

    private static final Logger LOG = LoggerFactory.getLogger(SliceMapper.class);
    private static final int SAMPLES = 5;

    private record Cell(long minute, int categoryId, long productId) {
    }

    private static final Comparator<Cell> ORDER = Comparator.comparingLong(Cell::minute)
            .thenComparingInt(Cell::categoryId).thenComparingLong(Cell::productId);

    private final SaleLineParser parser = new SaleLineParser();
    private final Map<Cell, long[]> cells = new HashMap<>();
    private final long[] malformed = new long[MalformedReason.values().length];
    private long keepFromSecond;
    private long windowEndSecond;
    private int index;
    private Path source;
    private long linesRead;
    private long valid;
    private long outsideWindow;
    private long headers;
    private long empties;
    private int samplesLeft = SAMPLES;

    @Override
    protected void setup(Context context) throws IOException {
        Configuration conf = context.getConfiguration();
        keepFromSecond = conf.getLong(IncrementalKeys.NEW_START, Long.MIN_VALUE);
        windowEndSecond = conf.getLong(IncrementalKeys.NEW_END, Long.MAX_VALUE);
        source = ((FileSplit) context.getInputSplit()).getPath();
        index = indexOf(conf, source);
    }

    static int indexOf(Configuration conf, Path source) throws IOException {
        int count = conf.getInt(IncrementalKeys.SLICE_SOURCES + ".count", 0);
        String wanted = source.toString();
        for (int i = 0; i < count; i++) {
            if (wanted.equals(conf.get(IncrementalKeys.SLICE_SOURCES + "." + i))) {
                return i;
            }
        }
        throw new IOException("slice job: " + source + " is not one of the logs the driver listed");
    }

    @Override
    protected void map(LongWritable offset, Text line, Context context) {
        linesRead++;
        ParseResult result = parser.scan(line.getBytes(), line.getLength());
        switch (result.kind()) {
            case VALID -> {
                valid++;
                long second = parser.epochSecond();
                if (second < keepFromSecond || second >= windowEndSecond) {
                    outsideWindow++;
                }
                if (second >= keepFromSecond) {
                    long minute = Math.floorDiv(second, 60);
                    long[] sum = cells.computeIfAbsent(new Cell(minute, parser.categoryId(), parser.productId()),
                            c -> new long[1]);
                    sum[0] = Math.addExact(sum[0], parser.quantity());
                }
            }
            case HEADER -> headers++;
            case EMPTY -> empties++;
            case MALFORMED -> {
                malformed[result.reason().ordinal()]++;
                if (samplesLeft-- > 0) {
                    LOG.warn("malformed line ({}) in {} at byte offset {}", result.reason(), source, offset.get());
                }
            }
        }
    }

    @Override
    protected void cleanup(Context context) throws IOException {
        List<Map.Entry<Cell, long[]>> sorted = new ArrayList<>(cells.entrySet());
        sorted.sort(Map.Entry.comparingByKey(ORDER));
        Path dir = new Path(context.getConfiguration().get(IncrementalKeys.SLICE_DIR));
        FileSystem fs = StateStore.fileSystem(dir, context.getConfiguration());
        CRC32 crc = new CRC32();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        byte[] buffer = new byte[96];
        try (OutputStream out = new BufferedOutputStream(fs.create(new Path(dir, "s-" + index), true), 1 << 16)) {
            for (Map.Entry<Cell, long[]> e : sorted) {
                Cell c = e.getKey();
                int n = TabbedLongs.append(buffer, 0, c.minute(), c.categoryId(), c.productId(), e.getValue()[0]);
                out.write(buffer, 0, n);
                crc.update(buffer, 0, n);
                first = Math.min(first, c.minute());
                last = Math.max(last, c.minute());
            }
        }
        String meta = sorted.size() + "\t" + crc.getValue() + "\t" + first + "\t" + last + "\n";
        try (OutputStream out = fs.create(new Path(dir, "s-" + index + ".meta"), true)) {
            out.write(meta.getBytes(StandardCharsets.US_ASCII));
        }
        context.getCounter(SalesCounter.LINES_READ).increment(linesRead);
        context.getCounter(SalesCounter.VALID).increment(valid);
        context.getCounter(SalesCounter.OUTSIDE_WINDOW).increment(outsideWindow);
        context.getCounter(SalesCounter.HEADER_SKIPPED).increment(headers);
        context.getCounter(SalesCounter.EMPTY_SKIPPED).increment(empties);
        for (MalformedReason reason : MalformedReason.values()) {
            if (malformed[reason.ordinal()] > 0) {
                context.getCounter(reason).increment(malformed[reason.ordinal()]);
            }
        }
    }
}
