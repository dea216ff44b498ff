package com.salesrank.ranker.catalog;

/**
 * The ids seen so far in one catalog file, to tell a duplicate line by its id. Written here because
 * java.util has no set of primitive longs: a {@code HashSet<Long>} of 10M product ids costs several
 * hundred MB of boxes and entries, and the libraries that have one (fastutil, HPPC) are not
 * dependencies of the job. Open addressing with linear probing; ids are positive, so 0 marks a free
 * slot.
 */
final class LongIdSet {

    private long[] slots = new long[1 << 12];
    private int size;

    /** @return false when the id was there already */
    boolean add(long id) {
        if (id <= 0) {
            throw new IllegalArgumentException("ids are positive, got " + id);
        }
        if (size >= slots.length / 4 * 3) {
            grow();
        }
        if (insert(slots, id)) {
            size++;
            return true;
        }
        return false;
    }

    int size() {
        return size;
    }

    private static boolean insert(long[] table, long id) {
        int mask = table.length - 1;
        int i = spread(id) & mask;
        while (table[i] != 0) {
            if (table[i] == id) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = id;
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long id : slots) {
            if (id != 0) {
                insert(bigger, id);
            }
        }
        slots = bigger;
    }

    /** Consecutive ids (the usual catalog) land far apart, so probes stay short. */
    private static int spread(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        return (int) (z ^ (z >>> 32));
    }
}
