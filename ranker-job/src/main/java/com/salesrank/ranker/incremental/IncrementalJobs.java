package com.salesrank.ranker.incremental;

import com.salesrank.ranker.RankerConfigKeys;
import com.salesrank.ranker.aggregate.CategoryProductKey;
import com.salesrank.ranker.aggregate.LineBlockInputFormat;
import com.salesrank.ranker.aggregate.PresortedSorter;
import com.salesrank.ranker.aggregate.SalesCounter;
import com.salesrank.ranker.aggregate.SumStage;
import com.salesrank.ranker.failure.TaskFailures;
import com.salesrank.ranker.progress.JobProgressReporter;
import com.salesrank.ranker.rank.RankKey;
import com.salesrank.ranker.state.StateException;
import com.salesrank.ranker.state.StateManifest;
import com.salesrank.ranker.state.StateStore;
import com.salesrank.ranker.state.TotalsPart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.util.IndexedSorter;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;

/**
 * The configuration of the incremental run's two MapReduce jobs: the delta job (raw logs and slices in,
 * the net change per (category, product) out, or the window totals when the state is built from nothing)
 * and the apply job (the old ranking's parts plus their changes in, the new ranking's parts out).
 */
final class IncrementalJobs {

    /** One input of the delta job: a raw log or a slice, and how it counts ({@link SliceRole}). */
    record Source(SliceRole role, long folderHour, long records, long crc, Path path) {
    }

    private final Configuration conf;
    private final Class<?> jarClass;
    private final JobProgressReporter progress;

    IncrementalJobs(Configuration conf, Class<?> jarClass, JobProgressReporter progress) {
        this.conf = conf;
        this.jarClass = jarClass;
        this.progress = progress;
    }

    /** The net change of {@code sources} between the two windows, one delta file per source (map-only). */
    Counters delta(List<Source> sources, Path sliceDir, Path output, WindowMembership oldWindow,
            WindowMembership newWindow) throws Exception {
        if (sources.isEmpty()) {
            output.getFileSystem(conf).mkdirs(output); // nothing changed: an empty delta
            return new Counters();
        }
        Job job = deltaJob(sources, sliceDir, output, oldWindow, newWindow, "net change");
        job.setInputFormatClass(WholeFileTextInputFormat.class);
        for (Source s : sources) {
            WholeFileTextInputFormat.addInputPath(job, s.path());
        }
        // map-only: each map has combined its own changes (ChangeSums), and whoever reads the delta (the
        // apply job's mappers, a head refresh) sums the few keys two maps share, so no shuffle and sort
        job.setNumReduceTasks(0);
        job.setOutputKeyClass(CategoryProductKey.class);
        job.setOutputValueClass(LongWritable.class);
        return run(job, "incremental: net change");
    }

    /**
     * The window's totals from every raw log of it (a rebuild), as stage 1's sums: {@code logBytes} of logs
     * packed into few splits as stage 1 packs them ({@link LineBlockInputFormat}, {@link SumStage#splitBytes}),
     * each log still sliced on its own ({@link DeltaMapper}), summed by {@code reducers} reduces.
     */
    Counters windowTotals(List<Source> logs, long logBytes, Path sliceDir, Path output, WindowMembership newWindow,
            int reducers) throws Exception {
        Job job = deltaJob(logs, sliceDir, output, WindowMembership.none(), newWindow, "window totals");
        Configuration jobConf = job.getConfiguration();
        if (jobConf.get(FileInputFormat.SPLIT_MAXSIZE) == null) {
            jobConf.setLong(FileInputFormat.SPLIT_MAXSIZE, SumStage.splitBytes(jobConf, logBytes));
        }
        job.setInputFormatClass(LineBlockInputFormat.class);
        // the maps emit their sums in the spill's order (DeltaMapper#flushTotals): checked, not quicksorted again
        jobConf.setClass(MRJobConfig.MAP_SORT_CLASS, PresortedSorter.class, IndexedSorter.class);
        for (Source s : logs) {
            FileInputFormat.addInputPath(job, s.path());
        }
        job.setPartitionerClass(CategoryOfProductPartitioner.class);
        job.setNumReduceTasks(reducers);
        job.setReducerClass(WindowTotalsReducer.class);
        job.setOutputKeyClass(RankKey.class);
        job.setOutputValueClass(NullWritable.class);
        return run(job, "rebuild: window totals");
    }

    private Job deltaJob(List<Source> sources, Path sliceDir, Path output, WindowMembership oldWindow,
            WindowMembership newWindow, String what) throws IOException {
        Configuration jobConf = new Configuration(conf);
        jobConf.set(RankerConfigKeys.INCREMENTAL_SLICE_DIR, sliceDir.toString());
        jobConf.setBoolean("mapreduce.map.speculative", false); // a slice has one writer
        oldWindow.write(jobConf, RankerConfigKeys.INCREMENTAL_OLD_START, RankerConfigKeys.INCREMENTAL_OLD_END);
        newWindow.write(jobConf, RankerConfigKeys.INCREMENTAL_NEW_START, RankerConfigKeys.INCREMENTAL_NEW_END);
        for (Source s : sources) {
            DeltaSources.add(jobConf, s.role(), s.folderHour(), s.records(), s.crc(), s.path());
        }
        Job job = Job.getInstance(jobConf, "salesrank incremental: " + what + " of " + sources.size()
                + " logs and slices");
        job.setJarByClass(jarClass);
        job.setMapperClass(DeltaMapper.class);
        job.setMapOutputKeyClass(CategoryProductKey.class);
        job.setMapOutputValueClass(LongWritable.class);
        job.setOutputFormatClass(SequenceFileOutputFormat.class);
        FileOutputFormat.setOutputPath(job, output);
        // next to the job's output, under the run's work directory: removed with it
        TaskFailures.configure(job, new Path(output.getParent(), "_failures-" + output.getName()));
        return job;
    }

