package com.salesrank.ranker.incremental;

import com.salesrank.ranker.incremental.IncrementalJobs.Source;
import com.salesrank.ranker.incremental.LogListing.Listed;
import com.salesrank.ranker.incremental.LogListing.Plan;
import com.salesrank.ranker.state.InputFileId;
import com.salesrank.ranker.state.SliceEntry;
import com.salesrank.ranker.state.StateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** What a run's delta job reads (raw logs and slices, as {@link Source}s), and the slices it made of the logs. */
final class RunSources {

    private RunSources() {
    }

    /** The raw logs a run reads: log i becomes slice {@code s-i}. */
    static List<Source> logs(List<Listed> logs) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            sources.add(new Source(SliceRole.LOG, logs.get(i).folderHour(), i, 0, logs.get(i).status().getPath()));
        }
        return sources;
    }

    /**
     * The logs not read before, the slices of logs that changed or went away (withdrawn), and the kept slices
     * whose cells may count differently in the two windows: everything that moves the old window's totals to the new.
     */
    static List<Source> delta(Plan plan, StateStore store, WindowMembership oldWindow, WindowMembership newWindow) {
        List<Source> sources = logs(plan.unread());
        plan.removed().stream().filter(s -> !s.isEmpty()).forEach(s -> sources.add(slice(SliceRole.REMOVED, s, store)));
        plan.kept().stream().filter(s -> newWindow.mayDifferFrom(oldWindow, s))
                .forEach(s -> sources.add(slice(SliceRole.KEPT, s, store)));
        return sources;
    }

    /** The manifest entries of the slices the delta job wrote for {@code logs} ({@link #logs}) into {@code sliceDir}. */
    static List<SliceEntry> slicesMade(Configuration conf, List<Listed> logs, Path sliceDir, StateStore store)
            throws IOException {
        FileSystem fs = sliceDir.getFileSystem(conf);
        List<SliceEntry> slices = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            Path slice = new Path(sliceDir, "s-" + i);
            SliceMeta meta = SliceMeta.readFor(fs, slice);
            Listed log = logs.get(i);
            slices.add(new SliceEntry(store.relativize(fs.makeQualified(slice)), log.folderHour(), meta.firstMinute(),
                    meta.lastMinute(), meta.records(), meta.crc(), InputFileId.of(log.status())));
        }
        return slices;
    }

    private static Source slice(SliceRole role, SliceEntry slice, StateStore store) {
        return new Source(role, slice.folderHour(), slice.records(), slice.crc(),
                store.fileSystem().makeQualified(store.resolve(slice.file())));
    }
}
