package com.salesrank.ranker.incremental;

import com.salesrank.ranker.input.SplitBytesCountingReader;
import com.salesrank.ranker.input.UntrackedSplit;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
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
 * <p>The splits are {@link UntrackedSplit}s: in a profile of the apply job, MapTask's per-record file
 * system statistics for a FileSplit cost more than parsing and writing the rows.
 */
public class WholeFileTextInputFormat extends FileInputFormat<LongWritable, Text> {

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
        return UntrackedSplit.wrapAll(super.getSplits(job));
    }

    @Override
    public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context)
            throws IOException {
        return SplitBytesCountingReader.counting(new LineRecordReader() {
            @Override
            public void initialize(InputSplit whole, TaskAttemptContext ctx) throws IOException {
                super.initialize(((UntrackedSplit) whole).file(), ctx);
            }
        });
    }

    /** The file a task of this input format reads (MRUnit hands mappers a plain FileSplit). */
    static Path pathOf(InputSplit split) {
        return split instanceof UntrackedSplit whole ? whole.file().getPath() : ((FileSplit) split).getPath();
    }
}
