package com.salesrank.ranker.progress;

import com.salesrank.ranker.publish.PublishProgress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints a publish's phase and, while loading, its rows per second. The load is one blocking LOAD DATA
 * statement, so a daemon timer looks at it every {@link #TICK}, and the {@link ProgressPrinter} decides
 * whether that is worth a line.
 */
public final class PublishProgressReporter implements PublishProgress {

    static final Duration TICK = Duration.ofMillis(500);

    private final ProgressPrinter printer;
    private ScheduledExecutorService timer;
    private String phase;
    private LongSupplier rows;
    private long phaseStarted;

    public PublishProgressReporter(ProgressPrinter printer) {
        this.printer = printer;
    }

    @Override
    public synchronized void phase(String name, LongSupplier rowsSoFar) {
        phase = name;
        rows = rowsSoFar;
        phaseStarted = printer.now();
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "publish-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void end() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        phase = null;
        printer.clear();
    }

    synchronized void tick() {
        if (phase != null && printer.due()) {
            printer.show(line());
        }
    }

    /** e.g. {@code publish: load, 1,234,567 rows, 456,789 rows/s | 3 s}. */
    synchronized String line() {
        Duration elapsed = Duration.ofNanos(printer.now() - phaseStarted);
        StringBuilder s = new StringBuilder("publish: ").append(phase);
        if (rows != null) {
            long n = rows.getAsLong();
            s.append(String.format(Locale.ROOT, ", %,d rows", n));
            if (elapsed.toMillis() > 0) {
                s.append(String.format(Locale.ROOT, ", %,d rows/s", n * 1000 / elapsed.toMillis()));
            }
        }
        return s.append(" | ").append(StageLine.clock(elapsed)).toString();
    }
}
