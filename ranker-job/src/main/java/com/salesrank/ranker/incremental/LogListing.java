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

    /**
     * Every raw log the full job would read for the window, by path, with its hour folder. Hour folders are
     * listed through their day folder, recursively, in one call per day (on S3 one paged listing instead of
     * two per hour); other inputs are expanded like FileInputFormat does.
     */
    Map<String, Listed> list(List<String> inputs, RankingWindow window) throws IOException {
        List<Path> roots = inputs.stream().map(Path::new).toList();
        Map<String, Listed> files = new TreeMap<>();
        Map<Path, Map<String, Long>> hoursByDay = new LinkedHashMap<>();
        for (InputFolder folder : new HourFolderInputs(conf).folders(roots, window.start(), window.end())) {
            if (folder.hour() != null) {
                hoursByDay.computeIfAbsent(folder.path().getParent(), d -> new TreeMap<>())
                        .put(folder.path().getName(), folder.hour().getEpochSecond() / 3600);
                continue;
            }
            FileSystem fs = folder.path().getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(folder.path());
            for (FileStatus match : matches == null ? new FileStatus[0] : matches) {
                if (match.isFile()) {
                    files.put(match.getPath().toString(), new Listed(match, SliceEntry.NO_FOLDER));
                } else {
                    listUnder(fs, match.getPath(), files, relative -> SliceEntry.NO_FOLDER);
                }
            }
        }
        for (Map.Entry<Path, Map<String, Long>> day : hoursByDay.entrySet()) {
            Map<String, Long> hours = day.getValue();
            listUnder(day.getKey().getFileSystem(conf), day.getKey(), files, relative -> {
                int slash = relative.indexOf('/');
                Long hour = slash < 0 ? null : hours.get(relative.substring(0, slash));
                return hour == null ? null : hour; // a file outside the window's hour folders is not read
            });
        }
        return files;
    }

    /** Adds every non-hidden file below {@code dir} whose path relative to it maps to a folder hour. */
    private static void listUnder(FileSystem fs, Path dir, Map<String, Listed> files,
            java.util.function.Function<String, Long> folderHourOf) throws IOException {
        String prefix = dir.toString() + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            LocatedFileStatus file = it.next();
            String path = file.getPath().toString();
            String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : file.getPath().getName();
            Long folderHour = folderHourOf.apply(relative);
            if (folderHour != null && !isHidden(relative)) {
                files.put(path, new Listed(file, folderHour));
            }
        }
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
