package com.salesrank.ranker.rank;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileRecordReader;

/**
 * Stage 2's input: stage 1's SequenceFiles of {@link RankKey}s, read by Hadoop's own reader, from splits
 * that are deliberately not {@link FileSplit}s. For a FileSplit, MapTask reads the file system's byte
 * statistics of every thread that ever used it before and after every record; a profile of stage 2's map
 * showed that costing about half as much as reading the records. (incremental's WholeFileTextInputFormat
 * does the same for text.)
 */
public class StageOneSumsInputFormat extends SequenceFileInputFormat<RankKey, NullWritable> {

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
        List<InputSplit> splits = new ArrayList<>();
        for (InputSplit split : super.getSplits(job)) {
            splits.add(new UntrackedSplit((FileSplit) split));
        }
        return splits;
    }

    @Override
    public RecordReader<RankKey, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new SequenceFileRecordReader<>() {
            @Override
            public void initialize(InputSplit untracked, TaskAttemptContext ctx) throws IOException, InterruptedException {
                super.initialize(((UntrackedSplit) untracked).file, ctx);
            }
        };
    }

    /** A {@link FileSplit} in a wrapper MapTask does not recognise. */
    public static final class UntrackedSplit extends InputSplit implements Writable {
        private FileSplit file;

        public UntrackedSplit() {
            this.file = new FileSplit();
        }

        UntrackedSplit(FileSplit file) {
            this.file = file;
        }

        @Override
        public long getLength() {
            return file.getLength();
        }

        @Override
        public String[] getLocations() throws IOException {
            return file.getLocations();
        }

        @Override
        public void write(DataOutput out) throws IOException {
            file.write(out);
        }

        @Override
        public void readFields(DataInput in) throws IOException {
            file = new FileSplit();
            file.readFields(in);
        }
    }
}
