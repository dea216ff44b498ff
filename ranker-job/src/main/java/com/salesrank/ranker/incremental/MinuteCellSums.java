package com.salesrank.ranker.incremental;

import com.salesrank.ranker.aggregate.CategoryProductSums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One log's sales summed per cell of its slice, (minute, category, product) -> quantity: per minute, a primitive
 * (category, product) map ({@link CategoryProductSums}, stage 1's), so there is no object per cell or per sale.
 *
 * <p>Why per minute, and not one table of all the log's cells: at the design's scale a log has about as many
 * cells as lines, so one table is a hundred megabytes, and every sale added to it is a cache miss. A log's lines
 * come in about the order of their timestamps, so the table of the minute being read is small and stays in the
 * cache; a line out of order only looks another minute's table up. The primitive maps of fastutil, HPPC or
 * Eclipse Collections key on one primitive; a cell's key is three fields that do not pack into one long for
 * every line the parser accepts.
 *
 * <p>One map serves the logs of a task one after the other: {@link #drain} empties it as it hands out the cells,
 * and keeps the minute tables, grown to their size, for the next log.
 */
final class MinuteCellSums {

    /** Takes one cell and its quantity. */
    @FunctionalInterface
    interface CellConsumer {
        void accept(long minute, int categoryId, long productId, long quantity) throws IOException, InterruptedException;
    }

    private static final int FIRST_MINUTE_CELLS = 1 << 12;

    private final Map<Long, CategoryProductSums> byMinute = new HashMap<>();
    /** Emptied tables of earlier logs, for the minutes of the next one. */
    private final ArrayDeque<CategoryProductSums> spare = new ArrayDeque<>();
    private long lastMinute;
    private CategoryProductSums lastCells;
    private long size;

    void add(long minute, int categoryId, long productId, long quantity) {
        CategoryProductSums cells = lastCells;
        if (cells == null || minute != lastMinute) {
            cells = byMinute.get(minute);
            if (cells == null) {
                cells = spare.isEmpty() ? new CategoryProductSums(FIRST_MINUTE_CELLS) : spare.pop();
                byMinute.put(minute, cells);
            }
            lastMinute = minute;
            lastCells = cells;
        }
        int before = cells.size();
        cells.add(categoryId, productId, quantity); // a wrapped sum fails the task (ArithmeticException)
        size += cells.size() - before;
    }

    long size() {
        return size;
    }

    /**
     * Hands every cell to {@code consumer}, minute by minute in ascending order, each minute's cells in its table's
     * order (deterministic for the same sales added in the same order), and leaves the map empty.
     */
    void drain(CellConsumer consumer) throws IOException, InterruptedException {
        long[] minutes = new long[byMinute.size()];
        int n = 0;
        for (long minute : byMinute.keySet()) {
            minutes[n++] = minute;
        }
        Arrays.sort(minutes);
        try {
            for (long minute : minutes) {
                CategoryProductSums cells = byMinute.remove(minute);
                cells.forEach((categoryId, productId, quantity) -> {
                    try {
                        consumer.accept(minute, categoryId, productId, quantity);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        throw new Interrupted(e);
                    }
                });
                size -= cells.size();
                cells.clear();
                spare.push(cells);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (Interrupted e) {
            throw (InterruptedException) e.getCause();
        } finally {
            lastCells = null;
        }
    }

    /** Carries a consumer's InterruptedException through {@link CategoryProductSums#forEach}. */
    private static final class Interrupted extends RuntimeException {
        Interrupted(InterruptedException cause) {
            super(cause);
        }
    }
}
