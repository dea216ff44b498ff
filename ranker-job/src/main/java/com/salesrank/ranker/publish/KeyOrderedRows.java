package com.salesrank.ranker.publish;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes LOAD DATA reads: the lines of every part file, each checked by its own
 * {@link RankingLineStream}, merged into the ranking tables' clustered-key order (category_id, then
 * category_rank) and numbered: each line goes out as {@code id TAB} and the line, ids 1, 2, 3, ...
 * in that order (the tables' plain {@code id} column, schema migration V4).
 *
 * <p>Why merge: InnoDB builds a clustered index fastest from rows in key order (it appends pages),
 * and stage 2 hashes categories over its reducers, so the part files interleave categories while
 * each is sorted by category and rank. A category is never split across parts, so the merge takes,
 * each time, all lines of the smallest category at the head of a part. A part that is not sorted
 * still loads whole and correct, only slower.
 */
final class KeyOrderedRows extends InputStream {

    private static final int CHUNK = 1 << 16;

    private final List<Part> parts;
    private final List<RankingLineStream> checked;
    /** Null, or where the top ranks are copied to for the rank history. */
    private final TopRowsTap tap;

    private Part current;
    private long currentCategory;
    private long nextId = 1;

    /** Lines the current statement may still read ({@link #nextStatement}). */
    private long statementBudget = Long.MAX_VALUE;

    private byte[] pending = new byte[CHUNK + 64];
    private int pendingPos;
    private int pendingLimit;

    KeyOrderedRows(List<RankingLineStream> perPart, TopRowsTap tap) {
        this.checked = List.copyOf(perPart);
        this.tap = tap;
        this.parts = new ArrayList<>();
        for (RankingLineStream stream : checked) {
            parts.add(new Part(stream));
        }
    }

    /** Complete lines checked so far, over all parts. */
    long lines() {
        long lines = 0;
        for (RankingLineStream stream : checked) {
            lines += stream.lines();
        }
        return lines;
    }

    /** Lines passed to the load so far, over all parts: readable from another thread (progress lines). */
    long linesPassed() {
        long lines = 0;
        for (RankingLineStream stream : checked) {
            lines += stream.linesPassed();
        }
        return lines;
    }

    /** The first part's problem (the load stops at it), or null when every part was well formed. */
    String problem() {
        for (RankingLineStream stream : checked) {
            if (stream.problem() != null) {
                return stream.problem();
            }
        }
        return null;
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
        if (pendingPos == pendingLimit && !fill()) {
            return -1;
        }
        int n = Math.min(len, pendingLimit - pendingPos);
        System.arraycopy(pending, pendingPos, out, off, n);
        pendingPos += n;
        return n;
    }

    /** Numbers and queues the next lines, about a chunk of them; false at the end of every part. */
    private boolean fill() throws IOException {
        pendingPos = 0;
        pendingLimit = 0;
        if (problem() != null) {
            return false; // a part stopped at a bad line: the publisher fails the run
        }
        while (pendingLimit < CHUNK && statementBudget > 0) {
            Part part = nextPart();
            if (part == null) {
                break;
            }
            append(part);
            part.advance();
            statementBudget--;
        }
        return pendingLimit > 0;
    }

    /**
     * The rows of the next of several {@code LOAD DATA} statements: at most {@code maxLines} lines from
     * where the previous statement's stream ended (whole lines), or null when no line is left (or a part
     * stopped at a bad line). Closing the returned stream leaves this one open, since the driver closes
     * the stream of every statement it loads.
     */
    InputStream nextStatement(long maxLines) throws IOException {
        if (pendingPos < pendingLimit) {
            throw new IllegalStateException("the previous statement did not read all of its rows");
        }
        if (problem() != null || nextPart() == null) {
            return null;
        }
        statementBudget = maxLines;
        // commons-io's CloseShieldInputStream does this, but the job jar does not carry commons-io
        // (Hadoop's copy is shaded away), and the shield is these two delegating reads
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return KeyOrderedRows.this.read();
            }

            @Override
            public int read(byte[] out, int off, int len) throws IOException {
                return KeyOrderedRows.this.read(out, off, len);
            }
        };
    }

    /** The part holding the next line in key order, or null when all are exhausted. */
    private Part nextPart() throws IOException {
        if (current != null && current.hasLine() && current.category == currentCategory) {
            return current;
        }
        current = null;
        for (Part part : parts) {
            if (part.hasLine() && (current == null || part.category < current.category)) {
                current = part;
            }
        }
        if (current != null) {
            currentCategory = current.category;
        }
        return current;
    }

    private void append(Part part) {
        int need = 21 + part.lineLength;
        if (pendingLimit + need > pending.length) {
            byte[] bigger = new byte[Math.max(pending.length * 2, pendingLimit + need)];
            System.arraycopy(pending, 0, bigger, 0, pendingLimit);
            pending = bigger;
        }
        pendingLimit = writeDecimal(nextId++, pending, pendingLimit);
        pending[pendingLimit++] = '\t';
        System.arraycopy(part.line, 0, pending, pendingLimit, part.lineLength);
        pendingLimit += part.lineLength;
        if (tap != null) {
            tap.offer(part.line, part.lineLength);
        }
    }

    private static int writeDecimal(long value, byte[] to, int at) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            to[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }

    @Override
    public void close() throws IOException {
        if (tap != null) {
            tap.finish();
        }
        IOException first = null;
        for (RankingLineStream stream : checked) {
            try {
                stream.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One part's checked lines, one at a time, with the category id the line starts with. */
    private static final class Part {
        private final InputStream in;
        private final byte[] buffer = new byte[CHUNK];
        private int pos;
        private int limit;
        private boolean exhausted;
        private boolean loaded;

        byte[] line = new byte[128];
        int lineLength;
        /** The line's leading digits; a line without them (only ever the tail of a bad part) sorts first. */
        long category;

        Part(InputStream in) {
            this.in = in;
        }

        boolean hasLine() throws IOException {
            if (!loaded) {
                advance();
            }
            return lineLength > 0;
        }

        /** Reads the next line (with its newline, except a bad part's cut-off tail) into {@link #line}. */
        void advance() throws IOException {
            loaded = true;
            lineLength = 0;
            while (pos < limit || (!exhausted && refill())) {
                int end = pos;
                while (end < limit && buffer[end] != '\n') {
                    end++;
                }
                boolean newline = end < limit;
                if (newline) {
                    end++;
                }
                int n = end - pos;
                if (lineLength + n > line.length) {
                    byte[] longer = new byte[Math.max(line.length * 2, lineLength + n)];
                    System.arraycopy(line, 0, longer, 0, lineLength);
                    line = longer;
                }
                System.arraycopy(buffer, pos, line, lineLength, n);
                lineLength += n;
                pos = end;
                if (newline) {
                    break;
                }
            }
            long value = 0;
            for (int i = 0; i < lineLength && line[i] >= '0' && line[i] <= '9' && value < Integer.MAX_VALUE; i++) {
                value = value * 10 + (line[i] - '0');
            }
            category = value;
        }

        private boolean refill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                exhausted = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }
    }
}
