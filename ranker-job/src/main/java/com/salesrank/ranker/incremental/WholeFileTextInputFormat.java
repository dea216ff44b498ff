package com.salesrank.ranker.incremental;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Text input with one split per file: a slice belongs to exactly one raw log, and a state file is
 * checked against its CRC-32 from first byte to last, so no file may be cut in two.
 */
public class WholeFileTextInputFormat extends TextInputFormat {

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }
}
