package com.salesrank.api.cache;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The database-load bulkhead: at most {@code concurrency} loads read at once, up to {@code queue}
 * more wait for their turn, and past that a load is refused at once. No thread is held by either: a
 * running load is a database read answering a future, and a waiting one is started by the load that
 * ends before it (on that load's thread).
 *
 * <p>Why a bound at all when loads hold no thread: a load's read waits in its database's reader queue
 * once more reads are sent than the database has reader threads, and a read's hedge delay counts from
 * when it is sent. Loads beyond the reader threads would only queue there, be taken for a slow
 * database and hedged. Resilience4j's Bulkhead waits for a permit by blocking the caller's thread
 * (maxWaitDuration) and its ThreadPoolBulkhead holds a thread per running call, which is what this
 * class avoids, hence a queue of its own.
 */
final class DatabaseLoads {

    private final int concurrency;
    private final int queue;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int running;
    // loads that ended and whose turn has not been passed on yet; one thread at a time passes them on
    private final AtomicInteger ended = new AtomicInteger();

    DatabaseLoads(int concurrency, int queue) {
        this.concurrency = concurrency;
        this.queue = queue;
    }

    /**
     * Starts {@code load} now if fewer than {@code concurrency} loads run, else when its turn comes.
     *
     * @return the load's outcome (a load that throws fails it)
     * @throws DatabaseLoadsBusyException when {@code queue} loads already wait
     */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> load) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Runnable start = () -> start(load, outcome);
        synchronized (this) {
            if (running >= concurrency) {
                if (waiting.size() >= queue) {
                    throw new DatabaseLoadsBusyException(concurrency, queue);
                }
                waiting.add(start);
                return outcome;
            }
            running++;
        }
        start.run();
        return outcome;
    }

    /** Loads reading now, and waiting for their turn (for tests and metrics). */
    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private <T> void start(Supplier<CompletableFuture<T>> load, CompletableFuture<T> outcome) {
        CompletableFuture<T> loading;
        try {
            loading = load.get();
        } catch (RuntimeException failure) {
            loading = CompletableFuture.failedFuture(failure); // a failed load, as if its read had failed
        }
        // the load's turn ends once what waits on it (the page stored, the response written) has run on
        // this thread: a database's reader threads then never hold more turns than the bulkhead gives
        loading.whenComplete((value, failure) -> {
            try {
                if (failure != null) {
                    outcome.completeExceptionally(failure);
                } else {
                    outcome.complete(value);
                }
            } finally {
                ended();
            }
        });
    }

    /**
     * A load ended: its turn goes to the next waiting one, or is given up. A load that ends at once
     * (no database to read from) ends inside the start of the next: the count keeps that from
     * nesting one start inside another for every waiting load.
     */
    private void ended() {
        if (ended.getAndIncrement() != 0) {
            return;
        }
        int passing = 1;
        do {
            for (int i = 0; i < passing; i++) {
                Runnable next;
                synchronized (this) {
                    next = waiting.poll();
                    if (next == null) {
                        running--;
                    }
                }
                if (next != null) {
                    next.run();
                }
            }
            passing = ended.addAndGet(-passing);
        } while (passing != 0);
    }
}
