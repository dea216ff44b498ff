package com.salesrank.ranker.incremental;

import com.salesrank.ranker.RankerConfigKeys;
import com.salesrank.ranker.aggregate.LineCounts;
import com.salesrank.ranker.parse.ParseResult;
import com.salesrank.ranker.parse.SaleLineParser;
import com.salesrank.ranker.state.StateStore;
import java.io.IOException;
import java.io.OutputStream;
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
 * <p>The slice is written straight to its final name, {@code s-INDEX} in the slice directory, with its
 * {@link SliceMeta} line beside it; a retried task rewrites the same
 * bytes, and a failed run's files are never referenced by a committed manifest.
 */
final class LogSlicer {

    private static final Logger LOG = LoggerFactory.getLogger(LogSlicer.class);
    private static final int SAMPLES = 5;

    private final SaleLineParser parser = new SaleLineParser();
    private final MinuteCellSums cells;
    private final LineCounts counts = new LineCounts();
    private final long keepFromSecond;
    private final long windowEndSecond;
    private final Path source;
    private int samplesLeft = SAMPLES;

    /** @param cells empty; where the log's cells are summed, left empty again by {@link #write} */
    LogSlicer(Configuration conf, Path source, MinuteCellSums cells) {
        this.cells = cells;
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
                    cells.add(Math.floorDiv(second, 60), parser.categoryId(), parser.productId(), parser.quantity());
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
    void write(Configuration conf, Path dir, int index, MinuteCellSums.CellConsumer written)
            throws IOException, InterruptedException {
        FileSystem fs = StateStore.fileSystem(dir, conf);
        long records = cells.size();
        SliceWriter slice;
        try (OutputStream out = fs.create(new Path(dir, "s-" + index), true)) {
            slice = new SliceWriter(out, written);
            cells.drain(slice);
            slice.flush();
        }
        new SliceMeta(records, slice.crc.getValue(), slice.first, slice.last).writeFor(fs, new Path(dir, "s-" + index));
    }

    /**
     * A slice's lines into one buffer, which is checksummed and written whole when full: a stream's write and
     * a CRC-32 update per line cost more than formatting the line.
     */
    private static final class SliceWriter implements MinuteCellSums.CellConsumer {
        private static final int LONGEST_LINE = 4 * 21; // four longs with their signs and separators
        private final byte[] buffer = new byte[1 << 16];
        private final OutputStream out;
        private final MinuteCellSums.CellConsumer written;
        private final CRC32 crc = new CRC32();
        private int used;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;

        SliceWriter(OutputStream out, MinuteCellSums.CellConsumer written) {
            this.out = out;
            this.written = written;
        }

        @Override
        public void accept(long minute, int categoryId, long productId, long quantity)
                throws IOException, InterruptedException {
            if (used > buffer.length - LONGEST_LINE) {
                flush();
            }
            used = TabbedLongs.append(buffer, used, minute, categoryId, productId, quantity);
            first = Math.min(first, minute);
            last = Math.max(last, minute);
            written.accept(minute, categoryId, productId, quantity);
        }

        void flush() throws IOException {
            crc.update(buffer, 0, used);
            out.write(buffer, 0, used);
            used = 0;
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
