package com.salesrank.ranker.aggregate;

import java.io.IOException;

/**
 * The lines of a block of whole lines ({@link LineBlockInputFormat}), cut as Hadoop's LineReader cuts them,
 * at {@code \n}, {@code \r\n} or a lone {@code \r}, and handed over where they lie, with no copy. A value of
 * Hadoop's line readers, one line with no line end, is a block of that one line.
 */
public final class BlockLines {

    /** Takes one line: {@code bytes[start, start + length)}. */
    @FunctionalInterface
    public interface Line {
        void accept(byte[] bytes, int start, int length) throws IOException, InterruptedException;
    }

    private BlockLines() {
    }

    public static void forEach(byte[] bytes, int length, Line line) throws IOException, InterruptedException {
        int start = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r') {
                line.accept(bytes, start, i - start);
                if (b == '\r' && i + 1 < length && bytes[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < length || length == 0) {
            line.accept(bytes, start, length - start);
        }
    }
}
