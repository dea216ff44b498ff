package com.salesrank.ranker.rank;

import com.salesrank.ranker.input.SplitBytesCountingReader;
import com.salesrank.ranker.input.UntrackedSplit;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileRecordReader;

/**
 * Stage 2's input: stage 1's SequenceFiles of {@link RankKey}s, read by Hadoop's own reader, from
 * {@link UntrackedSplit}s (no per-record file-system statistics in MapTask).
 */
public class StageOneSumsInputFormat extends SequenceFileInputFormat<RankKey, NullWritable> {

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
        return UntrackedSplit.wrapAll(super.getSplits(job));
    }

    @Override
    public RecordReader<RankKey, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context)
            throws IOException {
        return SplitBytesCountingReader.counting(new SequenceFileRecordReader<>() {
            @Override
            public void initialize(InputSplit untracked, TaskAttemptContext ctx) throws IOException, InterruptedException {
                super.initialize(((UntrackedSplit) untracked).file(), ctx);
            }
        });
    }
}
