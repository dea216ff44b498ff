package com.salesrank.ranker.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A catalog file as the server should load it: its good lines only, each ending in {@code \n} (a
 * trailing {@code \r} taken off), read through as the driver sends them
 * ({@code setLocalInfileInputStream}). Every line is numbered from 1 and checked by
 * {@link CatalogLineChecker}; a bad one is counted in {@link BadLines} and left out.
 */
final class CheckedCatalogLines extends InputStream {

    /**
     * A line longer than this is bad whatever it holds (the longest VARCHAR the server allows is 65,535
     * bytes), and is skipped without being buffered whole.
     */
    static final int MAX_LINE_BYTES = 1 << 20;
    private static final int CHUNK = 1 << 16;

    private final InputStream source;
    private final CatalogLineChecker checker;
    private final BadLines bad;

    private final byte[] in = new byte[MAX_LINE_BYTES];
    private int inStart;
    private int inEnd;
    private boolean sourceEnded;

    private byte[] out = new byte[CHUNK * 2];
    private int outPos;
    private int outEnd;

    private long lines;
    private long goodLines;

    CheckedCatalogLines(InputStream source, CatalogLineChecker checker, BadLines bad) {
        this.source = source;
        this.checker = checker;
        this.bad = bad;
    }

    /** Lines read so far, good and bad. */
    long lines() {
        return lines;
    }

    long goodLines() {
        return goodLines;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (outPos == outEnd && !fill()) {
            return -1;
        }
        int n = Math.min(length, outEnd - outPos);
        System.arraycopy(out, outPos, buffer, offset, n);
        outPos += n;
        return n;
    }

    /** The next good lines into {@link #out}, at least one unless the file ended. */
    private boolean fill() throws IOException {
        outPos = 0;
        outEnd = 0;
        while (outEnd < CHUNK) {
            int newline = indexOfNewline();
            if (newline < 0) {
                if (sourceEnded) {
                    if (inStart < inEnd) {
                        line(inStart, inEnd); // the last line, without a newline
                        inStart = inEnd;
                    }
                    break;
                }
                if (inStart == 0 && inEnd == in.length) {
                    skipOverlongLine();
                    continue;
                }
                readMore();
                continue;
            }
            line(inStart, newline);
            inStart = newline + 1;
        }
        return outEnd > 0;
    }

    private int indexOfNewline() {
        for (int i = inStart; i < inEnd; i++) {
            if (in[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void readMore() throws IOException {
        if (inStart > 0) {
            System.arraycopy(in, inStart, in, 0, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
        }
        int n = source.read(in, inEnd, in.length - inEnd);
        if (n < 0) {
            sourceEnded = true;
        } else {
            inEnd += n;
        }
    }

    private void line(int start, int end) {
        lines++;
        if (end > start && in[end - 1] == '\r') {
            end--;
        }
        String problem = checker.check(in, start, end);
        if (problem != null) {
            bad.add(lines, problem);
            return;
        }
        goodLines++;
        int length = end - start;
        if (outEnd + length + 1 > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outEnd + length + 1));
        }
        System.arraycopy(in, start, out, outEnd, length);
        outEnd += length;
        out[outEnd++] = '\n';
    }

    /** A line that fills the whole buffer: bad, and read through to its end without keeping it. */
    private void skipOverlongLine() throws IOException {
        lines++;
        bad.add(lines, "line longer than " + MAX_LINE_BYTES + " bytes");
        inStart = 0;
        inEnd = 0;
        while (true) {
            int n = source.read(in, 0, in.length);
            if (n < 0) {
                sourceEnded = true;
                return;
            }
            for (int i = 0; i < n; i++) {
                if (in[i] == '\n') {
                    inStart = i + 1;
                    inEnd = n;
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
