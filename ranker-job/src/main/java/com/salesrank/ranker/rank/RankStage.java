package com.salesrank.ranker.rank;

import com.salesrank.ranker.RankerConfigKeys;
import java.io.IOException;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/** Stage 2's job: (category, total, product) keys from a SequenceFile, secondary-sorted and numbered per category. */
public final class RankStage {

    private RankStage() {
    }

    public static Job job(Configuration base, Path sums, Path ranking, OptionalInt reducers, Class<?> jarClass)
            throws IOException {
        return job(base, sums, ranking, reducers, OptionalInt.empty(), jarClass);
    }

    /** @param top ranks kept per category ({@code --top}); empty: all */
    public static Job job(Configuration base, Path sums, Path ranking, OptionalInt reducers, OptionalInt top,
            Class<?> jarClass) throws IOException {
        Configuration conf = new Configuration(base);
        // one map per stage-1 part file: the files are small and already one per reducer
        conf.setLong(FileInputFormat.SPLIT_MINSIZE, Long.MAX_VALUE);
        Job job = Job.getInstance(conf, "salesrank stage 2: rank per category");
        job.setJarByClass(jarClass);
        job.setInputFormatClass(StageOneSumsInputFormat.class);
        FileInputFormat.addInputPath(job, sums);
        job.setMapperClass(Mapper.class); // stage 1 already wrote the composite key
        job.setMapOutputKeyClass(RankKey.class);
        job.setMapOutputValueClass(NullWritable.class);
        job.setPartitionerClass(CategoryPartitioner.class);
        job.setSortComparatorClass(RankKeyComparator.class);
        job.setGroupingComparatorClass(CategoryGroupingComparator.class);
        job.setReducerClass(RankReducer.class);
        job.setOutputKeyClass(NullWritable.class);
        job.setOutputValueClass(Text.class);
        job.setOutputFormatClass(TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, ranking);
        reducers.ifPresent(job::setNumReduceTasks);
        top.ifPresent(k -> job.getConfiguration().setLong(RankerConfigKeys.RANK_TOP, k));
        return job;
    }
}
