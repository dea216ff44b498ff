package com.salesrank.ranker.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The run's rows of ranks 1..{@code top}, copied from the publisher's load stream as they pass
 * ({@link KeyOrderedRows}) and written, as the rank history's LOAD DATA lines
 * ({@code window_end TAB run_id TAB} and the ranking line), to the stream the history's own
 * connection loads from ({@link RankHistory#writeAside}). The history is then written during the
 * load, on the other core, without reading the staging table back.
 *
 * <p>The history must never hold up or break the ranking's load: once the history's side stops
 * reading (it failed, and says so itself), the copies stop and the load goes on.
 */
final class TopRowsTap {

    private static final int FLUSH_ROWS = 1_000;

    private final OutputStream out;
    private final byte[] prefix;
    private final int top;
    private long rows;
    private boolean broken;

    TopRowsTap(OutputStream out, String windowEnd, long runId, int top) {
        this.out = out;
        this.prefix = (windowEnd + "\t" + runId + "\t").getBytes(StandardCharsets.US_ASCII);
        this.top = top;
    }

    /**
     * A checked ranking line ({@code category_id TAB category_rank TAB ...}, with its newline); kept
     * when its rank is within the top. A line without a newline is a bad part's cut-off tail, which
     * fails the publish anyway.
     */
    void offer(byte[] line, int length) {
        if (broken || length == 0 || line[length - 1] != '\n' || rank(line, length) > top) {
            return;
        }
        try {
            out.write(prefix);
            out.write(line, 0, length);
            if (++rows % FLUSH_ROWS == 0) {
                out.flush(); // a piped stream wakes its reader on a flush, else it polls once a second
            }
        } catch (IOException e) {
            broken = true;
        }
    }

    /** Lines kept so far. */
    long rows() {
        return rows;
    }

    /** The end of the load: the history's side reads to the end of what was kept. */
    void finish() {
        try {
            out.close();
        } catch (IOException e) {
            broken = true;
        }
    }

    /** The second field's digits; the line was checked on its way in. */
    private static long rank(byte[] line, int length) {
        int i = 0;
        while (i < length && line[i] != '\t') {
            i++;
        }
        long value = 0;
        for (i++; i < length && line[i] >= '0' && line[i] <= '9' && value <= Integer.MAX_VALUE; i++) {
            value = value * 10 + (line[i] - '0');
        }
        return value;
    }
}
