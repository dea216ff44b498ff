package com.salesrank.ranker.aggregate;

import com.salesrank.ranker.RankerConfigKeys;
import com.salesrank.ranker.input.HourFolderInputs;
import com.salesrank.ranker.rank.RankKey;
import com.salesrank.ranker.window.RankingWindow;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.util.IndexedSorter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;

/**
 * Stage 1's job: the window's raw logs in, the quantity sold per (category, product) out, as the
 * {@link RankKey}s stage 2 sorts, in a SequenceFile.
 */
public final class SumStage {

    static final long DEFAULT_MAX_SPLIT_BYTES = 256L << 20;
    static final long MIN_LOCAL_SPLIT_BYTES = 32L << 20;
    static final long MAX_LOCAL_SPLIT_BYTES = 1L << 30;

    /** The configured job, and the bytes of raw logs under its (pruned) inputs. */
    public record Planned(Job job, long inputBytes) {
    }

    private SumStage() {
    }

    public static Planned job(Configuration base, RankingWindow window, List<String> inputRoots, Path sums,
            OptionalInt reducers, Class<?> jarClass) throws IOException {
        Configuration conf = new Configuration(base);
        window.writeTo(conf::set);
        // a yyyy/MM/dd/HH/ root is narrowed to the window's hour folders, not listed whole
        List<Path> roots = inputRoots.stream().map(Path::new).toList();
        List<Path> inputs = new HourFolderInputs(conf).forWindow(roots, window.start(), window.end());
        long inputBytes = inputBytes(conf, inputs);
        if (conf.get(FileInputFormat.SPLIT_MAXSIZE) == null) {
            // without a maximum, a CombineFileInputFormat would put a whole node's input in one split
            conf.setLong(FileInputFormat.SPLIT_MAXSIZE, splitBytes(conf, inputBytes));
        }
        Job job = Job.getInstance(conf, "salesrank stage 1: sum sales per (category, product) in " + window);
        job.setJarByClass(jarClass);

        // many small hourly files: pack them into few splits instead of one map task per file, read in blocks of lines
        job.setInputFormatClass(LineBlockInputFormat.class);
        FileInputFormat.setInputDirRecursive(job, true);
        for (Path input : inputs) {
            FileInputFormat.addInputPath(job, input);
        }
        job.setMapperClass(SalesMapper.class);
        boolean inMapperCombining = conf.getBoolean(RankerConfigKeys.IN_MAPPER_COMBINING,
                RankerConfigKeys.IN_MAPPER_COMBINING_DEFAULT);
        if (conf.getBoolean(RankerConfigKeys.STAGE1_COMBINER, !inMapperCombining)) {
            job.setCombinerClass(SalesSumCombiner.class);
        }
        // the in-mapper combining map emits in the spill's order: check it instead of quicksorting it again
        job.getConfiguration().setClass(MRJobConfig.MAP_SORT_CLASS, PresortedSorter.class, IndexedSorter.class);
        job.setMapOutputKeyClass(CategoryProductKey.class);
        job.setMapOutputValueClass(LongWritable.class);
        job.setReducerClass(SalesSumReducer.class);
        job.setOutputKeyClass(RankKey.class);
        job.setOutputValueClass(NullWritable.class);
        job.setOutputFormatClass(SequenceFileOutputFormat.class);
        FileOutputFormat.setOutputPath(job, sums);
        reducers.ifPresent(job::setNumReduceTasks);
        return new Planned(job, inputBytes);
    }

    /**
     * Split size when none is configured. In local mode: one split per map slot, so
     * each in-mapper combining map sees as large a share of the input as possible
     * (each key emitted once per core, not once per wave) and there is one round of
     * task set-up (docs/benchmarks.md has the figures). On a cluster:
     * {@link #DEFAULT_MAX_SPLIT_BYTES}.
     */
    public static long splitBytes(Configuration conf, long total) {
        if (!"local".equals(conf.get("mapreduce.framework.name", "local"))) {
            return DEFAULT_MAX_SPLIT_BYTES;
        }
        int slots = Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1));
        long perSplit = (total + slots - 1) / slots;
        return Math.min(Math.max(perSplit + 1, MIN_LOCAL_SPLIT_BYTES), MAX_LOCAL_SPLIT_BYTES);
    }

    /** Bytes under the window's input paths (after hour-folder pruning): what stage 1 reads. */
    private static long inputBytes(Configuration conf, List<Path> inputs) throws IOException {
        long total = 0;
        for (Path path : inputs) {
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(path);
            if (matches != null) {
                for (FileStatus match : matches) {
                    total += fs.getContentSummary(match.getPath()).getLength();
                }
            }
        }
        return total;
    }
}
