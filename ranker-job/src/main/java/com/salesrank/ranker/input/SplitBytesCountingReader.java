package com.salesrank.ranker.input;

import java.io.IOException;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * A record reader that adds what it has read of its split to {@link InputCounter#SPLIT_BYTES_READ}, from the
 * wrapped reader's own progress (its position in the split), in steps of at least {@link #STEP_BYTES}, and the
 * whole split once the reader is done. A job's progress lines divide that counter by the splits' total
 * length: work done against work known, however many files a split holds and whatever state its task is in.
 */
public final class SplitBytesCountingReader<K, V> extends RecordReader<K, V> {

    /** Counter updates at most once per this many bytes: often enough for a progress line, rare enough to cost nothing. */
    static final long STEP_BYTES = 1 << 20;

    private final RecordReader<K, V> reader;
    private long splitBytes;
    private Counter counter;
    private long counted;

    private SplitBytesCountingReader(RecordReader<K, V> reader) {
        this.reader = reader;
    }

    /** {@code reader}, counting into the job's counters what it reads of the split it is initialized with. */
    public static <K, V> RecordReader<K, V> counting(RecordReader<K, V> reader) {
        return new SplitBytesCountingReader<>(reader);
    }

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) throws IOException, InterruptedException {
        splitBytes = Math.max(0, split.getLength());
        counter = context.getCounter(InputCounter.SPLIT_BYTES_READ);
        reader.initialize(split, context);
    }

    @Override
    public boolean nextKeyValue() throws IOException, InterruptedException {
        boolean more = reader.nextKeyValue();
        if (!more) {
            countUpTo(splitBytes);
        } else {
            long read = (long) (reader.getProgress() * (double) splitBytes);
            if (read - counted >= STEP_BYTES) {
                countUpTo(Math.min(read, splitBytes));
            }
        }
        return more;
    }

    private void countUpTo(long bytes) {
        if (bytes > counted && counter != null) {
            counter.increment(bytes - counted);
            counted = bytes;
        }
    }

    @Override
    public K getCurrentKey() throws IOException, InterruptedException {
        return reader.getCurrentKey();
    }

    @Override
    public V getCurrentValue() throws IOException, InterruptedException {
        return reader.getCurrentValue();
    }

    @Override
    public float getProgress() throws IOException, InterruptedException {
        return reader.getProgress();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
