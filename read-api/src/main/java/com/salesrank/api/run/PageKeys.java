package com.salesrank.api.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a run-scoped page is named, defined once: its cache key (near cache and Redis) and its entity tag
 * both begin with the runs it was read from, so a new run is new names and nothing is ever invalidated.
 * The runs are one run id, or a head run and the full run read with it ({@code "61+59"}); the query names
 * the page within them ({@code "cat:7:0:10"}, {@code "product:100"}, ...).
 */
public final class PageKeys {

    /** The runs at the start of one of our entity tags, e.g. {@code "61:cat:7:0:10"} or {@code "61+59:product:100"}. */
    private static final Pattern RUNS_IN_TAG = Pattern.compile("\"([0-9]{1,18}(?:\\+[0-9]{1,18})*):");

    private PageKeys() {
    }

    /** A head run and the full run read with it; just the head's when there is no full ranking. */
    public static String runs(long headRun, long fullRun) {
        return fullRun < 0 ? Long.toString(headRun) : headRun + "+" + fullRun;
    }

    /** The cache key of a page read from {@code runs}. */
    public static String key(String prefix, String runs, String query) {
        return prefix + ":run:" + runs + ":" + query;
    }

    public static String key(String prefix, long runId, String query) {
        return key(prefix, Long.toString(runId), query);
    }

    /** The cache key of a page read while no run is known yet (the database says which it is). */
    public static String beforeAnyRun(String prefix, String query) {
        return prefix + ":norun:" + query;
    }

    /** Strong: the bytes under one run (or pair of runs) and query never change. */
    public static String etag(String runs, String query) {
        return '"' + runs + ':' + query + '"';
    }

    public static String etag(long runId, String query) {
        return etag(Long.toString(runId), query);
    }

    /**
     * The runs an entity tag of ours names ({@code "61+59"} of {@code "\"61+59:product:100\""}), so a
     * page composed of API answers is keyed by the runs they were read from; null for any other tag.
     */
    public static String runsOf(String etag) {
        Matcher tag = RUNS_IN_TAG.matcher(etag);
        return tag.lookingAt() ? tag.group(1) : null;
    }

    /**
     * The highest run id in the entity tags of an If-None-Match header (weak or strong, as
     * {@link #etag} makes them), or -1.
     */
    static long newestRunNamed(String ifNoneMatch) {
        long newest = -1;
        Matcher tag = RUNS_IN_TAG.matcher(ifNoneMatch);
        while (tag.find()) {
            for (String run : tag.group(1).split("\\+")) {
                newest = Math.max(newest, Long.parseLong(run));
            }
        }
        return newest;
    }
}
