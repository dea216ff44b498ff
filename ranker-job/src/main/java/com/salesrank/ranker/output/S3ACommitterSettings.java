package com.salesrank.ranker.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Output on S3 goes through an S3A committer. The classic FileOutputCommitter "commits" by renaming
 * task output, which on S3 is a slow copy of every byte and not atomic; the S3A committers upload
 * task output as pending multipart uploads and complete them at job commit instead.
 *
 * <p>{@code directory} (the default here, {@link #DEFAULT_COMMITTER}) stages task output on the
 * cluster file system (HDFS, or local disk in local mode) and uploads it at task commit; it needs
 * nothing of the bucket but S3's own consistency. {@code magic} writes straight to S3 and needs
 * nothing but S3, but it must be enabled for the bucket ({@code fs.s3a.committer.magic.enabled}) and
 * every task then keeps its pending uploads under a {@code __magic} path in the output: choose it with
 * {@code -D fs.s3a.committer.name=magic} when the cluster has no shared file system to stage on.
 * Settings given by the user (a {@code -D}, a site file) win over ours.
 */
public final class S3ACommitterSettings {

    public static final String COMMITTER_NAME = "fs.s3a.committer.name";
    public static final String FACTORY_FOR_S3A = "mapreduce.outputcommitter.factory.scheme.s3a";
    static final String S3A_COMMITTER_FACTORY = "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory";
    static final String DEFAULT_COMMITTER = "directory";

    private S3ACommitterSettings() {
    }

    /** A copy of {@code conf} set up for job output under {@code output}, or {@code conf} itself if that is not on S3. */
    public static Configuration forOutput(Configuration conf, Path output) {
        if (!"s3a".equalsIgnoreCase(output.toUri().getScheme())) {
            return conf;
        }
        Configuration s3a = new Configuration(conf);
        if (!setByUser(conf, FACTORY_FOR_S3A)) {
            s3a.set(FACTORY_FOR_S3A, S3A_COMMITTER_FACTORY);
        }
        // core-default.xml says "file" (the classic committer), so "unset" means "only set by a *-default.xml"
        if (!setByUser(conf, COMMITTER_NAME)) {
            s3a.set(COMMITTER_NAME, DEFAULT_COMMITTER);
        }
        return s3a;
    }

    private static boolean setByUser(Configuration conf, String name) {
        String[] sources = conf.getPropertySources(name);
        if (sources == null) {
            return conf.get(name) != null;
        }
        for (String source : sources) {
            if (!source.endsWith("-default.xml")) {
                return true;
            }
        }
        return false;
    }
}
