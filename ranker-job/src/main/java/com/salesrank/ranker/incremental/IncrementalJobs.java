package com.salesrank.ranker.incremental;

import com.salesrank.ranker.aggregate.CategoryProductKey;
import com.salesrank.ranker.failure.TaskFailures;
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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

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

    IncrementalJobs(Configuration conf, Class<?> jarClass) {
        this.conf = conf;
        this.jarClass = jarClass;
    }

    Counters delta(List<Source> sources, Path sliceDir, Path output, WindowMembership oldWindow,
            WindowMembership newWindow, int reducers, boolean totals) throws Exception {
        if (sources.isEmpty()) {
            output.getFileSystem(conf).mkdirs(output); // nothing changed: an empty delta
            return new Counters();
        }
        Configuration jobConf = new Configuration(conf);
        jobConf.set(IncrementalKeys.SLICE_DIR, sliceDir.toString());
        jobConf.setBoolean("mapreduce.map.speculative", false); // a slice has one writer
        oldWindow.write(jobConf, IncrementalKeys.OLD_START, IncrementalKeys.OLD_END);
        newWindow.write(jobConf, IncrementalKeys.NEW_START, IncrementalKeys.NEW_END);
        for (Source s : sources) {
            DeltaSources.add(jobConf, s.role(), s.folderHour(), s.records(), s.crc(), s.path());
        }
        Job job = Job.getInstance(jobConf, "salesrank incremental: " + (totals ? "window totals" : "net change") + " of "
                + sources.size() + " logs and slices");
        job.setJarByClass(jarClass);
        job.setInputFormatClass(WholeFileTextInputFormat.class);
        for (Source s : sources) {
            WholeFileTextInputFormat.addInputPath(job, s.path());
        }
        job.setMapperClass(DeltaMapper.class);
        job.setMapOutputKeyClass(CategoryProductKey.class);
        job.setMapOutputValueClass(LongWritable.class);
        job.setPartitionerClass(CategoryOfProductPartitioner.class);
        job.setNumReduceTasks(reducers);
        if (totals) {
            job.setReducerClass(WindowTotalsReducer.class);
            job.setOutputKeyClass(RankKey.class);
            job.setOutputValueClass(NullWritable.class);
            job.setOutputFormatClass(SequenceFileOutputFormat.class);
        } else {
            job.setReducerClass(DeltaSumReducer.class);
            job.setOutputKeyClass(NullWritable.class);
            job.setOutputValueClass(Text.class);
            job.setOutputFormatClass(TextOutputFormat.class);
        }
        FileOutputFormat.setOutputPath(job, output);
        // next to the job's output, under the run's work directory: removed with it
        TaskFailures.configure(job, new Path(output.getParent(), "_failures-" + output.getName()));
        if (!job.waitForCompletion(false)) {
            throw new IOException("incremental: summing the changes failed: " + TaskFailures.describe(job));
        }
        return job.getCounters();
    }

    Counters apply(StateStore store, StateManifest old, Path delta, Path totalsDir, Path ranking)
            throws Exception {
        Configuration jobConf = new Configuration(conf);
        jobConf.set(IncrementalKeys.APPLY_RANKING_DIR, ranking.toString());
        Map<Integer, Path> deltaParts = deltaParts(delta, old.totals().size());
        jobConf.set(IncrementalKeys.APPLY_TOTALS_DIR, totalsDir.toString());
        jobConf.setInt(IncrementalKeys.APPLY_PARTS + ".count", old.totals().size());
        jobConf.setBoolean("mapreduce.map.speculative", false);
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < old.totals().size(); i++) {
            TotalsPart part = old.totals().get(i);
            Path path = store.fileSystem().makeQualified(store.resolve(part.file()));
            Path deltaPart = deltaParts.get(i);
            jobConf.set(IncrementalKeys.APPLY_PARTS + "." + i, part.rows() + "\t" + part.crc() + "\t"
                    + (deltaPart == null ? ApplyDeltaMapper.NO_CHANGES : deltaPart.toString()) + "\t" + path);
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
        if (!job.waitForCompletion(false)) {
            throw new IOException("incremental: applying the changes failed: " + TaskFailures.describe(job));
        }
        return job.getCounters();
    }

    /**
     * The delta job's part file of each partition, by the partition number that starts its name (an S3A
     * committer adds a unique suffix to it). Listed, never guessed: a part that is not found is an error,
     * not "no changes".
     */
    private Map<Integer, Path> deltaParts(Path delta, int partitions) throws IOException {
        FileSystem fs = delta.getFileSystem(conf);
        Map<Integer, Path> parts = new TreeMap<>();
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("part-r-(\\d{5}).*");
        for (FileStatus file : fs.listStatus(delta, p -> p.getName().startsWith("part-"))) {
            java.util.regex.Matcher m = name.matcher(file.getPath().getName());
            if (!m.matches() || parts.put(Integer.parseInt(m.group(1)), file.getPath()) != null) {
                throw new IOException("incremental: unexpected delta file " + file.getPath());
            }
        }
        if (!parts.isEmpty() && parts.size() != partitions) {
            throw new IOException("incremental: the delta job wrote " + parts.size() + " parts for " + partitions
                    + " ranking parts in " + delta);
        }
        return parts;
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
