package com.salesrank.ranker.incremental;

import com.salesrank.ranker.RankerConfigKeys;
import com.salesrank.ranker.aggregate.LineCounts;
import com.salesrank.ranker.parse.ParseResult;
import com.salesrank.ranker.parse.SaleLineParser;
import com.salesrank.ranker.state.StateStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one raw log into its slice: the sales summed per (minute of the sale's own timestamp, category,
 * product), keeping only minutes from the new window's start on (older sales can never count again).
 * Lines are counted exactly like the full job counts them, so the malformed-ratio gate sees the lines
 * this run read.
 *
 * <p>The slice is written straight to its final name, {@code s-INDEX} in the slice directory, with a
 * {@code .meta} line (records, CRC-32, first and last minute) beside it; a retried task rewrites the same
 * bytes, and a failed run's files are never referenced by a committed manifest.
 */
final class LogSlicer {

    /** Takes one (minute, category, product) of a slice and its quantity. */
    @FunctionalInterface
    interface CellConsumer {
        void accept(long minute, int categoryId, long productId, long quantity) throws IOException, InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LogSlicer.class);
    private static final int SAMPLES = 5;

    private record Key(long minute, int categoryId, long productId) {
    }

    private final SaleLineParser parser = new SaleLineParser();
    private final Map<Key, long[]> cells = new HashMap<>();
    private final LineCounts counts = new LineCounts();
    private final long keepFromSecond;
    private final long windowEndSecond;
    private final Path source;
    private int samplesLeft = SAMPLES;

    LogSlicer(Configuration conf, Path source) {
        this.keepFromSecond = conf.getLong(RankerConfigKeys.INCREMENTAL_NEW_START, Long.MIN_VALUE);
        this.windowEndSecond = conf.getLong(RankerConfigKeys.INCREMENTAL_NEW_END, Long.MAX_VALUE);
        this.source = source;
    }

    void add(long offset, Text line) {
        add(line.getBytes(), 0, line.getLength(), offset);
    }

    /** As {@link #add(long, Text)}, for the line {@code bytes[start, start + length)} at {@code offset} in the log. */
    void add(byte[] bytes, int start, int length, long offset) {
        counts.line();
        ParseResult result = parser.scan(bytes, start, length);
        switch (result.kind()) {
            case VALID -> {
                long second = parser.epochSecond();
                counts.valid(second >= keepFromSecond && second < windowEndSecond);
                if (second >= keepFromSecond) {
                    long[] sum = cells.computeIfAbsent(
                            new Key(Math.floorDiv(second, 60), parser.categoryId(), parser.productId()), k -> new long[1]);
                    sum[0] = Math.addExact(sum[0], parser.quantity());
                }
            }
            case HEADER -> counts.header();
            case EMPTY -> counts.empty();
            case MALFORMED -> {
                counts.malformed(result.reason());
                if (samplesLeft-- > 0) {
                    LOG.warn("malformed line ({}) in {} at byte offset {}", result.reason(), source, offset);
                }
            }
        }
    }

    /**
     * Writes the slice {@code s-index} and its meta line into {@code dir}, handing each cell to {@code written}
     * as it is written. Unsorted: nothing reads a slice in order, and its CRC-32 covers the bytes as written.
     */
    void write(Configuration conf, Path dir, int index, CellConsumer written) throws IOException, InterruptedException {
        FileSystem fs = StateStore.fileSystem(dir, conf);
        CRC32 crc = new CRC32();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        byte[] buffer = new byte[96];
        try (OutputStream out = new BufferedOutputStream(fs.create(new Path(dir, "s-" + index), true), 1 << 16)) {
            for (Map.Entry<Key, long[]> e : cells.entrySet()) {
                Key k = e.getKey();
                int n = TabbedLongs.append(buffer, 0, k.minute(), k.categoryId(), k.productId(), e.getValue()[0]);
                out.write(buffer, 0, n);
                crc.update(buffer, 0, n);
                first = Math.min(first, k.minute());
                last = Math.max(last, k.minute());
                written.accept(k.minute(), k.categoryId(), k.productId(), e.getValue()[0]);
            }
        }
        String meta = cells.size() + "\t" + crc.getValue() + "\t" + first + "\t" + last + "\n";
        try (OutputStream out = fs.create(new Path(dir, "s-" + index + ".meta"), true)) {
            out.write(meta.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Adds the log's lines read so far to LINES_READ once enough have gathered, for the job's progress lines. */
    void reportLinesRead(TaskAttemptContext context) {
        counts.reportLinesRead(context);
    }

    void count(TaskAttemptContext context) {
        counts.addTo(context);
    }
}
