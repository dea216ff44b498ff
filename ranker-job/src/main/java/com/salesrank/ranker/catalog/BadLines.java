package com.salesrank.ranker.catalog;

import java.util.ArrayList;
import java.util.List;

/** The bad lines of one catalog file: all of them counted, the first few kept with their reasons. */
final class BadLines {

    private final int reportLimit;
    private final List<String> reported = new ArrayList<>();
    private long count;

    BadLines(int reportLimit) {
        this.reportLimit = reportLimit;
    }

    void add(long lineNumber, String reason) {
        count++;
        if (reported.size() < reportLimit) {
            reported.add("line " + lineNumber + ": " + reason);
        }
    }

    long count() {
        return count;
    }

    /** "line N: reason" for the first bad lines, at most the report limit. */
    List<String> reported() {
        return List.copyOf(reported);
    }

    /** The lines not among {@link #reported()}. */
    long unreported() {
        return count - reported.size();
    }
}
