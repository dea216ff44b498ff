package com.salesrank.ranker.publish;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The job's ranking output: the {@code part-*} files of one directory, on any Hadoop file system
 * (file:, hdfs:, s3a:), in name order.
 */
final class RankingOutput {

    private final FileSystem fs;
    private final List<Path> parts;

    private RankingOutput(FileSystem fs, List<Path> parts) {
        this.fs = fs;
        this.parts = parts;
    }

    static RankingOutput of(Path rankingDir, Configuration conf) throws IOException {
        FileSystem fs = rankingDir.getFileSystem(conf);
        FileStatus[] found;
        try {
            found = fs.globStatus(new Path(rankingDir, "part-*"));
        } catch (FileNotFoundException e) {
            found = null;
        }
        if (found == null || found.length == 0) {
            throw new FileNotFoundException("no part-* files in " + rankingDir);
        }
        List<Path> parts = Arrays.stream(found)
                .filter(FileStatus::isFile)
                .map(FileStatus::getPath)
                .sorted()
                .toList();
        return new RankingOutput(fs, parts);
    }

    /**
     * One stream over all part files, each checked line by line as it is read, merged into the
     * ranking tables' key order and numbered ({@link KeyOrderedRows}).
     *
     * @param tap null, or where the top ranks are copied to as they pass (the rank history)
     */
    KeyOrderedRows open(TopRowsTap tap) {
        return new KeyOrderedRows(parts.stream().map(part -> new RankingLineStream(fs, List.of(part))).toList(), tap);
    }

    List<Path> parts() {
        return parts;
    }
}
