package com.salesrank.ranker.publish;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The bytes of the ranking's part files, concatenated, as LOAD DATA reads them, checked as they
 * pass: every line must be {@code category_id TAB category_rank TAB product_id TAB total_sold}
 * with decimal integers that fit their columns (INT, INT >= 1, BIGINT, BIGINT).
 *
 * <p>The server cannot be told to abort a LOAD DATA LOCAL mid-stream without breaking the
 * connection, so at the first bad byte this stream ends early and remembers why; the publisher
 * then fails the run before the swap ({@link #problem()}). A last line without a newline gets one,
 * so part files concatenate cleanly.
 */
final class RankingLineStream extends InputStream {

    private static final int BUFFER = 1 << 16;
    private static final int FIELDS = 4;
    private static final long[] FIELD_MAX = {Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    private static final String[] FIELD_NAMES = {"category_id", "category_rank", "product_id", "total_sold"};

    private final FileSystem fs;
    private final Iterator<Path> parts;
    private InputStream current;
    private Path currentPath;
    private long lineInPart;

    private final byte[] buffer = new byte[BUFFER];
    private boolean finished;
    private String problem;

    // line state
    private int field;
    private int digits;
    private boolean negative;
    private long value;
    private long lines;
    /** {@link #lines} as of the last chunk, for a progress reader on another thread. */
    private volatile long linesPassed;
    private boolean midLine;

    RankingLineStream(FileSystem fs, List<Path> parts) {
        this.fs = fs;
        this.parts = parts.iterator();
    }

    /** Complete lines passed so far (all of them once the stream is exhausted). */
    long lines() {
        return lines;
    }

    /** About the lines passed so far, readable from any thread (updated once per chunk read). */
    long linesPassed() {
        return linesPassed;
    }

    /** Why the stream ended early, or null when the output was well formed. */
    String problem() {
        return problem;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!finished) {
            if (current == null && !nextPart()) {
                finished = true;
                return -1;
            }
            int n = current.read(out, off, len);
            if (n < 0) {
                current.close();
                current = null;
                if (midLine) {
                    // the part ended without a newline: end its last line here
                    out[off] = '\n';
                    return check(out, off, 1);
                }
                continue;
            }
            if (n > 0) {
                int passed = check(out, off, n);
                linesPassed = lines;
                return passed;
            }
        }
        return -1;
    }

    private boolean nextPart() throws IOException {
        if (!parts.hasNext()) {
            return false;
        }
        currentPath = parts.next();
        current = fs.open(currentPath, BUFFER);
        lineInPart = 0;
        return true;
    }

    /** Checks n bytes at off; returns how many may go to the server (-1 for none, at a problem). */
    private int check(byte[] b, int off, int n) {
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            midLine = true;
            if (c >= '0' && c <= '9') {
                int d = c - '0';
                if (value > (FIELD_MAX[field] - d) / 10) {
                    return fail(b, off, i, FIELD_NAMES[field] + " out of range");
                }
                value = value * 10 + d;
                digits++;
            } else if (c == '\t') {
                if (field == FIELDS - 1) {
                    return fail(b, off, i, "more than " + FIELDS + " fields");
                }
                if (!endField()) {
                    return fail(b, off, i, "empty or invalid " + FIELD_NAMES[field]);
                }
                field++;
            } else if (c == '\n') {
                if (field != FIELDS - 1) {
                    return fail(b, off, i, "expected " + FIELDS + " tab-separated fields, found " + (field + 1));
                }
                if (!endField()) {
                    return fail(b, off, i, "empty or invalid " + FIELD_NAMES[field]);
                }
                field = 0;
                lines++;
                lineInPart++;
                midLine = false;
            } else if (c == '-' && field == FIELDS - 1 && digits == 0 && !negative) {
                // total_sold may be negative when returns outweigh sales
                negative = true;
            } else {
                return fail(b, off, i, "unexpected character 0x" + Integer.toHexString(c & 0xff));
            }
        }
        return n;
    }

    private boolean endField() {
        boolean ok = digits > 0 && (field != 1 || value >= 1);
        digits = 0;
        value = 0;
        negative = false;
        return ok;
    }

    private int fail(byte[] b, int off, int at, String why) {
        problem = currentPath.getName() + " line " + (lineInPart + 1) + ": " + why
                + " (expected category_id<TAB>category_rank<TAB>product_id<TAB>total_sold)";
        finished = true;
        closeQuietly();
        return at > off ? at - off : -1;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // the problem already recorded is the one worth reporting
        }
    }

    @Override
    public void close() throws IOException {
        finished = true;
        if (current != null) {
            InputStream c = current;
            current = null;
            c.close();
        }
    }
}
