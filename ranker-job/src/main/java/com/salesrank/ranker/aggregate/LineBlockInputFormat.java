package com.salesrank.ranker.aggregate;

import com.salesrank.ranker.input.SplitBytesCountingReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;

/**
 * Stage 1's input: many whole log files packed into few splits (as {@code CombineTextInputFormat}), but
 * each record is a block of whole lines, about {@value #BLOCK_BYTES} bytes, not one line. {@link SalesMapper}
 * cuts the lines itself and parses them where they lie. With one record per line, the framework's work per
 * record (the reader copying the line into a {@link Text}, the tracking reader's counters and progress, the
 * context wrappers) cost more than parsing the line, in a profile of the 20M-line benchmark.
 *
 * <p>A file is never split: its blocks end just after a line end ({@code \n}, {@code \r\n} or a lone
 * {@code \r}, Hadoop's LineReader's three), so no line is cut in two and no {@code \r\n} is split. As
 * Hadoop's LineRecordReader, it skips a UTF-8 byte order mark at the start of a file and reads compressed
 * files (.gz) through their codec. The key is the block's offset in the (uncompressed) file.
 */
public class LineBlockInputFormat extends CombineFileInputFormat<LongWritable, Text> {

    static final int BLOCK_BYTES = 1 << 20;

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    @Override
    public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context)
            throws IOException {
        return SplitBytesCountingReader.counting(
                new CombineFileRecordReader<>((CombineFileSplit) split, context, BlockReader.class));
    }

    /** Reads one file of a combined split as blocks of whole lines. */
    public static final class BlockReader extends RecordReader<LongWritable, Text> {
        private final Path path;
        private final long fileLength;
        private final LongWritable key = new LongWritable();
        private final Text value = new Text();
        private InputStream in;
        private Decompressor decompressor;
        private byte[] buffer = new byte[BLOCK_BYTES];
        private int filled;
        private boolean eof;
        private boolean firstBlock = true;
        private long position;

        /** The constructor {@link CombineFileRecordReader} calls, once per file of the split. */
        public BlockReader(CombineFileSplit split, TaskAttemptContext context, Integer index) {
            this.path = split.getPath(index);
            this.fileLength = split.getLength(index);
        }

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
            Configuration conf = context.getConfiguration();
            InputStream raw = path.getFileSystem(conf).open(path);
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
            if (codec == null) {
                in = raw;
            } else {
                try {
                    decompressor = CodecPool.getDecompressor(codec);
                    in = codec.createInputStream(raw, decompressor);
                } catch (IOException | RuntimeException e) {
                    raw.close();
                    throw e;
                }
            }
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            int cut;
            while ((cut = cut()) < 0) {
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than a block
                }
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                }
            }
            if (cut == 0) {
                return false; // the end of the file, all of it handed out
            }
            int from = 0;
            if (firstBlock && cut >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB
                    && (buffer[2] & 0xff) == 0xBF) {
                from = 3; // UTF-8 byte order mark, skipped as LineRecordReader does
            }
            firstBlock = false;
            key.set(position + from);
            value.set(buffer, from, cut - from);
            position += cut;
            System.arraycopy(buffer, cut, buffer, 0, filled - cut);
            filled -= cut;
            return true;
        }

        /**
         * Bytes of the buffer that make whole lines: up to just after its last line end, everything at the
         * end of the file, or -1 when more must be read first (the buffer is not full, or holds no line end).
         */
        private int cut() {
            if (eof) {
                return filled;
            }
            if (filled < buffer.length) {
                return -1; // fill the buffer first: fewer, larger blocks
            }
            for (int i = filled - 1; i >= 0; i--) {
                byte b = buffer[i];
                if (b == '\n') {
                    return i + 1;
                }
                if (b == '\r' && i + 1 < filled) { // a lone \r: the byte after it, seen, is not \n
                    return i + 1;
                }
            }
            return -1;
        }

        @Override
        public LongWritable getCurrentKey() {
            return key;
        }

        @Override
        public Text getCurrentValue() {
            return value;
        }

        @Override
        public float getProgress() {
            return fileLength <= 0 || decompressor != null ? (eof ? 1f : 0f)
                    : Math.min(1f, position / (float) fileLength);
        }

        @Override
        public void close() throws IOException {
            try {
                if (in != null) {
                    in.close();
                }
            } finally {
                if (decompressor != null) {
                    CodecPool.returnDecompressor(decompressor);
                    decompressor = null;
                }
            }
        }
    }
}
