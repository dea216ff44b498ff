package com.salesrank.api.replica;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the hedges of reads whose first query runs on the calling thread, and ends such a query
 * at the read's deadline: one thread looks at the reads in flight every {@link #TICK_MILLIS} ms and
 * tells each one that is due. A read is added and
 * removed from a concurrent set, which wakes no thread; scheduling a task per read on a
 * ScheduledExecutorService instead would wake its thread twice a read (schedule and cancel), the
 * very thread switches running the query on the calling thread saves.
 */
final class HedgeTimer implements AutoCloseable {

    static final long TICK_MILLIS = 2;

    /** A read whose first query runs on its caller's thread. */
    interface Watched {
        /** System.nanoTime() at which it is next due: its hedge, then its deadline. */
        long dueAt();

        /** @return true when the read needs no more ticks */
        boolean due(long now);
    }

    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "db-hedge-timer");
        thread.setDaemon(true);
        return thread;
    });

    HedgeTimer() {
        ticks.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void watch(Watched read) {
        watched.add(read);
    }

    void unwatch(Watched read) {
        watched.remove(read);
    }

    private void tick() {
        if (watched.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Watched read : watched) {
            try {
                if (now - read.dueAt() >= 0 && read.due(now)) {
                    watched.remove(read);
                }
            } catch (RuntimeException e) {
                watched.remove(read); // never let one read stop the ticks of the others
            }
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
