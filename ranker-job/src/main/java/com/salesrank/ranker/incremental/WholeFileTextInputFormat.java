package com.salesrank.ranker.incremental;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;

/**
 * Text input with one split per file: a slice belongs to exactly one raw log, and a state file is
 * checked against its CRC-32 from first byte to last, so no file may be cut in two.
 *
 * <p>The split is deliberately not a {@link FileSplit}: for a FileSplit, Hadoop's MapTask reads the file
 * system's byte statistics of every thread that ever used it before and after every record, which in a
 * profile of the apply job cost more than parsing and writing the rows. ({@code CombineTextInputFormat},
 * which the full job reads through, avoids it the same way.)
 */
public class WholeFileTextInputFormat extends FileInputFormat<LongWritable, Text> {

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
        List<InputSplit> splits = new ArrayList<>();
        for (InputSplit split : super.getSplits(job)) {
            splits.add(new WholeFileSplit((FileSplit) split));
        }
        return splits;
    }

    @Override
    public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new LineRecordReader() {
            @Override
            public void initialize(InputSplit whole, TaskAttemptContext ctx) throws IOException {
                super.initialize(((WholeFileSplit) whole).file, ctx);
            }
        };
    }

    /** The file a task of this input format reads (MRUnit hands mappers a plain FileSplit). */
    static Path pathOf(InputSplit split) {
        return split instanceof WholeFileSplit whole ? whole.file.getPath() : ((FileSplit) split).getPath();
    }

    /** One whole file. */
    public static final class WholeFileSplit extends InputSplit implements Writable {
        private FileSplit file;

        public WholeFileSplit() {
            this.file = new FileSplit();
        }

        WholeFileSplit(FileSplit file) {
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
