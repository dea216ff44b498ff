package com.salesrank.ranker.incremental;

import com.salesrank.ranker.RankerConfigKeys;
import com.salesrank.ranker.aggregate.BlockLines;
import com.salesrank.ranker.aggregate.CategoryProductKey;
import com.salesrank.ranker.aggregate.CategoryProductSums;
import com.salesrank.ranker.aggregate.LineBlockInputFormat;
import com.salesrank.ranker.aggregate.PresortedSorter;
import com.salesrank.ranker.aggregate.SalesMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import com.salesrank.ranker.failure.TaskFailures;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta job mapper: reads one whole slice, or one raw log that it slices first ({@link LogSlicer}), and
 * emits, per cell, how much it adds to or takes from each (category, product) between the old window and
 * the new one ({@link SliceRole}). It checks a slice against the line count and CRC-32 the manifest
 * recorded; a mismatch is counted, and the driver then throws the run's output away and rebuilds the state.
 * Slicing the new logs in this job, not a job of their own, saves a job's start-up on every run. Changes
 * are combined in the mapper ({@link ChangeSums}), so the job needs no combiner. A rebuild's window totals
 * give it many raw logs in one combined split instead ({@link #runLogs}).
 */
public class DeltaMapper extends Mapper<LongWritable, Text, CategoryProductKey, LongWritable> {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaMapper.class);
    private static final byte[] NEWLINE = {'\n'};

    /** Entries combined in the mapper before they are written out (bounds the task's memory). */
    private static final int MAX_COMBINED = 1 << 21;

    private final ChangeSums sums = new ChangeSums(1 << 16);
    private final CategoryProductKey outKey = new CategoryProductKey();
    private final LongWritable outValue = new LongWritable();
    private final long[] fields = new long[4];
    private final CRC32 crc = new CRC32();
    private WindowMembership oldWindow;
    private WindowMembership newWindow;
    private SliceRole role;
    /** Whether each window reads the open file's hour folder: asked once per file ({@link WindowMembership#counts}). */
    private boolean newReadsFolder;
    private boolean oldReadsFolder;
    private long expectedRecords;
    private long expectedCrc;
    private Path slice;
    private long records;
    private boolean unparsable;
    private LogSlicer log;
    /** The cells of the log being sliced; one table for every log of the task ({@link MinuteCellSums#drain}). */
    private MinuteCellSums cells;
    /** The window totals of a rebuild's combined split ({@link #runLogs}); null for one whole file. */
    private CategoryProductSums totals;
    private int maxTotals;
    private Partitioner<CategoryProductKey, LongWritable> partitioner;

    /**
     * {@link Mapper#run} with the reader's failures naming the file ({@link TaskFailures#next}): a truncated
     * {@code .gz} otherwise fails the job with "NA" and the file only in a task's stack trace.
     */
    @Override
    public void run(Context context) throws IOException, InterruptedException {
        if (context.getInputSplit() instanceof CombineFileSplit) {
            runLogs(context);
            return;
        }
        setup(context);
        try {
            while (TaskFailures.next(context, slice)) { // setup found the one file this task reads
                map(context.getCurrentKey(), context.getCurrentValue(), context);
            }
        } finally {
            cleanup(context);
        }
    }

    /**
     * A rebuild's window totals ({@link IncrementalJobs#windowTotals}): many raw logs in one split, read in
     * blocks of whole lines ({@link LineBlockInputFormat}). Each log is still sliced on its own, into the slice
     * of its own index, when the reader moves on to the next; the window totals of all of them are summed in
     * one {@link CategoryProductSums}, so a key is emitted about once per task, not once per log.
     */
    private void runLogs(Context context) throws IOException, InterruptedException {
        Configuration conf = context.getConfiguration();
        readWindows(conf);
        Map<String, String[]> sources = DeltaSources.all(conf);
        // every weight is 0 or 1 (no old window) and every quantity positive: stage 1's sums, and its order
        maxTotals = conf.getInt(RankerConfigKeys.COMBINING_MAX_ENTRIES, RankerConfigKeys.COMBINING_MAX_ENTRIES_DEFAULT);
        totals = new CategoryProductSums(Math.min(maxTotals, 1 << 20));
        partitioner = SalesMapper.partitionerOf(context);
        String open = null;
        while (TaskFailures.next(context)) {
            String file = conf.get(MRJobConfig.MAP_INPUT_FILE); // set by the combined reader for each file it opens
            if (!file.equals(open)) {
                endLog(context);
                open = file;
                String[] source = sources.get(file);
                if (source == null || SliceRole.valueOf(source[0]) != SliceRole.LOG) {
                    throw new IOException("window totals: " + file + " is not one of the raw logs the driver listed");
                }
                openSource(new Path(file), source, conf);
            }
            long offset = context.getCurrentKey().get();
            Text block = context.getCurrentValue();
            BlockLines.forEach(block.getBytes(), block.getLength(),
                    (bytes, start, length) -> log.add(bytes, start, length, offset + start));
            log.reportLinesRead(context);
        }
        endLog(context);
        flushTotals(context);
    }

    @Override
    protected void setup(Context context) throws IOException {
        Configuration conf = context.getConfiguration();
        readWindows(conf);
        Path file = WholeFileTextInputFormat.pathOf(context.getInputSplit());
        openSource(file, DeltaSources.find(conf, file), conf);
    }

    private void readWindows(Configuration conf) {
        oldWindow = WindowMembership.read(conf, RankerConfigKeys.INCREMENTAL_OLD_START, RankerConfigKeys.INCREMENTAL_OLD_END);
        newWindow = WindowMembership.read(conf, RankerConfigKeys.INCREMENTAL_NEW_START, RankerConfigKeys.INCREMENTAL_NEW_END);
    }

    private void openSource(Path file, String[] source, Configuration conf) {
        slice = file;
        role = SliceRole.valueOf(source[0]);
        long folderHour = Long.parseLong(source[1]);
        newReadsFolder = newWindow.readsFolder(folderHour);
        oldReadsFolder = oldWindow.readsFolder(folderHour);
        expectedRecords = Long.parseLong(source[2]);
        expectedCrc = Long.parseLong(source[3]);
        if (role == SliceRole.LOG) {
            if (cells == null) {
                cells = new MinuteCellSums();
            }
            log = new LogSlicer(conf, slice, cells);
        }
    }

    /** Writes the open log's slice, emits its cells and counts its lines; nothing when no log is open. */
    private void endLog(Context context) throws IOException, InterruptedException {
        if (log == null) {
            return;
        }
        // for a log, the "records" field of its entry is the index of the slice it becomes
        Path dir = new Path(context.getConfiguration().get(RankerConfigKeys.INCREMENTAL_SLICE_DIR));
        log.write(context.getConfiguration(), dir, (int) expectedRecords,
                (minute, categoryId, productId, quantity) -> emit(minute, categoryId, productId, quantity, context));
        log.count(context);
        log = null;
    }

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
        if (log != null) {
            log.add(offset.get(), line);
            return;
        }
        records++;
        crc.update(line.getBytes(), 0, line.getLength());
        crc.update(NEWLINE);
        if (!TabbedLongs.parse(line.getBytes(), line.getLength(), fields)) {
            unparsable = true;
            return;
        }
        emit(fields[0], (int) fields[1], fields[2], fields[3], context);
    }

    private void emit(long minute, int categoryId, long productId, long quantity, Context context)
            throws IOException, InterruptedException {
        int weight = (newReadsFolder && newWindow.containsMinute(minute) ? role.newWeight : 0)
                - (oldReadsFolder && oldWindow.containsMinute(minute) ? role.oldWeight : 0);
        if (weight == 0) {
            return;
        }
        if (totals != null) {
            totals.add(categoryId, productId, weight * quantity);
            if (totals.size() >= maxTotals) {
                flushTotals(context);
            }
            return;
        }
        sums.add(categoryId, productId, weight * quantity);
        if (sums.size() >= MAX_COMBINED) {
            flush(context);
        }
    }

    /**
     * Emits the window totals gathered so far in the order of the map-side sort, partition then key, which
     * {@link PresortedSorter} then only checks, as stage 1's {@link SalesMapper} does.
     */
    private void flushTotals(Context context) throws IOException, InterruptedException {
        int partitions = Math.max(1, context.getNumReduceTasks());
        try {
            totals.forEachInPartitionThenKeyOrder(partitions, (categoryId, productId) -> {
                outKey.set(categoryId, productId);
                return partitioner.getPartition(outKey, outValue, partitions);
            }, (categoryId, productId, total) -> {
                outKey.set(categoryId, productId);
                outValue.set(total);
                try {
                    context.write(outKey, outValue);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while emitting window totals", e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        totals.clear();
    }

    private void flush(Context context) throws IOException, InterruptedException {
        sums.forEachNonZero((categoryId, productId, change) -> {
            outKey.set(categoryId, productId);
            outValue.set(change);
            context.write(outKey, outValue);
        });
        sums.clear();
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
        if (log != null) {
            endLog(context);
            flush(context);
            return;
        }
        flush(context);
        context.getCounter(StateCounter.STATE_LINES_READ).increment(records);
        if (unparsable || records != expectedRecords || crc.getValue() != expectedCrc) {
            LOG.error("state slice {} is corrupt: {} lines (manifest: {}), crc {} (manifest: {}){}", slice, records,
                    expectedRecords, crc.getValue(), expectedCrc, unparsable ? ", with lines that do not parse" : "");
            context.getCounter(StateCounter.CORRUPT_FILES).increment(1);
        }
    }
}