    private Counters run(Job job, String stage) throws Exception {
        if (!progress.waitForCompletion(job, stage, "lines", SalesCounter.LINES_READ)) {
            throw new IOException("incremental: summing the changes failed: " + TaskFailures.describe(job));
        }
        return job.getCounters();
    }

    Counters apply(StateStore store, StateManifest old, Path delta, int expectedDeltaFiles, Path totalsDir, Path ranking)
            throws Exception {
        Configuration jobConf = new Configuration(conf);
        jobConf.set(RankerConfigKeys.INCREMENTAL_APPLY_RANKING_DIR, ranking.toString());
        List<Path> deltaFiles = deltaFiles(delta, expectedDeltaFiles);
        for (int j = 0; j < deltaFiles.size(); j++) {
            jobConf.set(RankerConfigKeys.INCREMENTAL_APPLY_DELTA_FILES + "." + j, deltaFiles.get(j).toString());
        }
        jobConf.setInt(RankerConfigKeys.INCREMENTAL_APPLY_DELTA_FILES + ".count", deltaFiles.size());
        jobConf.set(RankerConfigKeys.INCREMENTAL_APPLY_TOTALS_DIR, totalsDir.toString());
        jobConf.setInt(RankerConfigKeys.INCREMENTAL_APPLY_PARTS + ".count", old.totals().size());
        jobConf.setBoolean("mapreduce.map.speculative", false);
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < old.totals().size(); i++) {
            TotalsPart part = old.totals().get(i);
            Path path = store.fileSystem().makeQualified(store.resolve(part.file()));
            jobConf.set(RankerConfigKeys.INCREMENTAL_APPLY_PARTS + "." + i, part.rows() + "\t" + part.crc() + "\t" + path);
            parts.add(path);
        }
        Job job = Job.getInstance(jobConf, "salesrank incremental: apply the changes to " + parts.size()
                + " ranking parts");
        job.setJarByClass(jarClass);
        job.setInputFormatClass(WholeFileTextInputFormat.class);
        for (Path part : parts) {
            WholeFileTextInputFormat.addInputPath(job, part);
        }
        job.setMapperClass(ApplyDeltaMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputFormatClass(NullOutputFormat.class);
        if (!progress.waitForCompletion(job, "incremental: apply", "rows")) {
            throw new IOException("incremental: applying the changes failed: " + TaskFailures.describe(job));
        }
        return job.getCounters();
    }

    /**
     * The delta job's files (one per map; an S3A committer adds a unique suffix to their names). Listed and
     * counted, never guessed: a missing file is an error, not "no changes".
     */
    List<Path> deltaFiles(Path delta, int expected) throws IOException {
        List<Path> files = new ArrayList<>();
        for (FileStatus file : delta.getFileSystem(conf).listStatus(delta, p -> p.getName().startsWith("part-"))) {
            files.add(file.getPath());
        }
        if (files.size() != expected) {
            throw new IOException("incremental: the delta job wrote " + files.size() + " files for " + expected
                    + " inputs in " + delta);
        }
        files.sort(null);
        return files;
    }

    /** Reads delta files into the net change per category and product, summing a key two maps both wrote. */
    static TreeMap<Integer, Map<Long, Long>> readDelta(Configuration conf, List<Path> files, IntPredicate categories)
            throws IOException {
        TreeMap<Integer, Map<Long, Long>> byCategory = new TreeMap<>();
        CategoryProductKey key = new CategoryProductKey();
        LongWritable change = new LongWritable();
        for (Path file : files) {
            try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(file))) {
                while (in.next(key, change)) {
                    if (categories.test(key.categoryId())) {
                        byCategory.computeIfAbsent(key.categoryId(), c -> new java.util.HashMap<>())
                                .merge(key.productId(), change.get(), Math::addExact);
                    }
                }
            }
        }
        return byCategory;
    }

    static void checkState(Counters delta, Counters apply) throws StateException {
        long corrupt = delta.findCounter(StateCounter.CORRUPT_FILES).getValue()
                + apply.findCounter(StateCounter.CORRUPT_FILES).getValue();
        long inconsistent = delta.findCounter(StateCounter.INCONSISTENT_ROWS).getValue()
                + apply.findCounter(StateCounter.INCONSISTENT_ROWS).getValue();
        if (corrupt > 0 || inconsistent > 0) {
            throw new StateException(String.format(Locale.ROOT,
                    "%d state files fail their line count or CRC-32, %d do not add up (see the task log)", corrupt,
                    inconsistent));
        }
    }
}
