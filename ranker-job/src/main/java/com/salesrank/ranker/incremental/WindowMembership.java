package com.salesrank.ranker.incremental;

import com.salesrank.ranker.input.HourFolderInputs;
import com.salesrank.ranker.state.SliceEntry;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;

/**
 * Whether a slice cell (a minute of sales from one hour folder) counts toward a window: exactly when the
 * full job would count those sales, i.e. the window contains the minute (windows start and end on whole
 * minutes) and the job reads that hour folder for the window (it reads one hour of slack on each side).
 */
final class WindowMembership {

    private static final WindowMembership NONE = new WindowMembership(0, 0, false);

    private final long startSecond;
    private final long endSecond;
    private final boolean present;

    private WindowMembership(long startSecond, long endSecond, boolean present) {
        this.startSecond = startSecond;
        this.endSecond = endSecond;
        this.present = present;
    }

    static WindowMembership of(Instant start, Instant end) {
        return new WindowMembership(start.getEpochSecond(), end.getEpochSecond(), true);
    }

    static WindowMembership none() {
        return NONE;
    }

    static WindowMembership read(Configuration conf, String startKey, String endKey) {
        String start = conf.get(startKey);
        return start == null ? NONE : new WindowMembership(Long.parseLong(start), conf.getLong(endKey, 0), true);
    }

    void write(Configuration conf, String startKey, String endKey) {
        if (present) {
            conf.setLong(startKey, startSecond);
            conf.setLong(endKey, endSecond);
        }
    }

    boolean counts(long folderHour, long minute) {
        return containsMinute(minute) && (folderHour == SliceEntry.NO_FOLDER || readsFolder(folderHour));
    }

    /**
     * As {@link #counts} for a cell of a folder this window reads ({@link #readsFolder}): for a mapper, which
     * asks that once per file, not once per cell.
     */
    boolean containsMinute(long minute) {
        long second = minute * 60;
        return present && second >= startSecond && second < endSecond;
    }

    boolean readsFolder(long folderHour) {
        return present && (folderHour == SliceEntry.NO_FOLDER || HourFolderInputs.readsHourFolder(
                Instant.ofEpochSecond(folderHour * 3600), Instant.ofEpochSecond(startSecond), Instant.ofEpochSecond(endSecond)));
    }

    /** Whether a slice may count differently toward this window than toward {@code other} (else it need not be read). */
    boolean mayDifferFrom(WindowMembership other, SliceEntry slice) {
        if (slice.isEmpty()) {
            return false;
        }
        if (readsFolder(slice.folderHour()) != other.readsFolder(slice.folderHour())) {
            return true;
        }
        if (!readsFolder(slice.folderHour())) {
            return false;
        }
        // same folder membership: only minutes inside one window and not the other matter
        return overlapsDifference(other, slice.firstMinute() * 60, slice.lastMinute() * 60 + 60);
    }

    private boolean overlapsDifference(WindowMembership other, long from, long until) {
        if (!present || !other.present) {
            return true;
        }
        // the symmetric difference of [s1, e1) and [s2, e2) lies within [min s, max s) and [min e, max e)
        return overlaps(from, until, Math.min(startSecond, other.startSecond), Math.max(startSecond, other.startSecond))
                || overlaps(from, until, Math.min(endSecond, other.endSecond), Math.max(endSecond, other.endSecond));
    }

    private static boolean overlaps(long from, long until, long a, long b) {
        return a < b && from < b && a < until;
    }
}
