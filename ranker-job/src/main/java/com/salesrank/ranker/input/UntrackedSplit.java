package com.salesrank.ranker.input;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * A {@link FileSplit} in a wrapper MapTask does not recognise. For a FileSplit, MapTask reads the file
 * system's byte statistics of every thread that ever used it before and after every record, which a
 * profile of our maps showed costing about half as much as reading the records; the input formats that
 * hand out these splits unwrap them again in their record readers.
 */
public final class UntrackedSplit extends InputSplit implements Writable {

    private FileSplit file;

    /** For Hadoop, which creates splits by reflection before {@link #readFields}. */
    public UntrackedSplit() {
        this.file = new FileSplit();
    }

    public UntrackedSplit(FileSplit file) {
        this.file = file;
    }

    /** Each of an input format's FileSplits, wrapped. */
    public static List<InputSplit> wrapAll(List<InputSplit> fileSplits) {
        List<InputSplit> splits = new ArrayList<>(fileSplits.size());
        for (InputSplit split : fileSplits) {
            splits.add(new UntrackedSplit((FileSplit) split));
        }
        return splits;
    }

    /** The split this one wraps. */
    public FileSplit file() {
        return file;
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
