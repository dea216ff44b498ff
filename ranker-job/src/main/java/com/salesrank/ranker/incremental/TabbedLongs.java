package com.salesrank.ranker.incremental;

import com.salesrank.ranker.rank.RankReducer;

/** The state's text lines, tab-separated decimal longs, read and written on bytes without Strings. */
final class TabbedLongs {

    private TabbedLongs() {
    }

    /** A slice's line: as {@link #append(byte[], int, long...)} without an array per line. */
    static int append(byte[] buffer, int at, long a, long b, long c, long d) {
        int n = RankReducer.appendDecimal(buffer, at, a);
        buffer[n++] = '\t';
        n = RankReducer.appendDecimal(buffer, n, b);
        buffer[n++] = '\t';
        n = RankReducer.appendDecimal(buffer, n, c);
        buffer[n++] = '\t';
        n = RankReducer.appendDecimal(buffer, n, d);
        buffer[n++] = '\n';
        return n;
    }

    /** Writes the values tab-separated, then '\n', at {@code at}; returns the index after it. */
    static int append(byte[] buffer, int at, long... values) {
        int n = at;
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buffer[n++] = '\t';
            }
            n = RankReducer.appendDecimal(buffer, n, values[i]);
        }
        buffer[n++] = '\n';
        return n;
    }

    /**
     * Parses {@code out.length} tab-separated decimal longs from {@code line[0, length)}.
     *
     * @return false if the line does not hold exactly that many well-formed numbers
     */
    static boolean parse(byte[] line, int length, long[] out) {
        int field = 0;
        int i = 0;
        while (field < out.length) {
            boolean negative = i < length && line[i] == '-';
            if (negative) {
                i++;
            }
            int digits = 0;
            long value = 0;
            while (i < length && line[i] != '\t') {
                int d = line[i] - '0';
                if (d < 0 || d > 9 || digits == 19) {
                    return false;
                }
                try {
                    value = Math.addExact(Math.multiplyExact(value, 10), d);
                } catch (ArithmeticException overflow) {
                    return false;
                }
                digits++;
                i++;
            }
            if (digits == 0) {
                return false;
            }
            out[field++] = negative ? -value : value;
            if (i < length) {
                i++; // the tab
                if (field == out.length) {
                    return false;
                }
            }
        }
        return i == length;
    }
}
