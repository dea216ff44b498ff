package com.salesrank.ranker.incremental;

import com.salesrank.ranker.input.HourFolderInputs;
import com.salesrank.ranker.input.HourFolderInputs.InputFolder;
import com.salesrank.ranker.state.InputFileId;
import com.salesrank.ranker.state.SliceEntry;
import com.salesrank.ranker.state.StateManifest;
import com.salesrank.ranker.window.RankingWindow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The raw logs a window reads, exactly the files the full job would read for it (the hour folders
 * {@link HourFolderInputs} keeps, listed recursively without hidden names), and what an incremental run
 * does with each compared with the state: read it (new, or changed since), withdraw its slice (changed,
 * deleted, or its folder left the window), or keep it.
 */
final class LogListing {

    /** A raw log and the epoch hour of its hour folder ({@link SliceEntry#NO_FOLDER} outside the layout). */
    record Listed(FileStatus status, long folderHour) {
    }

    /** @param unread logs to read; @param removed slices to withdraw; @param kept slices that stay */
    record Plan(List<Listed> unread, List<SliceEntry> removed, List<SliceEntry> kept) {
    }

    private final Configuration conf;

    LogListing(Configuration conf) {
        this.conf = conf;
    }

    Plan plan(List<String> inputs, RankingWindow window, StateManifest old) throws IOException {
        Map<String, SliceEntry> known = new LinkedHashMap<>();
        old.slices().forEach(s -> known.put(s.source().path(), s));
        List<Listed> unread = new ArrayList<>();
        List<SliceEntry> removed = new ArrayList<>();
        List<SliceEntry> kept = new ArrayList<>();
        for (Map.Entry<String, Listed> e : list(inputs, window).entrySet()) {
            SliceEntry slice = known.remove(e.getKey());
            Listed file = e.getValue();
            if (slice == null) {
                unread.add(file);
            } else if (!slice.source().equals(InputFileId.of(file.status())) || slice.folderHour() != file.folderHour()) {
                unread.add(file);
                removed.add(slice);
            } else {
                kept.add(slice);
            }
        }
        removed.addAll(known.values()); // gone from the listing: its folder left the window, or it was deleted
        return new Plan(unread, removed, kept);
    }

    /** Every raw log the full job would read for the window, by path, with its hour folder. */
    Map<String, Listed> list(List<String> inputs, RankingWindow window) throws IOException {
        List<Path> roots = inputs.stream().map(Path::new).toList();
        List<InputFolder> folders = new HourFolderInputs(conf).folders(roots, window.start(), window.end());
        Map<String, Listed> files = new TreeMap<>();
        for (InputFolder folder : folders) {
            long folderHour = folder.hour() == null ? SliceEntry.NO_FOLDER : folder.hour().getEpochSecond() / 3600;
            FileSystem fs = folder.path().getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(folder.path());
            if (matches == null) {
                continue;
            }
            for (FileStatus match : matches) {
                if (match.isFile()) {
                    files.put(match.getPath().toString(), new Listed(match, folderHour));
                    continue;
                }
                String prefix = match.getPath().toString();
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
                while (it.hasNext()) {
                    LocatedFileStatus file = it.next();
                    if (!isHidden(file.getPath().toString().substring(prefix.length()))) {
                        files.put(file.getPath().toString(), new Listed(file, folderHour));
                    }
                }
            }
        }
        return files;
    }

    static long bytes(List<Listed> logs) {
        return logs.stream().mapToLong(l -> l.status().getLen()).sum();
    }

    /** FileInputFormat skips names starting with '_' or '.' at every level below an input path. */
    private static boolean isHidden(String relative) {
        for (String name : relative.split("/")) {
            if (name.startsWith("_") || name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
